package dev.accel.jmh;

import java.util.Arrays;
import java.util.Locale;

/**
 * A paired check of {@link EmbeddingBenchmark}'s two paths in one JVM: both sessions open side by side, calls
 * alternate {@code accel, ort, accel, ort, ...} on the same inputs, and the per-pair difference is reported.
 * On a shared machine whose load drifts, a difference taken pair by pair is far steadier than two JMH runs
 * taken a minute apart, so it resolves overheads of a few microseconds that JMH's error bars hide.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar
 * dev.accel.jmh.EmbeddingPairedProbe [pairsBatch1 [pairsBatch32 [FIRST SECOND]]]}, where FIRST and SECOND
 * ({@code accel} and {@code ort} by default; "accel" and "ort" in the output) are the two variants compared;
 * {@code ort ort} or {@code accel accel} measures how much two sessions of the same path differ, and
 * {@code same} compares Accel's path with direct calls on the one {@code OrtSession} inside Accel's session
 * (the comparison that isolates the path: two session instances differ by several percent at batch 1). Prints, per batch size, the median of
 * each path, the median of the paired differences {@code accel - ort} with the interquartile range of the
 * differences, and that median as a share of the direct path's median. The first tenth of the pairs is
 * warm-up and discarded; the order within a pair alternates so neither path always runs first.
 */
public final class EmbeddingPairedProbe {
    private EmbeddingPairedProbe() {
    }

    public static void main(String[] args) throws Exception {
        int pairs1 = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int pairs32 = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        if (args.length > 2 && args[2].equals("same")) {
            sameSession(pairs1, pairs32);
            return;
        }
        EmbeddingBenchmark accel = new EmbeddingBenchmark();
        accel.threads = 1;
        accel.using = args.length > 2 ? args[2] : "accel";
        EmbeddingBenchmark ort = new EmbeddingBenchmark();
        ort.threads = 1;
        ort.using = args.length > 3 ? args[3] : "ort";
        System.out.println("# first = " + accel.using + " (created first), second = " + ort.using);
        accel.setUp();
        ort.setUp();
        try {
            measure("batch 1 ", pairs1, accel::latencyBatch1, ort::latencyBatch1);
            if (pairs32 > 0) {
                measure("batch 32", pairs32, accel::latencyBatch32, ort::latencyBatch32);
            }
        } finally {
            accel.tearDown();
            ort.tearDown();
        }
    }

    /** Accel's path and ONNX Runtime's API on one and the same OrtSession: the path's cost alone. */
    private static void sameSession(int pairs1, int pairs32) throws Exception {
        EmbeddingBenchmark b = new EmbeddingBenchmark();
        b.threads = 1;
        b.using = "accel";
        b.setUp();
        b.allowDirectCallsOnSameSession();
        System.out.println("# one session: accel = ModelSession.run, ort = OrtSession.run on the OrtSession inside it");
        try {
            measure("batch 1 ", pairs1, b::latencyBatch1, b::directBatch1);
            if (pairs32 > 0) {
                measure("batch 32", pairs32, b::latencyBatch32, b::directBatch32);
            }
        } finally {
            b.tearDown();
        }
    }

    interface Call {
        float run() throws Exception;
    }

    private static void measure(String label, int pairs, Call a, Call o) throws Exception {
        int warm = pairs / 10;
        long[] ta = new long[pairs];
        long[] to = new long[pairs];
        float sink = 0;
        for (int i = 0; i < pairs; i++) {
            if ((i & 1) == 0) {
                long t0 = System.nanoTime();
                sink += a.run();
                long t1 = System.nanoTime();
                sink += o.run();
                long t2 = System.nanoTime();
                ta[i] = t1 - t0;
                to[i] = t2 - t1;
            } else {
                long t0 = System.nanoTime();
                sink += o.run();
                long t1 = System.nanoTime();
                sink += a.run();
                long t2 = System.nanoTime();
                to[i] = t1 - t0;
                ta[i] = t2 - t1;
            }
        }
        int n = pairs - warm;
        long[] a2 = Arrays.copyOfRange(ta, warm, pairs);
        long[] o2 = Arrays.copyOfRange(to, warm, pairs);
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
            d[i] = a2[i] - o2[i];
        }
        Arrays.sort(a2);
        Arrays.sort(o2);
        Arrays.sort(d);
        double ma = a2[n / 2] / 1e3;
        double mo = o2[n / 2] / 1e3;
        double md = d[n / 2] / 1e3;
        System.out.printf(Locale.ROOT, "%s pairs %d: p50 accel %.1f us, p50 ort %.1f us, ratio %.4f; paired diff accel-ort median %+.1f us"
                        + " (IQR %+.1f .. %+.1f us) = %+.2f%% of ort p50 (sink %s)%n",
                label, n, ma, mo, ma / mo, md, d[n / 4] / 1e3, d[3 * n / 4] / 1e3, 100 * md / mo, sink != 0 ? "ok" : "0");
    }
}
