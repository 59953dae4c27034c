package dev.accel.jmh.report;

/**
 * A measured value with its error, in one unit.
 *
 * @param value the value
 * @param error the half-width of its 99.9 % confidence interval (JMH's error), {@code NaN} when unknown
 */
record Measured(double value, double error) {

    boolean hasError() {
        return Double.isFinite(error);
    }

    /**
     * How many times faster (or more, or smaller, whichever is better) {@code accel} is than {@code anchor}:
     * {@code accel / anchor} when higher is better, {@code anchor / accel} when lower is better; above 1 means
     * Accel does better than the anchor. The error is propagated to first order from the two relative errors,
     * added in quadrature (the two runs are independent): {@code r * sqrt((ea/a)^2 + (eb/b)^2)}; unknown
     * ({@code NaN}) when either error is unknown.
     */
    static Measured ratio(Measured accel, Measured anchor, boolean higherIsBetter) {
        if (!(accel.value > 0) || !(anchor.value > 0)) {
            throw new IllegalArgumentException("a ratio needs two positive values, got " + accel.value + " and "
                    + anchor.value);
        }
        double r = higherIsBetter ? accel.value / anchor.value : anchor.value / accel.value;
        double relA = accel.error / accel.value;
        double relB = anchor.error / anchor.value;
        double error = r * Math.sqrt(relA * relA + relB * relB); // NaN propagates
        return new Measured(r, error);
    }
}
