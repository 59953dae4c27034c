package dev.accel.jmh;

import java.util.Arrays;
import java.util.Locale;

/**
 * A paired check of {@link BertEngineBenchmark}'s engine against ONNX Runtime in one JVM: both set up side by side,
 * calls alternating {@code engine, ort, ort, engine, ...} on the same tokens, each call timed on its own. A JMH run
 * measures all of the engine's forks and then all of ORT's, so a drift of the machine's speed between the two (on
 * the 2-core VM of the stored runs ORT's batch-1 latency ranged from 4.3 to 6.6 ms between runs) moves the ratio; a
 * ratio taken pair by pair does not drift.
 *
 * <p>Neither side may spin into the other's call. ONNX Runtime's intra-op threads spin while they wait for work
 * (its default) and keep a core busy long after a call returns: next to a spinning ORT the engine's batch-1 call took
 * 15.8 ms with no gap between calls and 21.9 ms with 5 ms gaps, against 12.1 and 12.5 ms with ORT's spinning off (one
 * run each on the 2-core VM). So ORT runs here with {@code session.intra_op.allow_spinning = 0}, which costs it
 * about a millisecond at batch 1, and the probe sleeps {@code gapMillis} (default 5) before every call, longer than
 * the CPU backend's own 200 us of spinning. Both sides therefore start every call from idle pools and, at batch 1,
 * with little of their weights left in the last-level cache (the other's call went through its own 87 MB in
 * between): closer to an inference server between requests than JMH's back-to-back calls are.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g -cp
 * jmh/target/benchmarks.jar dev.accel.jmh.EnginePairedProbe [pairsBatch1 [pairsBatch32 [gapMillis]]]} (defaults 600,
 * 40, 5). Prints, per batch size, the median and mean of each side and the speed ratio {@code ort time / engine time}
 * (the benchmark's "engine / ORT", goal at least 0.5): of the medians, and the median of the per-pair ratios with
 * their interquartile range. The first tenth of the pairs is warm-up and discarded.
 */
public final class EnginePairedProbe {
    private EnginePairedProbe() {
    }

    public static void main(String[] args) throws Exception {
        int pairs1 = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int pairs32 = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        long gapMillis = args.length > 2 ? Long.parseLong(args[2]) : 5;
        if (pairs1 < 10 || pairs32 < 0 || gapMillis < 0) {
            throw new IllegalArgumentException("usage: EnginePairedProbe [pairsBatch1 >= 10 [pairsBatch32 >= 0 [gapMillis >= 0]]]");
        }
        BertEngineBenchmark engine = variant("engine");
        BertEngineBenchmark ort = variant("ort");
        ort.ortSpinning = false;
        engine.setUp();
        try {
            ort.setUp();
            try {
                System.out.println("# engine (prepared weights, cpu) vs ONNX Runtime (" + ort.ortThreads + " intra-op threads, not"
                        + " spinning), " + gapMillis + " ms before every call");
                measure("batch 1 ", pairs1, gapMillis, engine::latencyBatch1, ort::latencyBatch1);
                if (pairs32 >= 10) {
                    measure("batch 32", pairs32, gapMillis, engine::throughputBatch32, ort::throughputBatch32);
                }
            } finally {
                ort.tearDown();
            }
        } finally {
            engine.tearDown();
        }
    }

    private static BertEngineBenchmark variant(String using) {
        BertEngineBenchmark b = new BertEngineBenchmark();
        b.using = using;
        b.device = "cpu";
        b.weights = "prepared";
        b.ortThreads = 2;
        return b;
    }

    interface Call {
        float run() throws Exception;
    }

    private static void measure(String label, int pairs, long gapMillis, Call engine, Call ort) throws Exception {
        long[] te = new long[pairs];
        long[] to = new long[pairs];
        float sink = 0;
        for (int i = 0; i < pairs; i++) {
            boolean engineFirst = (i & 1) == 0;
            for (int side = 0; side < 2; side++) {
                boolean runEngine = engineFirst == (side == 0);
                Thread.sleep(gapMillis);
                long t0 = System.nanoTime();
                sink += runEngine ? engine.run() : ort.run();
                long dt = System.nanoTime() - t0;
                if (runEngine) {
                    te[i] = dt;
                } else {
                    to[i] = dt;
                }
            }
        }
        int warm = pairs / 10;
        int n = pairs - warm;
        long[] e = Arrays.copyOfRange(te, warm, pairs);
        long[] o = Arrays.copyOfRange(to, warm, pairs);
        double[] ratio = new double[n];
        for (int i = 0; i < n; i++) {
            ratio[i] = (double) o[i] / e[i];
        }
        double meanE = Arrays.stream(e).average().orElseThrow() / 1e3;
        double meanO = Arrays.stream(o).average().orElseThrow() / 1e3;
        Arrays.sort(e);
        Arrays.sort(o);
        Arrays.sort(ratio);
        double p50e = e[n / 2] / 1e3;
        double p50o = o[n / 2] / 1e3;
        System.out.printf(Locale.ROOT, "%s pairs %d: engine p50 %.0f us (mean %.0f), ort p50 %.0f us (mean %.0f); engine / ORT speed:"
                        + " of the medians %.3f, of the means %.3f, per pair median %.3f (IQR %.3f .. %.3f) (sink %s)%n",
                label, n, p50e, meanE, p50o, meanO, p50o / p50e, meanO / meanE, ratio[n / 2], ratio[n / 4], ratio[3 * n / 4],
                Float.isFinite(sink) ? "ok" : sink);
    }
}
