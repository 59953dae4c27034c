package dev.accel.jmh;

import java.util.SplittableRandom;

/**
 * Compares 64 sampled elements of a product {@code C = A x B} with float64 dot products, after a trial, so that a
 * kernel that returned early or wrote the wrong place fails its benchmark rather than looking fast. The tolerance
 * is f32 rounding over the depth: {@code (k + 2) * 2^-23 * sum |a_ip b_pj|}.
 */
final class ProductCheck {
    /** Element {@code (row, col)} of an operand. */
    interface Element {
        double at(int row, int col);
    }

    private ProductCheck() {
    }

    /**
     * @param what    names the implementation and the case, for the error
     * @throws IllegalStateException naming the first element outside the tolerance
     */
    static void check(String what, int m, int n, int k, Element a, Element b, Element c) {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int s = 0; s < 64; s++) {
            int i = rnd.nextInt(m);
            int j = rnd.nextInt(n);
            double ref = 0;
            double mag = 0;
            for (int p = 0; p < k; p++) {
                double t = a.at(i, p) * b.at(p, j);
                ref += t;
                mag += Math.abs(t);
            }
            double got = c.at(i, j);
            double tol = (k + 2) * Math.scalb(1.0, -23) * mag;
            if (!(Math.abs(got - ref) <= tol)) {
                throw new IllegalStateException("wrong result from " + what + ": C[" + i + "," + j + "] = " + got
                        + ", expected " + ref + " +- " + tol);
            }
        }
    }
}
