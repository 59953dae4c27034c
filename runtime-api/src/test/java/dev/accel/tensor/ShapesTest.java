package dev.accel.tensor;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapesTest {

    @Test
    void numelAndStrides() {
        assertEquals(1, Shapes.numel(new long[0]));
        assertEquals(24, Shapes.numel(new long[] {2, 3, 4}));
        assertEquals(0, Shapes.numel(new long[] {2, 0, 4}));
        assertThrows(ArithmeticException.class, () -> Shapes.numel(new long[] {1L << 32, 1L << 32}));
        assertArrayEquals(new long[] {12, 4, 1}, Shapes.contiguousStrides(new long[] {2, 3, 4}));
        assertArrayEquals(new long[0], Shapes.contiguousStrides(new long[0]));
        assertArrayEquals(new long[] {4, 4, 1}, Shapes.contiguousStrides(new long[] {2, 0, 4}), "size 0 counts as 1 for strides");
    }

    @Test
    void checkedValidatesAndCopies() {
        long[] s = {2, 3};
        long[] c = Shapes.checked(s);
        assertArrayEquals(s, c);
        assertNotSame(s, c);
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> Shapes.checked(new long[] {2, -1}));
        assertTrue(neg.getMessage().contains("[2, -1]"), neg.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shapes.checked(new long[Shapes.MAX_RANK + 1]));
        assertEquals(Shapes.MAX_RANK, Shapes.checked(new long[Shapes.MAX_RANK]).length);
        assertThrows(IllegalArgumentException.class, () -> Shapes.checked(new long[] {1L << 40, 1L << 40}));
    }

    @Test
    void axisNormalization() {
        assertEquals(2, Shapes.axis(-1, 3));
        assertEquals(0, Shapes.axis(-3, 3));
        assertEquals(1, Shapes.axis(1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Shapes.axis(3, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Shapes.axis(-4, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Shapes.axis(0, 0));
        assertEquals("[2, 3]", Shapes.format(new long[] {2, 3}));
        assertEquals("[]", Shapes.format(new long[0]));
    }

    @Test
    void broadcastFollowsNumPy() {
        assertArrayEquals(new long[] {2, 3, 4}, Shapes.broadcast(new long[] {2, 1, 4}, new long[] {3, 1}));
        assertArrayEquals(new long[] {5}, Shapes.broadcast(new long[0], new long[] {5}));
        assertArrayEquals(new long[] {0, 3}, Shapes.broadcast(new long[] {1, 3}, new long[] {0, 1}));
        assertArrayEquals(new long[] {2, 0}, Shapes.broadcast(new long[] {2, 1}, new long[] {0}));
        AccelException e = assertThrows(AccelException.class, () -> Shapes.broadcast(new long[] {2, 3}, new long[] {4}));
        assertEquals(ErrorCode.SHAPE_MISMATCH, e.code());
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void matmulShapes() {
        assertArrayEquals(new long[] {2, 3}, Shapes.matmul(new long[] {2, 5}, new long[] {5, 3}));
        assertArrayEquals(new long[] {7, 4, 2, 3}, Shapes.matmul(new long[] {7, 1, 2, 5}, new long[] {4, 5, 3}));
        assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> Shapes.matmul(new long[] {2, 5}, new long[] {4, 3})).code());
        assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> Shapes.matmul(new long[] {5}, new long[] {5, 3})).code());
        assertEquals(ErrorCode.SHAPE_MISMATCH,
                assertThrows(AccelException.class, () -> Shapes.matmul(new long[] {2, 2, 5}, new long[] {3, 5, 3})).code());
    }

    @Test
    void gatherReduceConcat() {
        assertArrayEquals(new long[] {4, 2, 8}, Shapes.gather(new long[] {100, 8}, new long[] {4, 2}));
        assertArrayEquals(new long[] {8}, Shapes.gather(new long[] {100, 8}, new long[0]));
        assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> Shapes.gather(new long[] {100}, new long[] {3})).code());

        assertArrayEquals(new long[] {2, 4}, Shapes.reduce(new long[] {2, 3, 4}, 1, false));
        assertArrayEquals(new long[] {2, 1, 4}, Shapes.reduce(new long[] {2, 3, 4}, 1, true));
        assertArrayEquals(new long[] {2, 3}, Shapes.reduce(new long[] {2, 3, 4}, -1, false));
        assertThrows(IndexOutOfBoundsException.class, () -> Shapes.reduce(new long[] {2}, 1, false));

        assertArrayEquals(new long[] {2, 7}, Shapes.concat(new long[][] {{2, 3}, {2, 4}}, 1));
        assertArrayEquals(new long[] {5, 3}, Shapes.concat(new long[][] {{2, 3}, {0, 3}, {3, 3}}, 0));
        assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> Shapes.concat(new long[][] {{2, 3}, {3, 4}}, 1)).code());
        assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> Shapes.concat(new long[][] {{2, 3}, {2}}, 0)).code());
    }
}
