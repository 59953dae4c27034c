package dev.accel.tensor;

/**
 * Conversions between f32/f64 and the two 16-bit float formats. All conversions to 16 bits round
 * to nearest, ties to even, keep NaN (quieted, sign kept), infinities and subnormals, and
 * overflow to infinity exactly as IEEE 754 says. Conversions from 16 bits are exact.
 *
 * <p>f16 from f32 and back uses the JDK's {@link Float#floatToFloat16} / {@link Float#float16ToFloat}
 * (intrinsics on x86 and ARM). Conversions from f64 round once, directly from the double, so that
 * a double lying just off a tie is not rounded twice.
 */
public final class HalfFloats {
    private HalfFloats() {
    }

    /** Exact value of an f16 bit pattern. */
    public static float f16ToFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    /** f32 to f16, round to nearest even. */
    public static short floatToF16(float value) {
        return Float.floatToFloat16(value);
    }

    /** f64 to f16, rounded once, to nearest even. */
    public static short doubleToF16(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int sign = (int) (bits >>> 48) & 0x8000;
        int exp = (int) (bits >>> 52) & 0x7FF;
        long mant = bits & 0x000F_FFFF_FFFF_FFFFL;
        if (exp == 0x7FF) {
            if (mant == 0) {
                return (short) (sign | 0x7C00);
            }
            // NaN: keep the top payload bits, force quiet.
            return (short) (sign | 0x7E00 | (int) (mant >>> 42) & 0x1FF);
        }
        // Unbiased exponent; f16 normal range is [-14, 15].
        int e = exp - 1023;
        if (e > 15) {
            return (short) (sign | 0x7C00);
        }
        if (exp == 0) {
            // double subnormals are far below the smallest f16 subnormal (2^-24): they round to 0.
            return (short) sign;
        }
        long sig = mant | (1L << 52); // 53 significant bits, value = sig * 2^(e-52)
        int shift; // how many low bits of sig are dropped
        int outExpField;
        if (e >= -14) {
            shift = 52 - 10;
            outExpField = e + 15;
        } else {
            // subnormal f16: value = m * 2^-24, m = sig * 2^(e-52+24)
            shift = 52 - 10 + (-14 - e);
            outExpField = 0;
            if (shift > 53) {
                return (short) sign; // below half of the smallest subnormal
            }
        }
        long kept = sig >>> shift;
        long rem = sig & ((1L << shift) - 1);
        long half = 1L << (shift - 1);
        if (rem > half || (rem == half && (kept & 1) != 0)) {
            kept++;
        }
        int result;
        if (outExpField == 0) {
            result = (int) kept; // may carry into the exponent field: that is the smallest normal, correctly
        } else {
            // kept holds the implicit bit at position 10; a carry to bit 11 bumps the exponent.
            result = (outExpField << 10) + (int) (kept - (1L << 10));
        }
        if (result >= 0x7C00) {
            return (short) (sign | 0x7C00);
        }
        return (short) (sign | result);
    }

    /** Exact value of a bf16 bit pattern. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** f32 to bf16, round to nearest even; NaN stays NaN (quieted, sign kept). */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFF_FFFF) > 0x7F80_0000) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** f64 to bf16, rounded once, to nearest even. */
    public static short doubleToBf16(double value) {
        if (Double.isNaN(value)) {
            long bits = Double.doubleToRawLongBits(value);
            return (short) ((int) (bits >>> 48) & 0x8000 | 0x7FC0 | (int) (bits >>> 45) & 0x3F);
        }
        float f = (float) value;
        // Double rounding (f64 -> f32 -> bf16) can only go wrong when the f32 lands exactly on a
        // bf16 tie; then decide the tie from the side the double lies on.
        int fb = Float.floatToRawIntBits(f);
        if ((fb & 0xFFFF) == 0x8000 && (double) f != value && !Float.isInfinite(f)) {
            boolean above = Math.abs(value) > Math.abs((double) f);
            int truncated = fb >>> 16;
            return (short) (above ? truncated + 1 : truncated);
        }
        return floatToBf16(f);
    }
}
