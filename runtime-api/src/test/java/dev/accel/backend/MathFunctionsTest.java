package dev.accel.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MathFunctionsTest {
    private static final double REL = 1e-14;

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= REL * Math.abs(expected), what + ": expected " + expected + " got " + actual
                + " (relative error " + Math.abs(actual - expected) / Math.abs(expected) + ")");
    }

    @Test
    void erfMatchesReferenceValues() {
        // Reference values: mpmath.erf at 30 digits (python3 -c "import mpmath; mpmath.mp.dps=30; print(mpmath.erf(x))"), rounded to 16.
        double[][] cases = {
                {0.5, 0.5204998778130465},
                {1, 0.8427007929497149},
                {2, 0.9953222650189527},
                {3, 0.9999779095030014},
                {0.1, 0.1124629160182849},
                {1.5, 0.9661051464753108},
                {2.4, 0.9993114861033549},
                {2.5, 0.9995930479825550},
                {2.6, 0.9997639655834707},
                {4, 0.9999999845827421},
                {1e-10, 1.1283791670955126e-10},
        };
        for (double[] c : cases) {
            assertClose(c[1], MathFunctions.erf(c[0]), "erf(" + c[0] + ")");
            assertClose(-c[1], MathFunctions.erf(-c[0]), "erf(" + -c[0] + ")");
        }
    }

    @Test
    void erfEdgeCases() {
        assertEquals(0.0, MathFunctions.erf(0.0));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(MathFunctions.erf(0.0)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(MathFunctions.erf(-0.0)), "erf is odd: erf(-0) = -0");
        assertEquals(1.0, MathFunctions.erf(6));
        assertEquals(1.0, MathFunctions.erf(30));
        assertEquals(1.0, MathFunctions.erf(Double.MAX_VALUE));
        assertEquals(1.0, MathFunctions.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, MathFunctions.erf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(MathFunctions.erf(Double.NaN)));
    }

    @Test
    void erfIsMonotoneAndBoundedAcrossTheBranchSwitch() {
        double previous = -1;
        for (double x = -6; x <= 6; x += 1.0 / 1024) {
            double y = MathFunctions.erf(x);
            assertTrue(y >= previous, "erf must not decrease at x=" + x);
            assertTrue(y >= -1 && y <= 1);
            previous = y;
        }
    }
}
