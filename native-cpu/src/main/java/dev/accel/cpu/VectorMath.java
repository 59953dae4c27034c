package dev.accel.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Transcendental functions on f32 vectors written with plain vector arithmetic, for the CPU kernels.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: on this project's machines (JDK 25, AVX2) it ran at about
 * 1 ns per element, a scalar {@code Math.exp} per lane rather than a vector stub, which made GELU (erf) 40 times
 * slower than an add and a tenth of the BERT engine's time at batch 32; and its value depended on whether the
 * calling loop was JIT-compiled (stub) or not (scalar), so two calls of one model could differ in the last bits.
 * {@link #exp} uses only IEEE add, multiply, compare and bit operations, each correctly rounded in every tier, so
 * it gives the same bits interpreted, C1- or C2-compiled.
 */
final class VectorMath {
    private static final float LOG2E = 1.44269504088896341f;
    /** {@code ln 2} split in two (Cody and Waite): {@code LN2_HI} has few bits, so {@code n * LN2_HI} is exact. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, held in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    /** Below this, e^x is under half the smallest subnormal (0); above the other bound it overflows (infinity). */
    private static final float LOW = -104f;
    private static final float HIGH = 89f;

    private VectorMath() {
    }

    /**
     * {@code e^x} per lane, within 2 ulp of the exact value for normal results (subnormal results lose bits
     * gradually, as f32 does); {@code +inf -> +inf}, {@code -inf -> 0}, NaN stays NaN. The method of Cephes
     * {@code expf}: {@code x = n ln2 + r} with {@code |r| <= ln2 / 2}, a degree-7 polynomial for {@code e^r}, then
     * the scaling by {@code 2^n} done in two normal powers of two, so that results near the overflow and underflow
     * bounds are right rather than flushed.
     */
    static FloatVector exp(FloatVector x) {
        VectorMask<Float> nan = x.test(VectorOperators.IS_NAN);
        FloatVector xc = x.max(LOW).min(HIGH);
        FloatVector rounded = xc.mul(LOG2E).add(ROUND);
        FloatVector n = rounded.sub(ROUND);
        FloatVector r = xc.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
        p = p.mul(r).add(8.3334519073e-3f);
        p = p.mul(r).add(4.1665795894e-2f);
        p = p.mul(r).add(1.6666665459e-1f);
        p = p.mul(r).add(5.0000001201e-1f);
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        IntVector k = rounded.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUND)); // n as an int, in [-150, 129]
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        IntVector k2 = k.sub(k1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(s1).mul(s2).blend(x, nan);
    }
}
