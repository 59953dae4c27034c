package dev.accel.jmh;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.accel.backend.Backends;
import dev.accel.backend.Device;
import dev.accel.examples.bert.BertEncoder;
import dev.accel.examples.bert.onnx.OnnxModel;
import dev.accel.memory.MemoryScope;
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

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * all-MiniLM-L6-v2 sentence embeddings from the example engine built only from Accel's ops
 * ({@code using=engine}, {@link BertEncoder} on {@code device}) next to ONNX Runtime's Java API called directly
 * ({@code using=ort}, the anchor), on the same pre-tokenized inputs ({@link ModelFixture#SENTENCES}: the first
 * for batch 1, all 32 for batch 32, padded to the longest).
 *
 * <h2>What one operation is</h2>
 * <ul>
 *   <li>{@code engine}: {@link BertEncoder#sentenceEmbeddings} (inputs copied to the device when it is not the
 *       CPU, the six layers, mean pooling and L2 normalisation, all as ops), its result read back to the host when
 *       the device is not the CPU. The weights come from the store's mapping of {@code model.onnx} (shared
 *       scope, so the CPU ops use every core); with {@code weights=prepared} (the default) the six product weights
 *       of each layer are given to {@code Ops.prepare} at load (on the CPU: packed once into the GEMM's panels), with
 *       {@code weights=in-place} the products read the mapping itself (no copy at all).</li>
 *   <li>{@code ort}: {@code OrtSession.run} with {@code OnnxTensor}s over the same direct input buffers and the
 *       output pinned over a caller buffer (as {@link EmbeddingBenchmark} does), then {@link Pooling#sentenceEmbeddings}.
 *       The session has {@code ortThreads} intra-op threads (default 2: both cores, like the engine), optimization ALL.</li>
 * </ul>
 * Goal: on CPU the engine within 2x of ONNX Runtime; on CUDA ({@code -p device=cuda -p using=engine}) at least
 * 10x ONNX Runtime CPU's throughput at batch 32. Setup checks that every embedding is finite with unit norm.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class BertEngineBenchmark {
    /** {@code engine} (the ops-built encoder) or {@code ort} (ONNX Runtime directly). */
    @Param({"engine", "ort"})
    public String using;

    /** The engine's device ({@code cpu}, {@code cuda}); ignored for {@code ort}, which runs on the CPU. */
    @Param({"cpu"})
    public String device;

    /** {@code prepared} or {@code in-place}: see the class comment; ignored for {@code ort}. */
    @Param({"prepared"})
    public String weights;

    /** Intra-op threads of the ONNX Runtime session. */
    @Param({"2"})
    public int ortThreads;

    /**
     * Whether ONNX Runtime's intra-op threads may spin while waiting for work (its default, kept by the benchmark).
     * {@link EnginePairedProbe} turns it off: a spinning ORT thread keeps a core busy well after its call returns.
     */
    boolean ortSpinning = true;

    private ModelFixture fixture;
    private MemoryScope scope;
    private BertEncoder engine;
    private OrtEnvironment env;
    private OrtSession ort;
    private Batch one;
    private Batch many;

    /** Pre-tokenized inputs, their direct buffers, and ORT's output buffer. */
    static final class Batch {
        final int size;
        final Tensor ids;
        final Tensor mask;
        final Tensor types;
        final Map<String, ByteBuffer> buffers = new LinkedHashMap<>();
        final long[] shape;
        final long[] hiddenShape;
        final Tensor hidden;
        final ByteBuffer hiddenBuffer;

        Batch(BatchEncoding enc, MemoryScope scope) {
            size = enc.batchSize();
            Map<String, Tensor> all = enc.copyToTensors(scope);
            ids = all.get(BatchEncoding.INPUT_IDS);
            mask = all.get(BatchEncoding.ATTENTION_MASK);
            types = all.get(BatchEncoding.TOKEN_TYPE_IDS);
            all.forEach((name, t) -> buffers.put(name, t.asByteBuffer()));
            shape = new long[] {enc.batchSize(), enc.sequenceLength()};
            hiddenShape = new long[] {enc.batchSize(), enc.sequenceLength(), 384};
            hidden = Tensor.zeros(scope, DType.F32, hiddenShape);
            hiddenBuffer = hidden.asByteBuffer();
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        fixture = ModelFixture.open();
        scope = MemoryScope.shared();
        MappedFile model = fixture.mapModel(scope); // stays mapped for the trial: the engine's CPU weights are views into it
        switch (using) {
            case "engine" -> {
                Device d = Backends.device(device);
                boolean prepare = switch (weights) {
                    case "prepared" -> true;
                    case "in-place" -> false;
                    default -> throw new IllegalArgumentException("weights must be prepared or in-place: " + weights);
                };
                engine = BertEncoder.load(OnnxModel.parse(model.segment(), ModelFixture.NAME), ModelFixture.NAME, d, prepare);
            }
            case "ort" -> {
                env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "accel");
                try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
                    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    so.setIntraOpNumThreads(ortThreads);
                    so.setInterOpNumThreads(1);
                    so.addCPU(true);
                    if (!ortSpinning) {
                        so.addConfigEntry("session.intra_op.allow_spinning", "0");
                    }
                    ort = env.createSession(model.segment().asByteBuffer(), so);
                }
            }
            default -> throw new IllegalArgumentException("using must be engine or ort: " + using);
        }
        var tokenizer = fixture.tokenizer();
        one = new Batch(tokenizer.encodeBatch(ModelFixture.SENTENCES.subList(0, 1)), scope);
        many = new Batch(tokenizer.encodeBatch(ModelFixture.SENTENCES), scope);
        System.out.println("# " + using + (engine != null ? " on " + engine.device().name() : " (" + ortThreads + " threads)")
                + ": batch 1 seq " + one.shape[1] + ", batch 32 seq " + many.shape[1]);
        check(one);
        check(many);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        try {
            check(many);
        } finally {
            if (engine != null) {
                engine.close();
            }
            if (ort != null) {
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
        return first(one);
    }

    /** Sentences per second at batch 32. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(32)
    public float throughputBatch32() throws OrtException {
        return first(many);
    }

    private float first(Batch b) throws OrtException {
        try (MemoryScope call = MemoryScope.shared()) {
            return embed(b, call).asSegment().get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    /** The batch's embeddings, f32 [batch, 384] in host memory owned by {@code call}. */
    private Tensor embed(Batch b, MemoryScope call) throws OrtException {
        if (engine != null) {
            Tensor e = engine.sentenceEmbeddings(b.ids, b.mask, b.types, call);
            return e.memoryKind().isHostAccessible() ? e : e.to(Backends.device("cpu"), call);
        }
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        OnnxTensor out = null;
        try {
            for (var e : b.buffers.entrySet()) {
                feed.put(e.getKey(), OnnxTensor.createTensor(env, e.getValue(), b.shape, OnnxJavaType.INT64));
            }
            out = OnnxTensor.createTensor(env, b.hiddenBuffer, b.hiddenShape, OnnxJavaType.FLOAT);
            try (OrtSession.Result ignored = ort.run(feed, Set.of(), Map.of("output_0", out))) {
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
        return Pooling.sentenceEmbeddings(b.hidden, b.mask, call);
    }

    private void check(Batch b) throws OrtException {
        try (MemoryScope call = MemoryScope.shared()) {
            float[] e = embed(b, call).toFloatArray();
            for (int row = 0; row < b.size; row++) {
                double sum = 0;
                for (int h = 0; h < 384; h++) {
                    float v = e[row * 384 + h];
                    if (!Float.isFinite(v)) {
                        throw new IllegalStateException(using + ": embedding " + row + " has " + v);
                    }
                    sum += (double) v * v;
                }
                if (Math.abs(Math.sqrt(sum) - 1) > 1e-3) {
                    throw new IllegalStateException(using + ": embedding " + row + " has norm " + Math.sqrt(sum));
                }
            }
            int last = (b.size - 1) * 384;
            System.out.printf("%n# %s batch %d: last embedding starts %.6f %.6f %.6f%n", using, b.size, e[last], e[last + 1], e[last + 2]);
        }
    }
}
