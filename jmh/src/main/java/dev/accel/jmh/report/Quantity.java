package dev.accel.jmh.report;

import java.util.Optional;

/**
 * How one number is read from a JMH result and shown: which metric (the primary score, or a secondary metric
 * by name), the JMH unit it must have, and the factor to the unit shown. A result whose metric is missing or
 * has another unit does not have this quantity (the table shows "—" rather than mixing units).
 *
 * @param label what the number is, e.g. {@code "throughput"}, {@code "p99 latency"}; shown when a group has
 *              more than one quantity
 * @param metric the secondary metric's name, or {@link #PRIMARY}
 * @param jmhUnit the unit JMH must report, e.g. {@code ops/s}, {@code us/op}
 * @param scale factor from the JMH unit to the shown unit
 * @param unit the shown unit, e.g. {@code GFLOP/s}
 */
record Quantity(String label, String metric, String jmhUnit, double scale, String unit) {
    /** The metric name meaning JMH's primary score. */
    static final String PRIMARY = "";

    Quantity {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive finite number, got " + scale);
        }
    }

    static Quantity primary(String label, String jmhUnit, double scale, String unit) {
        return new Quantity(label, PRIMARY, jmhUnit, scale, unit);
    }

    static Quantity secondary(String label, String metric, String jmhUnit, double scale, String unit) {
        if (metric.isEmpty()) {
            throw new IllegalArgumentException("a secondary metric needs a name");
        }
        return new Quantity(label, metric, jmhUnit, scale, unit);
    }

    /**
     * Whether more is better: rates ({@code x/s}, counts) are, times and amounts per operation ({@code x/op})
     * are not.
     */
    boolean higherIsBetter() {
        return !jmhUnit.endsWith("/op");
    }

    /** This quantity of {@code result}, in the shown unit, or empty when the result does not have it. */
    Optional<Measured> read(JmhResult result) {
        JmhResult.Metric m = metric.isEmpty() ? result.primary() : result.secondary().get(metric);
        if (m == null || !m.unit().equals(jmhUnit) || !Double.isFinite(m.score())) {
            return Optional.empty();
        }
        return Optional.of(new Measured(m.score() * scale, m.error() * scale));
    }
}
