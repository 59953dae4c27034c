package dev.accel.jmh.report;

import dev.accel.AccelException;
import dev.accel.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of a JMH JSON result file ({@code -rf json}): a benchmark method with one set of parameters.
 *
 * @param benchmark the full name, {@code package.Class.method}
 * @param mode JMH's mode: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
 * @param params the {@code @Param} values of this entry (empty when the class has none)
 * @param forks how many forked JVMs measured it
 * @param warmupIterations warm-up iterations per fork
 * @param warmupTime warm-up iteration time, as JMH writes it ({@code "2 s"}); empty for single-shot runs
 * @param measurementIterations measured iterations per fork
 * @param measurementTime measured iteration time ({@code "2 s"}); empty for single-shot runs
 * @param primary the primary score
 * @param secondary the secondary metrics by name ({@code @AuxCounters}, profilers, percentiles)
 */
record JmhResult(String benchmark, String mode, Map<String, String> params, int forks, int warmupIterations,
                 String warmupTime, int measurementIterations, String measurementTime, Metric primary,
                 Map<String, Metric> secondary) {

    JmhResult {
        params = Map.copyOf(params);
        secondary = Map.copyOf(secondary);
    }

    /**
     * A score with its error.
     *
     * @param score JMH's score
     * @param error JMH's error: the half-width of the 99.9 % confidence interval; {@code NaN} where JMH gives
     *              none (percentiles, a single measurement)
     * @param unit JMH's unit, e.g. {@code ops/s}, {@code us/op}
     */
    record Metric(double score, double error, String unit) {
    }

    /** The class's simple name and the method, e.g. {@code MatmulBenchmark.sgemm}. */
    String shortName() {
        int method = benchmark.lastIndexOf('.');
        int cls = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    /** The method name alone. */
    String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** A parameter's value; fails naming the benchmark when it has no such parameter. */
    String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException(benchmark + " has no parameter '" + name + "' (it has "
                    + params.keySet() + ")");
        }
        return value;
    }

    /** Reads every entry of a JMH JSON file's text (a top-level array of objects). */
    static List<JmhResult> parseAll(String json) {
        Object parsed;
        try {
            parsed = Json.parse(json, "the JMH result file");
        } catch (AccelException malformed) {
            throw new IllegalArgumentException(malformed.getMessage(), malformed);
        }
        if (!(parsed instanceof List<?> list)) {
            throw new IllegalArgumentException("a JMH result file is a JSON array of results; this one is not");
        }
        List<JmhResult> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException("result " + i + " is not a JSON object");
            }
            try {
                out.add(of(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("result " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static JmhResult of(Map<?, ?> entry) {
        String benchmark = string(entry, "benchmark");
        if (benchmark.lastIndexOf('.') <= 0) {
            throw new IllegalArgumentException("benchmark '" + benchmark + "' is not of the form Class.method");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (entry.get("params") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
        }
        Map<String, Metric> secondary = new LinkedHashMap<>();
        if (entry.get("secondaryMetrics") instanceof Map<?, ?> s) {
            s.forEach((k, v) -> {
                if (!(v instanceof Map<?, ?> m)) {
                    throw new IllegalArgumentException("secondary metric '" + k + "' is not an object");
                }
                secondary.put(String.valueOf(k), metric(m, "secondary metric '" + k + "'"));
            });
        }
        if (!(entry.get("primaryMetric") instanceof Map<?, ?> primary)) {
            throw new IllegalArgumentException(benchmark + ": no primaryMetric object");
        }
        return new JmhResult(benchmark, string(entry, "mode"), params, integer(entry, "forks"),
                integer(entry, "warmupIterations"), optionalString(entry, "warmupTime"),
                integer(entry, "measurementIterations"), optionalString(entry, "measurementTime"),
                metric(primary, benchmark + " primaryMetric"), secondary);
    }

    private static Metric metric(Map<?, ?> m, String what) {
        return new Metric(number(m.get("score"), what + ".score"), number(m.get("scoreError"), what + ".scoreError"),
                string(m, "scoreUnit"));
    }

    /** JMH writes a missing error as the string "NaN" (and infinities as strings too). */
    private static double number(Object value, String what) {
        return switch (value) {
            case Double d -> d;
            case Long l -> l.doubleValue();
            case String s when s.equals("NaN") -> Double.NaN;
            case String s when s.equals("Infinity") -> Double.POSITIVE_INFINITY;
            case String s when s.equals("-Infinity") -> Double.NEGATIVE_INFINITY;
            case null -> throw new IllegalArgumentException(what + " is missing");
            default -> throw new IllegalArgumentException(what + " is not a number: " + value);
        };
    }

    private static String string(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof String s)) {
            throw new IllegalArgumentException("field '" + key + "' is missing or not a string");
        }
        return s;
    }

    private static String optionalString(Map<?, ?> m, String key) {
        return m.get(key) instanceof String s ? s : "";
    }

    private static int integer(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Long l) || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + key + "' is missing or not an integer");
        }
        return l.intValue();
    }
}
