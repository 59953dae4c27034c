package dev.accel.bindings;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static dev.accel.bindings.CTypes.C_CHAR;
import static dev.accel.bindings.CTypes.C_DOUBLE;
import static dev.accel.bindings.CTypes.C_FLOAT;
import static dev.accel.bindings.CTypes.C_INT;
import static dev.accel.bindings.CTypes.C_LONG_LONG;
import static dev.accel.bindings.CTypes.C_POINTER;
import static dev.accel.bindings.CTypes.C_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Sizes and offsets below are what gcc gives on x86-64 and aarch64 Linux (LP64), checked with
 * {@code sizeof}/{@code offsetof}; pointers are 8 bytes there.
 */
class CStructsTest {

    @Test
    void charIntDoubleShort() {
        // struct { char a; int b; double c; short d; }
        StructLayout s = CStructs.struct(C_CHAR.withName("a"), C_INT.withName("b"), C_DOUBLE.withName("c"),
                C_SHORT.withName("d"));
        assertEquals(24, s.byteSize());
        assertEquals(8, s.byteAlignment());
        assertEquals(0, CStructs.offsetOf(s, "a"));
        assertEquals(4, CStructs.offsetOf(s, "b"));
        assertEquals(8, CStructs.offsetOf(s, "c"));
        assertEquals(16, CStructs.offsetOf(s, "d"));
    }

    @Test
    void trailingPaddingRoundsUpToTheLargestAlignment() {
        // struct { double x; char y; } -> 16, y at 8
        StructLayout s = CStructs.struct(C_DOUBLE.withName("x"), C_CHAR.withName("y"));
        assertEquals(16, s.byteSize());
        assertEquals(8, CStructs.offsetOf(s, "y"));
        // struct { short a; char b[5]; } -> 8, b at 2
        StructLayout t = CStructs.struct(C_SHORT.withName("a"), MemoryLayout.sequenceLayout(5, C_CHAR).withName("b"));
        assertEquals(8, t.byteSize());
        assertEquals(2, CStructs.offsetOf(t, "b"));
    }

    @Test
    void nestedStructAndArray() {
        // struct In { char b; long long c; };  struct { char a; struct In s; short t[3]; } -> 32; s 8, s.c 16, t 24
        StructLayout in = CStructs.struct(C_CHAR.withName("b"), C_LONG_LONG.withName("c"));
        StructLayout outer = CStructs.struct(C_CHAR.withName("a"), in.withName("s"),
                MemoryLayout.sequenceLayout(3, C_SHORT).withName("t"));
        assertEquals(16, in.byteSize());
        assertEquals(32, outer.byteSize());
        assertEquals(8, CStructs.offsetOf(outer, "s"));
        assertEquals(16, CStructs.offsetOf(outer, "s", "c"));
        assertEquals(24, CStructs.offsetOf(outer, "t"));
    }

    @Test
    void pointersAndMixedScalars() {
        // struct { char a; void *p; char b; long long q; float f; } -> 40; p 8, b 16, q 24, f 32
        StructLayout s = CStructs.struct(C_CHAR.withName("a"), C_POINTER.withName("p"), C_CHAR.withName("b"),
                C_LONG_LONG.withName("q"), C_FLOAT.withName("f"));
        assertEquals(8, C_POINTER.byteSize(), "these offsets assume 64-bit pointers");
        assertEquals(40, s.byteSize());
        assertEquals(8, CStructs.offsetOf(s, "p"));
        assertEquals(16, CStructs.offsetOf(s, "b"));
        assertEquals(24, CStructs.offsetOf(s, "q"));
        assertEquals(32, CStructs.offsetOf(s, "f"));
    }

    @Test
    void unionIsRoundedUpAndPlacedByItsAlignment() {
        // union U { char c[5]; int i; } -> 8;  struct { char a; union U u; char z; } -> 16; u 4, z 12
        UnionLayout u = CStructs.union(MemoryLayout.sequenceLayout(5, C_CHAR).withName("c"), C_INT.withName("i"));
        assertEquals(8, u.byteSize());
        assertEquals(4, u.byteAlignment());
        StructLayout s = CStructs.struct(C_CHAR.withName("a"), u.withName("u"), C_CHAR.withName("z"));
        assertEquals(16, s.byteSize());
        assertEquals(4, CStructs.offsetOf(s, "u"));
        assertEquals(12, CStructs.offsetOf(s, "z"));
    }

    @Test
    void packedMemberIsNotPadded() {
        StructLayout s = CStructs.struct(C_CHAR.withName("a"), C_INT.withByteAlignment(1).withName("b"));
        assertEquals(5, s.byteSize());
        assertEquals(1, CStructs.offsetOf(s, "b"));
    }

    @Test
    void fieldHandlesReadAndWriteMembersByName() {
        StructLayout in = CStructs.struct(C_CHAR.withName("b"), C_LONG_LONG.withName("c"));
        StructLayout s = CStructs.struct(C_CHAR.withName("a"), C_INT.withName("b"), in.withName("s"),
                C_DOUBLE.withName("c"));
        VarHandle b = CStructs.field(s, "b");
        VarHandle nested = CStructs.field(s, "s", "c");
        VarHandle c = CStructs.field(s, "c");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment struct = arena.allocate(s);
            b.set(struct, 42);
            nested.set(struct, 1L << 40);
            c.set(struct, 2.5);
            assertEquals(42, (int) b.get(struct));
            assertEquals(42, struct.get(ValueLayout.JAVA_INT, 4));
            assertEquals(1L << 40, struct.get(ValueLayout.JAVA_LONG, 16));
            assertEquals(2.5, (double) c.get(struct));
            MemorySegment inner = CStructs.slice(struct, s, "s");
            assertEquals(16, inner.byteSize());
            assertEquals(1L << 40, (long) CStructs.field(in, "c").get(inner));
        }
    }

    @Test
    void mistakesAreRejected() {
        assertThrows(IllegalArgumentException.class, CStructs::struct);
        assertThrows(IllegalArgumentException.class, () -> CStructs.struct(C_INT.withName("x"), C_INT.withName("x")));
        StructLayout s = CStructs.struct(C_INT.withName("x"));
        assertThrows(IllegalArgumentException.class, () -> CStructs.field(s, "y"));
        assertThrows(IllegalArgumentException.class, () -> CStructs.offsetOf(s));
    }
}
