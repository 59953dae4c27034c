package dev.accel.jmh;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ModelRuntimes;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.store.local.MappedFile;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import dev.accel.tokenizers.BatchEncoding;
import dev.accel.tokenizers.Pooling;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * all-MiniLM-L6-v2 (f32) sentence embeddings, run through Accel ({@code using=accel}) and through ONNX
 * Runtime's Java API called directly ({@code using=ort}, the anchor), on the same pre-tokenized inputs.
 *
 * <h2>What one operation is</h2>
 * Both paths start from the same tokens, already in i64 {@code [batch, seq]} host tensors of a shared
 * {@link MemoryScope} (tokenized once in {@link #setUp}), and end with the same pooling code
 * ({@link Pooling#sentenceEmbeddings}: mean over the attention mask, L2 normalisation) into a scope made
 * per operation:
 * <ul>
 *   <li>{@code accel}: {@link ModelSession#run(Map, Map, MemoryScope)} on the session that
 *       {@code ModelRuntimes.forFormat("onnx").open(mapped file, options)} made, with the caller-allocated
 *       f32 {@code [batch, seq, 384]} output (as the CLI's embed pipeline does), then pooling;</li>
 *   <li>{@code ort}: {@code OnnxTensor.createTensor(env, directBuffer, shape, INT64)} over the <em>same</em>
 *       direct buffers, the output tensor pinned over the same output buffer,
 *       {@code OrtSession.run(feed, Set.of(), pinned)}, close the four {@code OnnxTensor}s, then the same
 *       pooling. The ORT session is created from the same mapped file (direct {@code ByteBuffer}) with the
 *       options Accel's runtime sets for the same {@link SessionOptions} (optimization ALL, {@code threads}
 *       intra-op threads, 1 inter-op thread, sequential execution, CPU provider with the arena allocator).</li>
 * </ul>
 * So the difference between the two is Accel's run path alone: argument checks, the signature check, its
 * maps, its temporaries scope, the read lock and the buffer views it makes per call, and one thing the direct
 * call does not do: {@code ModelSession.run} returns every output, so it also asks ONNX Runtime for MiniLM's
 * second output ({@code 882}, the pooler's f32 {@code [batch, 384]}), which it cannot pre-allocate (the model
 * names both input axes {@code batch}) and therefore copies out twice. {@link EmbeddingPathAblation} prices
 * each of these.
 *
 * <h2>Precision</h2>
 * JMH runs each variant in its own forks, hence on its own session instance, and on this 2-core machine two
 * instances of the same session differ by 3 to 5% at batch 1 (memory placement), more than the overhead being
 * measured. Use {@link EmbeddingPairedProbe} {@code same} (both paths on the one {@code OrtSession}, calls
 * interleaved) to decide a goal of a few percent; these JMH numbers give the absolute latency and throughput.
 *
 * <h2>Reading the numbers</h2>
 * {@code latencyBatch1} and {@code latencyBatch32} are {@link Mode#SampleTime} (JMH reports p50, p90, p99
 * per call, in microseconds; the primary score is the mean). {@code throughputBatch32} is in sentences per
 * second ({@link OperationsPerInvocation} 32). The ratio to compare is {@code accel / ort} per method,
 * from the same run.
 *
 * <h2>Honesty checks</h2>
 * Setup runs the pipeline once and fails unless every embedding is finite with unit norm; after the
 * trial, the last embedding of the batch is checked again and its first values printed, so the two
 * variants' outputs can be compared in the log.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms512m", "-Xmx512m"})
public class EmbeddingBenchmark {
    /** Intra-op threads of the session (both paths). */
    @Param({"1"})
    public int threads;

    /** Which path runs: {@code accel} (ModelSession.run) or {@code ort} (ONNX Runtime's Java API directly). */
    @Param({"accel", "ort"})
    public String using;

    private ModelFixture fixture;
    private MemoryScope scope;
    ModelSession accel;
    OrtEnvironment env;
    OrtSession ort;
    /** Whether {@link #ort} is the session inside {@link #accel} (see {@link #allowDirectCallsOnSameSession}). */
    private boolean ortShared;
    String outputName;
    Batch one;
    Batch many;

    /** Pre-tokenized inputs and the output buffer for one batch size, shared by both paths. */
    static final class Batch {
        final int size;
        final Map<String, Tensor> inputs = new LinkedHashMap<>();
        final Map<String, Tensor> outputs;
        final Tensor hidden;
        final Tensor mask;
        final long[] shape;
        final long[] hiddenShape;
        final Map<String, ByteBuffer> inputBuffers = new LinkedHashMap<>();
        final ByteBuffer hiddenBuffer;

        Batch(BatchEncoding enc, List<String> inputNames, String outputName, MemoryScope scope) {
            size = enc.batchSize();
            Map<String, Tensor> all = enc.copyToTensors(scope);
            for (String name : inputNames) {
                Tensor t = all.get(name);
                if (t == null) {
                    throw new IllegalStateException("the model wants input '" + name + "', which the tokenizer does not make");
                }
                inputs.put(name, t);
                inputBuffers.put(name, t.asByteBuffer());
            }
            mask = all.get(BatchEncoding.ATTENTION_MASK);
            shape = new long[] {enc.batchSize(), enc.sequenceLength()};
            hiddenShape = new long[] {enc.batchSize(), enc.sequenceLength(), 384};
            hidden = Tensor.zeros(scope, DType.F32, hiddenShape);
            hiddenBuffer = hidden.asByteBuffer();
            outputs = Map.of(outputName, hidden);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        fixture = ModelFixture.open();
        scope = MemoryScope.shared();
        SessionOptions options = SessionOptions.defaults().withIntraOpThreads(threads).withInterOpThreads(1);
        List<String> inputNames;
        try (MemoryScope modelScope = MemoryScope.confined()) {
            MappedFile model = fixture.mapModel(modelScope); // unmapped when the session exists: ORT copied what it needs
            switch (using) {
                case "accel" -> {
                    accel = ModelRuntimes.forFormat("onnx").open(model.memory(), options);
                    inputNames = accel.inputs().stream().map(i -> i.name()).toList();
                    outputName = accel.outputs().stream().filter(o -> o.rank() == 3).findFirst().orElseThrow().name();
                }
                case "ort" -> {
                    env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "accel");
                    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
                        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                        so.setIntraOpNumThreads(threads);
                        so.setInterOpNumThreads(1);
                        so.addCPU(true);
                        ort = env.createSession(model.segment().asByteBuffer(), so);
                    }
                    inputNames = List.copyOf(ort.getInputNames());
                    outputName = ort.getOutputInfo().entrySet().stream()
                            .filter(e -> ((ai.onnxruntime.TensorInfo) e.getValue().getInfo()).getShape().length == 3)
                            .findFirst().orElseThrow().getKey();
                }
                default -> throw new IllegalArgumentException("using must be accel or ort: " + using);
            }
        }
        var tokenizer = fixture.tokenizer();
        one = new Batch(tokenizer.encodeBatch(ModelFixture.SENTENCES.subList(0, 1)), inputNames, outputName, scope);
        many = new Batch(tokenizer.encodeBatch(ModelFixture.SENTENCES), inputNames, outputName, scope);
        System.out.println("# " + using + ": inputs " + inputNames + ", output " + outputName + ", batch 1 seq " + one.shape[1]
                + ", batch 32 seq " + many.shape[1] + ", threads " + threads);
        embed(one);
        embed(many);
        check(many);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        try {
            check(one);
            check(many);
        } finally {
            if (accel != null) {
                accel.close();
            }
            if (ort != null && !ortShared) {
                ort.close();
            }
            scope.close();
            fixture.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float latencyBatch1() throws OrtException {
        return embed(one);
    }

    /** About 180 ms a call: longer iterations, so that each fork has about 100 samples. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Measurement(iterations = 5, time = 4)
    public float latencyBatch32() throws OrtException {
        return embed(many);
    }

    /** Sentences per second at batch 32. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(32)
    public float throughputBatch32() throws OrtException {
        return embed(many);
    }

    /**
     * For {@link EmbeddingPairedProbe}, after {@link #setUp} with {@code using=accel}: lets {@link #directBatch1}
     * and {@link #directBatch32} call ONNX Runtime's API directly on the very {@code OrtSession} inside Accel's
     * session (read by reflection, which works on the class path only), so that the two paths can be compared
     * without the difference between two session instances.
     */
    void allowDirectCallsOnSameSession() throws ReflectiveOperationException {
        java.lang.reflect.Field f = accel.getClass().getDeclaredField("session");
        f.setAccessible(true);
        ort = (OrtSession) f.get(accel);
        env = OrtEnvironment.getEnvironment();
        ortShared = true;
    }

    float directBatch1() throws OrtException {
        return embed(one, true);
    }

    float directBatch32() throws OrtException {
        return embed(many, true);
    }

    private float embed(Batch b) throws OrtException {
        return embed(b, accel == null);
    }

    /** One model run and pooling; returns the first element of the first embedding (for the blackhole). */
    private float embed(Batch b, boolean direct) throws OrtException {
        try (MemoryScope call = MemoryScope.confined()) {
            if (!direct) {
                accel.run(b.inputs, b.outputs, call);
            } else {
                runOrt(b);
            }
            Tensor embeddings = Pooling.sentenceEmbeddings(b.hidden, b.mask, call);
            return embeddings.asSegment().get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    /** ONNX Runtime's Java API as a careful caller uses it: no copies in, output written in place. */
    private void runOrt(Batch b) throws OrtException {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        OnnxTensor out = null;
        try {
            for (var e : b.inputBuffers.entrySet()) {
                feed.put(e.getKey(), OnnxTensor.createTensor(env, e.getValue(), b.shape, OnnxJavaType.INT64));
            }
            out = OnnxTensor.createTensor(env, b.hiddenBuffer, b.hiddenShape, OnnxJavaType.FLOAT);
            try (OrtSession.Result ignored = ort.run(feed, Set.of(), Map.of(outputName, out))) {
                // the token states are in b.hidden
            }
        } finally {
            for (OnnxTensor t : feed.values()) {
                t.close();
            }
            if (out != null) {
                out.close();
            }
        }
    }

    private void check(Batch b) throws OrtException {
        try (MemoryScope call = MemoryScope.confined()) {
            Tensor e = Pooling.sentenceEmbeddings(b.hidden, b.mask, call);
            MemorySegment seg = e.asSegment();
            for (int row = 0; row < b.size; row++) {
                double sum = 0;
                for (int h = 0; h < 384; h++) {
                    float v = seg.getAtIndex(ValueLayout.JAVA_FLOAT, (long) row * 384 + h);
                    if (!Float.isFinite(v)) {
                        throw new IllegalStateException(using + ": embedding " + row + " has " + v);
                    }
                    sum += (double) v * v;
                }
                if (Math.abs(Math.sqrt(sum) - 1) > 1e-3) {
                    throw new IllegalStateException(using + ": embedding " + row + " has norm " + Math.sqrt(sum));
                }
            }
            long last = (long) (b.size - 1) * 384;
            System.out.printf("%n# %s batch %d: last embedding starts %.6f %.6f %.6f%n", using, b.size,
                    seg.getAtIndex(ValueLayout.JAVA_FLOAT, last), seg.getAtIndex(ValueLayout.JAVA_FLOAT, last + 1),
                    seg.getAtIndex(ValueLayout.JAVA_FLOAT, last + 2));
        }
    }
}
