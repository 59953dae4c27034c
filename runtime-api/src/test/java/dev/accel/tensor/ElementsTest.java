package dev.accel.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The element conversions documented on {@link dev.accel.backend.Ops#cast}. Offsets are odd to check unaligned access. */
class ElementsTest {
    private static final long AT = 3;

    private static double roundTripDouble(DType t, double v) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(16);
            Elements.setDouble(s, AT, t, v);
            return Elements.getDouble(s, AT, t);
        }
    }

    private static long roundTripLong(DType t, long v) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(16);
            Elements.setLong(s, AT, t, v);
            return Elements.getLong(s, AT, t);
        }
    }

    private static long doubleToLongVia(DType t, double v) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(16);
            Elements.setDouble(s, AT, t, v);
            return Elements.getLong(s, AT, t);
        }
    }

    @Test
    void floatToIntegerTruncatesTowardZero() {
        for (DType t : new DType[] {DType.I64, DType.I32, DType.I16, DType.I8}) {
            assertEquals(2, doubleToLongVia(t, 2.9), t.toString());
            assertEquals(-2, doubleToLongVia(t, -2.9), t.toString());
            assertEquals(0, doubleToLongVia(t, -0.5), t.toString());
        }
        assertEquals(2, doubleToLongVia(DType.U8, 2.9));
    }

    @Test
    void nanToIntegerIsZero() {
        for (DType t : new DType[] {DType.I64, DType.I32, DType.I16, DType.I8, DType.U8}) {
            assertEquals(0, doubleToLongVia(t, Double.NaN), t.toString());
        }
    }

    @Test
    void floatToIntegerSaturatesAtTheI64RangeThenWraps() {
        assertEquals(Long.MAX_VALUE, doubleToLongVia(DType.I64, 1e30));
        assertEquals(Long.MIN_VALUE, doubleToLongVia(DType.I64, -1e30));
        assertEquals(Long.MAX_VALUE, doubleToLongVia(DType.I64, Double.POSITIVE_INFINITY));
        assertEquals(Long.MIN_VALUE, doubleToLongVia(DType.I64, Double.NEGATIVE_INFINITY));
        // Saturated to Long.MAX_VALUE (0x7FFF...FFFF), then wrapped: low 32 bits are all ones = -1.
        assertEquals(-1, doubleToLongVia(DType.I32, 1e30));
        assertEquals(0, doubleToLongVia(DType.I32, -1e30), "Long.MIN_VALUE's low 32 bits are zero");
        // In-range for i64 but not i32: wraps like C's (int)(long)x.
        assertEquals((int) 3_000_000_000L, doubleToLongVia(DType.I32, 3e9));
        assertEquals((short) 70000, doubleToLongVia(DType.I16, 70000.7));
        assertEquals((byte) 300, doubleToLongVia(DType.I8, 300.2));
        assertEquals(300 & 0xFF, doubleToLongVia(DType.U8, 300.2));
        assertEquals(255, doubleToLongVia(DType.U8, -1.0));
    }

    @Test
    void integersWrapToNarrowerTypes() {
        assertEquals((int) 0x1_2345_6789L, roundTripLong(DType.I32, 0x1_2345_6789L));
        assertEquals(-32768, roundTripLong(DType.I16, 32768));
        assertEquals(-1, roundTripLong(DType.I8, 255));
        assertEquals(255, roundTripLong(DType.U8, -1));
        assertEquals(0, roundTripLong(DType.U8, 256));
        assertEquals(Long.MIN_VALUE, roundTripLong(DType.I64, Long.MIN_VALUE));
    }

    @Test
    void boolIsNonZero() {
        assertEquals(1, roundTripLong(DType.BOOL, 256), "256 is non-zero even though its low byte is 0");
        assertEquals(1, roundTripLong(DType.BOOL, -1));
        assertEquals(0, roundTripLong(DType.BOOL, 0));
        assertEquals(1, roundTripDouble(DType.BOOL, 0.1));
        assertEquals(1, roundTripDouble(DType.BOOL, Double.NaN), "NaN is non-zero, as in C");
        assertEquals(0, roundTripDouble(DType.BOOL, -0.0));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(4);
            s.set(ValueLayout.JAVA_BYTE, 1, (byte) 7); // a non-canonical bool byte reads as true
            assertEquals(1, Elements.getLong(s, 1, DType.BOOL));
            assertEquals(1.0, Elements.getDouble(s, 1, DType.BOOL));
        }
    }

    @Test
    void floatTypesRoundToNearest() {
        assertEquals(0.1f, (float) roundTripDouble(DType.F32, 0.1));
        assertEquals(HalfFloats.f16ToFloat(HalfFloats.doubleToF16(0.1)), roundTripDouble(DType.F16, 0.1));
        assertEquals(0.0999755859375, roundTripDouble(DType.F16, 0.1), "nearest f16 to 0.1");
        assertEquals(0.10009765625, roundTripDouble(DType.BF16, 0.1), "nearest bf16 to 0.1");
        assertEquals(Double.POSITIVE_INFINITY, roundTripDouble(DType.F16, 1e5));
        assertEquals(1e300, roundTripDouble(DType.F64, 1e300));
        // long to float rounds to nearest
        assertEquals(16777216, roundTripLong(DType.F32, 16777217), "2^24+1 is not an f32; ties to even 2^24");
        assertEquals(2048, roundTripLong(DType.F16, 2049));
        assertEquals(9007199254740992L, roundTripLong(DType.F64, 9007199254740993L));
    }

    @Test
    void unsignedBytesReadAsUnsigned() {
        assertEquals(200, roundTripLong(DType.U8, 200));
        assertEquals(200.0, roundTripDouble(DType.U8, 200));
        assertEquals(-56, roundTripLong(DType.I8, 200));
    }
}
