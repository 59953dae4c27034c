package dev.accel.jmh;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ModelSignature;
import dev.accel.tensor.Tensor;
import dev.accel.tokenizers.Pooling;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Where Accel's run path spends its time over ONNX Runtime's API called directly: one session (the
 * {@code OrtSession} inside Accel's), batch 1, and variants that add Accel's steps one at a time to the
 * direct call, run round-robin so that load drift hits all alike. Each line reports the median of the
 * per-round difference to the plain direct call ({@code D0}).
 * <ul>
 *   <li>{@code D0} direct: {@code OnnxTensor}s over buffers made once, {@code run(feed, Set.of(), pinned)};</li>
 *   <li>{@code D1} = D0 with the buffer views made per call ({@code Tensor.asByteBuffer()}, as Accel's wrap does);</li>
 *   <li>{@code D2} = D1 plus {@code ModelSignature.checkInputs} and {@code checkOutputs};</li>
 *   <li>{@code D3} = D2 plus the read lock, a confined temporaries scope and Accel's maps (LinkedHashMap feed,
 *       LinkedHashSet requested, LinkedHashMap pinned, result map): everything {@code OnnxSession.run} does for
 *       this model except the call itself;</li>
 *   <li>{@code D4} = D0 also asking ONNX Runtime for the outputs the caller gave no buffer for (for MiniLM the
 *       pooler output {@code 882}), which {@code ModelSession.run} always returns;</li>
 *   <li>{@code D5} = D3 plus those outputs, copied out as {@code OnnxSession} does (heap, then the scope);</li>
 *   <li>{@code A} = {@code ModelSession.run} itself.</li>
 * </ul>
 * Run: {@code java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar
 * dev.accel.jmh.EmbeddingPathAblation [rounds] [batch]}.
 */
public final class EmbeddingPathAblation {
    private EmbeddingPathAblation() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        boolean big = args.length > 1 && args[1].equals("32");
        EmbeddingBenchmark b = new EmbeddingBenchmark();
        b.threads = 1;
        b.using = "accel";
        b.setUp();
        b.allowDirectCallsOnSameSession();
        EmbeddingBenchmark.Batch batch = big ? b.many : b.one;
        ModelSignature signature = b.accel.signature();
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        // The outputs nobody gave a buffer for (MiniLM: "882", the pooler output f32[batch, 384], whose shape Accel
        // cannot infer because the model names both input axes "batch"): ModelSession.run returns every output.
        java.util.Set<String> others = new LinkedHashSet<>();
        for (var o : signature.outputs()) {
            if (!batch.outputs.containsKey(o.name())) {
                others.add(o.name());
            }
        }
        System.out.println("# outputs the caller did not give: " + others);
        String[] names = {"D0 direct", "D1 +views per call", "D2 +signature checks", "D3 +lock, scope, maps",
                "D4 D0 +other outputs", "D5 D3 +other outputs, copied", "A  ModelSession.run"};
        List<Step> steps = List.of(
                () -> direct(b, batch, false),
                () -> direct(b, batch, true),
                () -> {
                    signature.checkInputs(batch.inputs);
                    signature.checkOutputs(batch.outputs);
                    direct(b, batch, true);
                },
                () -> {
                    lock.readLock().lock();
                    try {
                        signature.checkInputs(batch.inputs);
                        signature.checkOutputs(batch.outputs);
                        try (MemoryScope temporaries = MemoryScope.confined()) {
                            accelLike(b, batch, java.util.Set.of(), temporaries);
                        }
                    } finally {
                        lock.readLock().unlock();
                    }
                },
                () -> direct(b, batch, false, others),
                () -> {
                    lock.readLock().lock();
                    try {
                        signature.checkInputs(batch.inputs);
                        signature.checkOutputs(batch.outputs);
                        try (MemoryScope temporaries = MemoryScope.confined()) {
                            accelLike(b, batch, others, temporaries);
                        }
                    } finally {
                        lock.readLock().unlock();
                    }
                },
                () -> {
                    try (MemoryScope call = MemoryScope.confined()) {
                        b.accel.run(batch.inputs, batch.outputs, call);
                    }
                });
        int k = steps.size();
        long[][] t = new long[k][rounds];
        float sink = 0;
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < k; j++) {
                int v = (j + r) % k; // rotate the order every round
                long t0 = System.nanoTime();
                steps.get(v).run();
                t[v][r] = System.nanoTime() - t0;
            }
            sink += pool(batch);
        }
        int warm = rounds / 10;
        int n = rounds - warm;
        long[] base = Arrays.copyOfRange(t[0], warm, rounds);
        long[] sortedBase = base.clone();
        Arrays.sort(sortedBase);
        double p50base = sortedBase[n / 2] / 1e3;
        System.out.printf(Locale.ROOT, "# batch %d, %d rounds (first %d discarded), model call only (pooling outside the timed part)%n",
                batch.size, rounds, warm);
        for (int v = 0; v < k; v++) {
            long[] mine = Arrays.copyOfRange(t[v], warm, rounds);
            long[] d = new long[n];
            for (int i = 0; i < n; i++) {
                d[i] = mine[i] - base[i];
            }
            long[] sorted = mine.clone();
            Arrays.sort(sorted);
            Arrays.sort(d);
            System.out.printf(Locale.ROOT, "%-24s p50 %9.1f us   diff to D0: median %+7.1f us (IQR %+7.1f .. %+7.1f) = %+.2f%%%n",
                    names[v], sorted[n / 2] / 1e3, d[n / 2] / 1e3, d[n / 4] / 1e3, d[3 * n / 4] / 1e3, 100 * d[n / 2] / 1e3 / p50base);
        }
        System.out.println("# sink " + (sink != 0));
        b.tearDown();
    }

    interface Step {
        void run() throws Exception;
    }

    private static float pool(EmbeddingBenchmark.Batch batch) {
        try (MemoryScope call = MemoryScope.confined()) {
            return Pooling.sentenceEmbeddings(batch.hidden, batch.mask, call).asSegment().get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    /** The direct call; with {@code viewsPerCall}, buffer views made from the tensors on each call. */
    private static void direct(EmbeddingBenchmark b, EmbeddingBenchmark.Batch batch, boolean viewsPerCall) throws OrtException {
        direct(b, batch, viewsPerCall, java.util.Set.of());
    }

    private static void direct(EmbeddingBenchmark b, EmbeddingBenchmark.Batch batch, boolean viewsPerCall, java.util.Set<String> requested)
            throws OrtException {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        OnnxTensor out = null;
        try {
            for (var e : batch.inputs.entrySet()) {
                var buf = viewsPerCall ? e.getValue().asByteBuffer() : batch.inputBuffers.get(e.getKey());
                feed.put(e.getKey(), OnnxTensor.createTensor(b.env, buf, batch.shape, OnnxJavaType.INT64));
            }
            out = OnnxTensor.createTensor(b.env, viewsPerCall ? batch.hidden.asByteBuffer() : batch.hiddenBuffer, batch.hiddenShape,
                    OnnxJavaType.FLOAT);
            try (OrtSession.Result ignored = b.ort.run(feed, requested, Map.of(b.outputName, out))) {
                // written into batch.hidden
            }
        } finally {
            for (OnnxTensor x : feed.values()) {
                x.close();
            }
            if (out != null) {
                out.close();
            }
        }
    }

    /** What OnnxSession.run does around the native call for a model whose one output is given. */
    private static void accelLike(EmbeddingBenchmark b, EmbeddingBenchmark.Batch batch, java.util.Set<String> requested, MemoryScope scope)
            throws OrtException {
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            Map<String, OnnxTensor> feed = new LinkedHashMap<>();
            for (var e : batch.inputs.entrySet()) {
                Tensor x = e.getValue();
                if (!x.memoryKind().isHostAccessible() || !x.isContiguous()) {
                    throw new IllegalStateException();
                }
                OnnxTensor ort = OnnxTensor.createTensor(b.env, x.asByteBuffer(), x.shape(), OnnxJavaType.INT64);
                owned.add(ort);
                feed.put(e.getKey(), ort);
            }
            Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
            OnnxTensor out = OnnxTensor.createTensor(b.env, batch.hidden.asByteBuffer(), batch.hidden.shape(), OnnxJavaType.FLOAT);
            owned.add(out);
            pinned.put(b.outputName, out);
            try (OrtSession.Result result = b.ort.run(feed, new LinkedHashSet<>(requested), pinned)) {
                Map<String, Tensor> outputs = new LinkedHashMap<>();
                outputs.put(b.outputName, batch.hidden);
                for (String name : requested) { // as OnnxSession.copyOut: into the Java heap, then into the scope
                    OnnxTensor o = (OnnxTensor) result.get(name).orElseThrow();
                    Tensor t = Tensor.zeros(scope, dev.accel.tensor.DType.F32, o.getInfo().getShape());
                    java.lang.foreign.MemorySegment.copy(java.lang.foreign.MemorySegment.ofBuffer(o.getByteBuffer()), 0, t.asSegment(), 0, t.byteSize());
                    outputs.put(name, t);
                }
                java.util.Collections.unmodifiableMap(outputs);
            }
        } finally {
            for (OnnxTensor x : owned) {
                x.close();
            }
        }
    }
}
