package dev.accel.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Exhaustive checks of the 16-bit float conversions against a reference written here from the format
 * definitions (IEEE 754 binary16: 1 sign, 5 exponent, 10 mantissa bits, bias 15; bfloat16: 1 sign,
 * 8 exponent, 7 mantissa bits, bias 127). The reference decodes with exact double arithmetic; every
 * value of both formats is exactly representable as a double, and so is the midpoint of two neighbours.
 */
class HalfFloatsTest {

    /** One 16-bit format, described by its field widths only. */
    private record Format(String name, int exponentBits, int mantissaBits) {
        int bias() {
            return (1 << (exponentBits - 1)) - 1;
        }

        int maxExponentField() {
            return (1 << exponentBits) - 1;
        }

        int exponentField(int bits) {
            return (bits >>> mantissaBits) & maxExponentField();
        }

        int mantissa(int bits) {
            return bits & ((1 << mantissaBits) - 1);
        }

        boolean isNaN(int bits) {
            return exponentField(bits) == maxExponentField() && mantissa(bits) != 0;
        }

        boolean isInfinite(int bits) {
            return exponentField(bits) == maxExponentField() && mantissa(bits) == 0;
        }

        /** Largest finite positive pattern. */
        int maxFinite() {
            return ((maxExponentField() - 1) << mantissaBits) | ((1 << mantissaBits) - 1);
        }

        int positiveInfinity() {
            return maxExponentField() << mantissaBits;
        }

        /** Exact value of a non-NaN pattern, from the definition. */
        double value(int bits) {
            double sign = (bits & 0x8000) != 0 ? -1.0 : 1.0;
            int e = exponentField(bits);
            int m = mantissa(bits);
            if (e == maxExponentField()) {
                if (m != 0) {
                    throw new IllegalArgumentException("NaN has no value");
                }
                return sign * Double.POSITIVE_INFINITY;
            }
            if (e == 0) {
                // subnormal: m * 2^(1 - bias - mantissaBits)
                return sign * m * pow2(1 - bias() - mantissaBits);
            }
            return sign * ((1 << mantissaBits) + m) * pow2(e - bias() - mantissaBits);
        }

        /** The overflow threshold: max finite plus half an ulp; values at or above it round to infinity. */
        double overflowThreshold() {
            double max = value(maxFinite());
            double ulp = pow2(maxExponentField() - 1 - bias() - mantissaBits);
            return max + ulp / 2;
        }
    }

    private static final Format F16 = new Format("f16", 5, 10);
    private static final Format BF16 = new Format("bf16", 8, 7);

    /** 2^k exactly, built from the bits (independent of Math.scalb). */
    private static double pow2(int k) {
        if (k >= -1022) {
            return Double.longBitsToDouble((long) (k + 1023) << 52);
        }
        return Double.longBitsToDouble(1L << (k + 1074));
    }

    private static short encodeDouble(Format f, double v) {
        return f == F16 ? HalfFloats.doubleToF16(v) : HalfFloats.doubleToBf16(v);
    }

    private static short encodeFloat(Format f, float v) {
        return f == F16 ? HalfFloats.floatToF16(v) : HalfFloats.floatToBf16(v);
    }

    private static float decode(Format f, int bits) {
        return f == F16 ? HalfFloats.f16ToFloat((short) bits) : HalfFloats.bf16ToFloat((short) bits);
    }

    private static void assertBits(int expected, short actual, Format f, String what) {
        if ((expected & 0xFFFF) != (actual & 0xFFFF)) {
            fail(f.name() + " " + what + ": expected 0x" + Integer.toHexString(expected & 0xFFFF) + " got 0x" + Integer.toHexString(actual & 0xFFFF));
        }
    }

    // ---- decoding ---------------------------------------------------------------------------------

    @Test
    void decodingIsExactForAllF16Patterns() {
        checkDecoding(F16);
    }

