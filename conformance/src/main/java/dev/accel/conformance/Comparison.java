package dev.accel.conformance;

import java.util.Locale;

/**
 * The result of comparing a device's output with the reference: the largest errors and the first element
 * outside the tolerance, if any.
 */
record Comparison(boolean passed, double maxAbsError, double maxRelError, String firstMismatch) {
    /** Compares element by element; a length mismatch fails. */
    static Comparison of(double[] expected, double[] got, Tolerance tolerance) {
        if (expected.length != got.length) {
            return new Comparison(false, Double.NaN, Double.NaN, "expected " + expected.length + " elements, got " + got.length);
        }
        double maxAbs = 0;
        double maxRel = 0;
        String first = "";
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double g = got[i];
            boolean ok = tolerance.accepts(e, g);
            if (Double.isFinite(e) && Double.isFinite(g)) {
                double abs = Math.abs(g - e);
                maxAbs = Math.max(maxAbs, abs);
                if (e != 0) {
                    maxRel = Math.max(maxRel, abs / Math.abs(e));
                } else if (abs != 0) {
                    maxRel = Double.POSITIVE_INFINITY;
                }
            } else if (!ok) {
                maxAbs = Double.NaN;
                maxRel = Double.NaN;
            }
            if (!ok && first.isEmpty()) {
                first = String.format(Locale.ROOT, "element %d: expected %s, got %s (%s)", i, format(e), format(g), tolerance);
            }
        }
        return new Comparison(first.isEmpty(), maxAbs, maxRel, first);
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) + (v == 0 && 1 / v < 0 ? " (-0)" : "")
                : String.format(Locale.ROOT, "%.9g", v);
    }
}
