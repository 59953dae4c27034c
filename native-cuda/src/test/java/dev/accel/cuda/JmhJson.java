package dev.accel.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Results of {@link CudaBenchmarks} in JMH's JSON result format, one entry per method with every sample kept,
 * so that the benchmark report reads them like any JMH run (and like {@code cuda_anchor.py}'s PyTorch results):
 * throughput entries in ops/s with a secondary metric ({@code bytes} or {@code flop} per second), and average
 * time entries in µs/op. The error is the half-width of the 99.9 % confidence interval, as JMH reports it.
 */
final class JmhJson {
    private final List<String> entries = new ArrayList<>();

    /** One throughput entry from the seconds each operation took; {@code amount} is what one operation moves or computes. */
    void rate(String method, List<Double> seconds, double amount, String amountName) {
        List<Double> perSecond = seconds.stream().map(s -> 1.0 / s).toList();
        List<Double> amounts = perSecond.stream().map(p -> p * amount).toList();
        entries.add(entry(method, "thrpt", metric(perSecond, "ops/s"), "{\"" + amountName + "\": " + metric(amounts, "ops/s") + "}"));
    }

    /** One average-time entry in µs per operation. */
    void time(String method, List<Double> microseconds) {
        entries.add(entry(method, "avgt", metric(microseconds, "us/op"), "{}"));
    }

    String render(String device) {
        return "[\n" + String.join(",\n", entries.stream().map(e -> e.replace("@DEVICE@", escape(device))).toList()) + "\n]\n";
    }

    private static String entry(String method, String mode, String primary, String secondary) {
        return "  {\"jmhVersion\": \"CudaBenchmarks (JMH format)\", \"benchmark\": \"dev.accel.jmh.CudaBenchmark." + method + "\", "
                + "\"mode\": \"" + mode + "\", \"threads\": 1, \"forks\": 1, \"jvm\": \"java\", \"jvmArgs\": [], "
                + "\"jdkVersion\": \"" + Runtime.version() + "\", \"vmName\": \"Accel CUDA backend\", \"vmVersion\": \"@DEVICE@\", "
                + "\"params\": {}, \"primaryMetric\": " + primary + ", \"secondaryMetrics\": " + secondary + "}";
    }

    static String metric(List<Double> samples, String unit) {
        int n = samples.size();
        double mean = samples.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        String error = "\"NaN\"";
        double half = 0;
        if (n > 1) {
            double var = samples.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (n - 1);
            half = studentT9995(n - 1) * Math.sqrt(var / n);
            error = num(half);
        }
        StringBuilder raw = new StringBuilder("[[");
        for (int i = 0; i < n; i++) {
            raw.append(i == 0 ? "" : ", ").append(num(samples.get(i)));
        }
        raw.append("]]");
        return "{\"score\": " + num(mean) + ", \"scoreError\": " + error + ", \"scoreUnit\": \"" + unit + "\", "
                + "\"scoreConfidence\": [" + num(mean - half) + ", " + num(mean + half) + "], \"rawData\": " + raw + "}";
    }

    /** Two-sided Student t quantile for 99.9 % confidence ({@code df} degrees of freedom), as JMH uses. */
    static double studentT9995(int df) {
        double[] t = {636.619, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587, 4.437, 4.318, 4.221,
                4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850, 3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690,
                3.674, 3.659, 3.646};
        return df >= 1 && df <= t.length ? t[df - 1] : 3.291;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "\"NaN\"";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