    @Test
    void decodingIsExactForAllBf16Patterns() {
        checkDecoding(BF16);
    }

    private static void checkDecoding(Format f) {
        int nanCount = 0;
        for (int b = 0; b <= 0xFFFF; b++) {
            float got = decode(f, b);
            if (f.isNaN(b)) {
                nanCount++;
                assertTrue(Float.isNaN(got), () -> f.name() + " NaN pattern decoded to a number");
                assertEquals((b & 0x8000) != 0, (Float.floatToRawIntBits(got) & 0x8000_0000) != 0, f.name() + " NaN sign");
                continue;
            }
            double want = f.value(b);
            if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got)) {
                fail(f.name() + " 0x" + Integer.toHexString(b) + ": expected " + want + " got " + got);
            }
        }
        // 2 signs * (2^mantissaBits - 1) NaN mantissas
        assertEquals(2 * ((1 << f.mantissaBits()) - 1), nanCount);
    }

    @Test
    void referenceSpotChecks() {
        // Independent sanity checks of the reference itself against well-known constants.
        assertEquals(65504.0, F16.value(0x7BFF));
        assertEquals(Math.pow(2, -24), F16.value(0x0001));
        assertEquals(Math.pow(2, -14), F16.value(0x0400));
        assertEquals(1.0, F16.value(0x3C00));
        assertEquals(-2.0, F16.value(0xC000));
        assertEquals(65520.0, F16.overflowThreshold());
        assertEquals(Float.intBitsToFloat(0x7F7F0000), BF16.value(0x7F7F));
        assertEquals(Math.pow(2, -133), BF16.value(0x0001));
        assertEquals(1.0, BF16.value(0x3F80));
        assertEquals((double) Float.intBitsToFloat(0x7F7F8000), BF16.overflowThreshold());
    }

    // ---- encoding: round trips --------------------------------------------------------------------

    @Test
    void everyFiniteValueRoundTrips() {
        for (Format f : new Format[] {F16, BF16}) {
            for (int b = 0; b <= 0xFFFF; b++) {
                if (f.isNaN(b)) {
                    continue;
                }
                double v = f.value(b);
                assertBits(b, encodeDouble(f, v), f, "double round trip of 0x" + Integer.toHexString(b));
                assertBits(b, encodeFloat(f, (float) v), f, "float round trip of 0x" + Integer.toHexString(b));
            }
        }
    }

    // ---- encoding: rounding between neighbours ----------------------------------------------------

    @Test
    void midpointsRoundToEvenAndNeighboursToNearestF16() {
        checkMidpoints(F16);
    }

    @Test
    void midpointsRoundToEvenAndNeighboursToNearestBf16() {
        checkMidpoints(BF16);
    }

    /**
     * For each pair of adjacent finite magnitudes (b, b+1), including the pair (0, smallest subnormal) and
     * the subnormal/normal boundary: the exact midpoint goes to the pattern with the even mantissa, and the
     * doubles/floats just below and just above it go to the nearer neighbour. Both signs.
     *
     * <p>The double just above a midpoint rounds back to the midpoint when converted to float, so a
     * conversion that went double to float to 16 bits would round it to even instead of up: this loop
     * checks for every tie that doubleToF16/doubleToBf16 round once.
     */
    private static void checkMidpoints(Format f) {
        for (int b = 0; b < f.maxFinite(); b++) {
            double lo = f.value(b);
            double hi = f.value(b + 1);
            double mid = (lo + hi) / 2; // exact: few significant bits
            assertTrue(lo < mid && mid < hi);
            int even = (b & 1) == 0 ? b : b + 1;
            for (int sign : new int[] {0, 0x8000}) {
                double s = sign == 0 ? 1 : -1;
                String at = "tie between 0x" + Integer.toHexString(b | sign) + " and 0x" + Integer.toHexString((b + 1) | sign);
                assertBits(even | sign, encodeDouble(f, s * mid), f, "double " + at);
                assertBits(b | sign, encodeDouble(f, s * Math.nextDown(mid)), f, "double just inside of " + at);
                assertBits((b + 1) | sign, encodeDouble(f, s * Math.nextUp(mid)), f, "double just outside of " + at);

                float fm = (float) mid;
                assertEquals(mid, fm, "midpoints are floats");
                assertBits(even | sign, encodeFloat(f, (float) s * fm), f, "float " + at);
                assertBits(b | sign, encodeFloat(f, (float) s * Math.nextDown(fm)), f, "float just inside of " + at);
                assertBits((b + 1) | sign, encodeFloat(f, (float) s * Math.nextUp(fm)), f, "float just outside of " + at);
            }
        }
    }

    /** Random doubles and floats of all magnitudes against a reference nearest-even search. */
    @Test
    void randomValuesMatchReferenceRounding() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (Format f : new Format[] {F16, BF16}) {
            for (int i = 0; i < 200_000; i++) {
                double d;
                if (i % 2 == 0) {
                    d = Double.longBitsToDouble(random.nextLong()); // every magnitude, including double subnormals
                } else {
                    int e = random.nextInt(-30 - f.bias() - f.mantissaBits(), f.bias() + 3);
                    d = (random.nextBoolean() ? 1 : -1) * (1 + random.nextDouble()) * Math.pow(2, e);
                }
                if (Double.isNaN(d)) {
                    continue;
                }
                assertBits(referenceEncode(f, d), encodeDouble(f, d), f, "double " + d);
                float fl = (float) d;
                assertBits(referenceEncode(f, fl), encodeFloat(f, fl), f, "float " + fl);
            }
        }
    }

    /** Nearest-even by binary search over the monotone table of positive finite values. */
    private static int referenceEncode(Format f, double v) {
        int sign = (Double.doubleToRawLongBits(v) < 0) ? 0x8000 : 0;
        double a = Math.abs(v);
        if (a >= f.overflowThreshold()) {
            return sign | f.positiveInfinity();
        }
        int lo = 0;
        int hi = f.maxFinite();
        if (a >= f.value(hi)) {
            return sign | hi;
        }
        while (hi - lo > 1) { // invariant: value(lo) <= a < value(hi)
            int m = (lo + hi) >>> 1;
            if (f.value(m) <= a) {
                lo = m;
            } else {
                hi = m;
            }
        }
        double mid = (f.value(lo) + f.value(hi)) / 2;
        int pick = a < mid ? lo : a > mid ? hi : ((lo & 1) == 0 ? lo : hi);
        return sign | pick;
    }

    // ---- encoding: overflow -----------------------------------------------------------------------

    @Test
    void valuesBeyondMaxRoundToInfinityAtHalfAnUlp() {
        for (Format f : new Format[] {F16, BF16}) {
            double thr = f.overflowThreshold();
            int max = f.maxFinite();
            int inf = f.positiveInfinity();
            for (int sign : new int[] {0, 0x8000}) {
                double s = sign == 0 ? 1 : -1;
                // The threshold is a tie between max (odd mantissa) and the next, infinite, pattern: RNE goes up.
                assertBits(inf | sign, encodeDouble(f, s * thr), f, "double at the threshold");
                assertBits(max | sign, encodeDouble(f, s * Math.nextDown(thr)), f, "double just below the threshold");
                assertBits(inf | sign, encodeDouble(f, s * Math.nextUp(thr)), f, "double just above the threshold");
                assertBits(inf | sign, encodeFloat(f, (float) (s * thr)), f, "float at the threshold");
                assertBits(max | sign, encodeFloat(f, (float) s * Math.nextDown((float) thr)), f, "float just below the threshold");
                assertBits(inf | sign, encodeDouble(f, s * Double.MAX_VALUE), f, "Double.MAX_VALUE");
                assertBits(inf | sign, encodeDouble(f, s * Double.POSITIVE_INFINITY), f, "infinity (double)");
                assertBits(inf | sign, encodeFloat(f, (float) s * Float.POSITIVE_INFINITY), f, "infinity (float)");
                if (f == F16) {
                    assertBits(inf | sign, encodeFloat(f, (float) s * Float.MAX_VALUE), f, "Float.MAX_VALUE");
                    assertBits(inf | sign, encodeDouble(f, s * 1e6), f, "1e6");
                } else {
                    assertBits(inf | sign, encodeDouble(f, s * 1e39), f, "1e39 (beyond float range)");
                    // Float.MAX_VALUE lies above the bf16 threshold.
                    assertBits(inf | sign, encodeFloat(f, (float) s * Float.MAX_VALUE), f, "Float.MAX_VALUE");
                }
            }
        }
    }

    // ---- zeros, NaN, tiny values ------------------------------------------------------------------

    @Test
    void signedZerosAreKept() {
        for (Format f : new Format[] {F16, BF16}) {
            assertBits(0x0000, encodeDouble(f, 0.0), f, "+0 double");
            assertBits(0x8000, encodeDouble(f, -0.0), f, "-0 double");
            assertBits(0x0000, encodeFloat(f, 0.0f), f, "+0 float");
            assertBits(0x8000, encodeFloat(f, -0.0f), f, "-0 float");
            assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(decode(f, 0x8000)));
        }
    }

    @Test
    void valuesBelowHalfTheSmallestSubnormalBecomeSignedZero() {
        for (Format f : new Format[] {F16, BF16}) {
            double half = f.value(1) / 2;
            assertBits(0x0000, encodeDouble(f, half), f, "exactly half the smallest subnormal (tie to even 0)");
            assertBits(0x0001, encodeDouble(f, Math.nextUp(half)), f, "just above half the smallest subnormal");
            assertBits(0x8000, encodeDouble(f, -half), f, "minus half the smallest subnormal");
            assertBits(0x0000, encodeDouble(f, Double.MIN_VALUE), f, "Double.MIN_VALUE");
            assertBits(0x8000, encodeDouble(f, -Double.MIN_VALUE), f, "-Double.MIN_VALUE");
            assertBits(0x0000, encodeDouble(f, Double.MIN_NORMAL), f, "Double.MIN_NORMAL");
            assertBits(0x0000, encodeFloat(f, Float.MIN_VALUE), f, "Float.MIN_VALUE");
            assertBits(0x8000, encodeFloat(f, -Float.MIN_VALUE), f, "-Float.MIN_VALUE");
        }
    }

    @Test
    void nanStaysNanWithItsSign() {
        long[] doubleNaNs = {0x7FF8_0000_0000_0000L, 0x7FF0_0000_0000_0001L, 0x7FF4_0000_0000_0000L, 0x7FFF_FFFF_FFFF_FFFFL, 0x7FF0_0000_0100_0000L};
        int[] floatNaNs = {0x7FC0_0000, 0x7F80_0001, 0x7FA0_0000, 0x7FFF_FFFF, 0x7F80_0100};
        for (Format f : new Format[] {F16, BF16}) {
            for (long n : doubleNaNs) {
                for (long sign : new long[] {0, Long.MIN_VALUE}) {
                    short h = encodeDouble(f, Double.longBitsToDouble(n | sign));
                    assertTrue(f.isNaN(h & 0xFFFF), () -> f.name() + " double NaN 0x" + Long.toHexString(n | sign) + " became 0x" + Integer.toHexString(h & 0xFFFF));
                    assertEquals(sign != 0, (h & 0x8000) != 0, f.name() + " NaN sign");
                }
            }
            for (int n : floatNaNs) {
                for (int sign : new int[] {0, Integer.MIN_VALUE}) {
                    short h = encodeFloat(f, Float.intBitsToFloat(n | sign));
                    assertTrue(f.isNaN(h & 0xFFFF), () -> f.name() + " float NaN 0x" + Integer.toHexString(n | sign) + " became 0x" + Integer.toHexString(h & 0xFFFF));
                    assertEquals(sign != 0, (h & 0x8000) != 0, f.name() + " NaN sign");
                }
            }
            // Every 16-bit NaN decodes and re-encodes to a NaN of the same sign.
            for (int b = 0; b <= 0xFFFF; b++) {
                if (f.isNaN(b)) {
                    float x = decode(f, b);
                    short viaFloat = encodeFloat(f, x);
                    short viaDouble = encodeDouble(f, x);
                    assertTrue(f.isNaN(viaFloat & 0xFFFF) && f.isNaN(viaDouble & 0xFFFF), f.name() + " NaN 0x" + Integer.toHexString(b));
                    assertEquals(b & 0x8000, viaFloat & 0x8000);
                    assertEquals(b & 0x8000, viaDouble & 0x8000);
                }
            }
        }
    }

    // ---- rounding once from double -----------------------------------------------------------------

    @Test
    void doubleConversionsRoundOnceNotThroughFloat() {
        // f16: 1 + 2^-11 is the tie between 1.0 (0x3C00, even) and 1 + 2^-10 (0x3C01). A double 2^-40 above
        // it rounds to that tie as a float (24-bit mantissa), and the tie would then go to even (0x3C00).
        double f16Case = 1 + 0x1p-11 + 0x1p-40;
        assertEquals((float) (1 + 0x1p-11), (float) f16Case, "the case is a double-rounding trap");
        assertEquals((short) 0x3C00, HalfFloats.floatToF16((float) f16Case), "through float it would round down");
        assertEquals((short) 0x3C01, HalfFloats.doubleToF16(f16Case));
        assertEquals((short) 0xBC01, HalfFloats.doubleToF16(-f16Case));
        assertEquals((short) 0x3C00, HalfFloats.doubleToF16(1 + 0x1p-11 - 0x1p-40));

        // Subnormal f16: tie between 0 and 2^-24 is 2^-25; slightly above must give the smallest subnormal.
        assertEquals((short) 0x0001, HalfFloats.doubleToF16(0x1p-25 + 0x1p-60));
        // Tie between 3*2^-24 (odd) and 4*2^-24, just below: must stay at 3*2^-24.
        assertEquals((short) 0x0003, HalfFloats.doubleToF16(3.5 * 0x1p-24 - 0x1p-60));

        // bf16: 1 + 2^-8 ties between 1.0 (0x3F80) and 1 + 2^-7 (0x3F81).
        double bf16Case = 1 + 0x1p-8 + 0x1p-40;
        assertEquals((float) (1 + 0x1p-8), (float) bf16Case, "the case is a double-rounding trap");
        assertEquals((short) 0x3F80, HalfFloats.floatToBf16((float) bf16Case), "through float it would round down");
        assertEquals((short) 0x3F81, HalfFloats.doubleToBf16(bf16Case));
        assertEquals((short) 0xBF81, HalfFloats.doubleToBf16(-bf16Case));
        // And the other direction: the tie 1 + 3*2^-8 rounds up to even 0x3F82; a double just below it
        // rounds (as a float) to the tie, but must give 0x3F81.
        double bf16Below = 1 + 3 * 0x1p-8 - 0x1p-40;
        assertEquals((float) (1 + 3 * 0x1p-8), (float) bf16Below);
        assertEquals((short) 0x3F81, HalfFloats.doubleToBf16(bf16Below));
        // Just below the bf16 overflow threshold: through float it is the threshold itself (a tie that goes to Inf).
        double belowThreshold = Math.nextDown((double) Float.intBitsToFloat(0x7F7F8000));
        assertEquals((short) 0x7F7F, HalfFloats.doubleToBf16(belowThreshold));
    }
}
