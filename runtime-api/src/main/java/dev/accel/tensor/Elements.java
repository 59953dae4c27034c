package dev.accel.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads and writes single elements of any {@link DType} at a byte offset of a host segment, converting
 * to and from {@code double} or {@code long}. Native byte order, no alignment required. The conversions
 * are those of {@link dev.accel.backend.Ops#cast}. For kernels' slow paths and for tests; hot loops use
 * typed accesses or the Vector API directly.
 */
public final class Elements {
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private Elements() {
    }

    /** The element at {@code byteOffset} as a double (exact for all types but i64 beyond 2^53). */
    public static double getDouble(MemorySegment s, long byteOffset, DType t) {
        return switch (t) {
            case F64 -> s.get(F64, byteOffset);
            case F32 -> s.get(F32, byteOffset);
            case F16 -> HalfFloats.f16ToFloat(s.get(I16, byteOffset));
            case BF16 -> HalfFloats.bf16ToFloat(s.get(I16, byteOffset));
            case I64 -> s.get(I64, byteOffset);
            case I32 -> s.get(I32, byteOffset);
            case I16 -> s.get(I16, byteOffset);
            case I8 -> s.get(ValueLayout.JAVA_BYTE, byteOffset);
            case U8 -> s.get(ValueLayout.JAVA_BYTE, byteOffset) & 0xFF;
            case BOOL -> s.get(ValueLayout.JAVA_BYTE, byteOffset) != 0 ? 1 : 0;
        };
    }

    /** Writes {@code v} converted to {@code t}. */
    public static void setDouble(MemorySegment s, long byteOffset, DType t, double v) {
        switch (t) {
            case F64 -> s.set(F64, byteOffset, v);
            case F32 -> s.set(F32, byteOffset, (float) v);
            case F16 -> s.set(I16, byteOffset, HalfFloats.doubleToF16(v));
            case BF16 -> s.set(I16, byteOffset, HalfFloats.doubleToBf16(v));
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, byteOffset, (byte) (v != 0 ? 1 : 0)); // NaN != 0: true, as in C
            default -> setLong(s, byteOffset, t, (long) v); // truncates; NaN -> 0; saturates at the long range
        }
    }

    /** The element as a long: integers exactly, floats truncated toward zero (NaN gives 0). */
    public static long getLong(MemorySegment s, long byteOffset, DType t) {
        return switch (t) {
            case I64 -> s.get(I64, byteOffset);
            case I32 -> s.get(I32, byteOffset);
            case I16 -> s.get(I16, byteOffset);
            case I8 -> s.get(ValueLayout.JAVA_BYTE, byteOffset);
            case U8 -> s.get(ValueLayout.JAVA_BYTE, byteOffset) & 0xFF;
            case BOOL -> s.get(ValueLayout.JAVA_BYTE, byteOffset) != 0 ? 1 : 0;
            default -> (long) getDouble(s, byteOffset, t);
        };
    }

    /** Writes {@code v} converted to {@code t}: integers wrap to the narrower width; floats round to nearest. */
    public static void setLong(MemorySegment s, long byteOffset, DType t, long v) {
        switch (t) {
            case I64 -> s.set(I64, byteOffset, v);
            case I32 -> s.set(I32, byteOffset, (int) v);
            case I16 -> s.set(I16, byteOffset, (short) v);
            case I8, U8 -> s.set(ValueLayout.JAVA_BYTE, byteOffset, (byte) v);
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, byteOffset, (byte) (v != 0 ? 1 : 0));
            case F64 -> s.set(F64, byteOffset, (double) v);
            case F32 -> s.set(F32, byteOffset, (float) v); // rounds once (a detour through double could round twice above 2^53)
            default -> setDouble(s, byteOffset, t, roundToOddDouble(v));
        }
    }

    /**
     * {@code v} as a double rounded to odd (truncate, then set the last bit if anything was dropped). A
     * value rounded to odd at 53 bits rounds correctly, once, to any format of at most 51 bits, so
     * f16 and bf16 results from i64 never suffer double rounding.
     */
    static double roundToOddDouble(long v) {
        long magnitude = Math.abs(v); // Long.MIN_VALUE stays negative: read it as unsigned 2^63 below
        int bits = 64 - Long.numberOfLeadingZeros(magnitude);
        if (bits <= 53) {
            return v;
        }
        int shift = bits - 53;
        long kept = magnitude >>> shift;
        if ((magnitude & ((1L << shift) - 1)) != 0) {
            kept |= 1;
        }
        double d = Math.scalb((double) kept, shift);
        return v < 0 ? -d : d;
    }

    /** Copies one element of {@code size} bytes (1, 2, 4 or 8). */
    static void copyElement(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, int size) {
        switch (size) {
            case 8 -> dst.set(I64, dstOffset, src.get(I64, srcOffset));
            case 4 -> dst.set(I32, dstOffset, src.get(I32, srcOffset));
            case 2 -> dst.set(I16, dstOffset, src.get(I16, srcOffset));
            default -> dst.set(ValueLayout.JAVA_BYTE, dstOffset, src.get(ValueLayout.JAVA_BYTE, srcOffset));
        }
    }
}
