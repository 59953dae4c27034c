package dev.accel.tensor;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Views are checked by value: the base tensor holds its own row-major linear index in each element, so
 * the element a view shows at some index is the linear index of the base element it should alias, which
 * the tests compute independently of the strides.
 */
class TensorViewTest {
    private final MemoryScope scope = MemoryScope.confined();

    @AfterEach
    void close() {
        scope.close();
    }

    /** An f64 tensor of {@code shape} whose element at each index is its row-major linear index. */
    private Tensor iota(long... shape) {
        int n = (int) Shapes.numel(shape);
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            data[i] = i;
        }
        return Tensor.copyOf(scope, data, shape);
    }

    /** Row-major linear index of {@code index} in {@code shape}, computed from the definition. */
    private static long linear(long[] shape, long... index) {
        long l = 0;
        for (int i = 0; i < shape.length; i++) {
            l = l * shape[i] + index[i];
        }
        return l;
    }

    /** Every index of {@code shape} in row-major order. */
    private static Iterable<long[]> indices(long... shape) {
        java.util.List<long[]> all = new java.util.ArrayList<>();
        long n = Shapes.numel(shape);
        for (long k = 0; k < n; k++) {
            long[] idx = new long[shape.length];
            long rest = k;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rest % shape[d];
                rest /= shape[d];
            }
            all.add(idx);
        }
        return all;
    }

    private static void assertSameMemory(Tensor a, Tensor b) {
        assertSame(a.memory(), b.memory(), "a view shares the memory object");
    }

    // ---- slice / narrow / select -----------------------------------------------------------------

    @Test
    void sliceWithStepViewsTheRightElements() {
        Tensor t = iota(4, 10);
        Tensor s = t.slice(1, 1, 9, 3); // columns 1, 4, 7
        assertArrayEquals(new long[] {4, 3}, s.shape());
        assertSameMemory(t, s);
        for (long[] i : indices(4, 3)) {
            assertEquals(linear(new long[] {4, 10}, i[0], 1 + 3 * i[1]), s.getDouble(i), Arrays.toString(i));
        }
        assertFalse(s.isContiguous());
    }

    @Test
    void sliceClampsAndAcceptsNegativeBoundsLikePython() {
        Tensor t = iota(10);
        assertArrayEquals(new double[] {7, 8, 9}, t.slice(0, -3, 100).toDoubleArray());
        assertArrayEquals(new double[] {0, 1}, t.slice(0, -100, 2).toDoubleArray());
        assertEquals(0, t.slice(0, 5, 3).numel(), "end before start gives an empty view");
        assertEquals(0, t.slice(0, 10, 20).numel());
        assertArrayEquals(new double[] {2, 5, 8}, t.slice(0, 2, 10, 3).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> t.slice(0, 0, 5, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.slice(1, 0, 5));
    }

    @Test
    void narrowChecksItsRange() {
        Tensor t = iota(3, 5);
        Tensor n = t.narrow(1, 2, 3);
        for (long[] i : indices(3, 3)) {
            assertEquals(linear(new long[] {3, 5}, i[0], i[1] + 2), n.getDouble(i));
        }
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.narrow(1, 3, 3));
        assertTrue(e.getMessage().contains("[3, 5]"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> t.narrow(0, -1, 1));
        assertEquals(0, t.narrow(1, 5, 0).numel());
    }

    @Test
    void selectRemovesTheAxisAndAcceptsNegativeIndices() {
        Tensor t = iota(2, 3, 4);
        Tensor s = t.select(1, 2);
        assertArrayEquals(new long[] {2, 4}, s.shape());
        for (long[] i : indices(2, 4)) {
            assertEquals(linear(new long[] {2, 3, 4}, i[0], 2, i[1]), s.getDouble(i));
        }
        Tensor last = t.select(-1, -1);
        assertArrayEquals(new long[] {2, 3}, last.shape());
        for (long[] i : indices(2, 3)) {
            assertEquals(linear(new long[] {2, 3, 4}, i[0], i[1], 3), last.getDouble(i));
        }
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.select(1, 3));
        assertTrue(e.getMessage().contains("[2, 3, 4]"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> t.select(1, -4));
        // selecting every axis gives a rank-0 view of one element
        Tensor scalar = t.select(0, 1).select(0, 2).select(0, 3);
        assertEquals(0, scalar.rank());
        assertEquals(linear(new long[] {2, 3, 4}, 1, 2, 3), scalar.getDouble());
    }

    @Test
    void viewsWriteThroughToTheBase() {
        Tensor t = iota(3, 4);
        t.transpose(0, 1).select(0, 2).setDouble(-1, 1); // element [1, 2] of t
        assertEquals(-1, t.getDouble(1, 2));
        t.slice(1, 1, 4, 2).setLong(77, 2, 1); // column 1 + 2*1 = 3 of row 2
        assertEquals(77, t.getDouble(2, 3));
    }

    // ---- reshape ----------------------------------------------------------------------------------

    @Test
    void reshapeOfContiguousIsAView() {
        Tensor t = iota(2, 3, 4);
        Tensor r = t.reshape(6, -1);
        assertArrayEquals(new long[] {6, 4}, r.shape());
        assertArrayEquals(new long[] {4, 1}, r.strides());
        assertSameMemory(t, r);
        assertArrayEquals(t.toDoubleArray(), r.toDoubleArray());
        r.setDouble(100, 5, 3);
        assertEquals(100, t.getDouble(1, 2, 3));
        assertArrayEquals(new long[] {24}, t.reshape(-1).shape());
    }

    @Test
    void reshapeOfNonContiguousViewWhenStridesAllow() {
        Tensor t = iota(4, 6);
        // Column slice: rows stay 6 apart; splitting the row axis is expressible.
        Tensor s = t.slice(1, 0, 3); // [4, 3], strides [6, 1]
        Tensor r = s.reshape(2, 2, 3);
        assertArrayEquals(new long[] {12, 6, 1}, r.strides());
        for (long[] i : indices(2, 2, 3)) {
            assertEquals(linear(new long[] {4, 6}, i[0] * 2 + i[1], i[2]), r.getDouble(i));
        }
        // A transposed tensor can add size-1 axes.
        Tensor tr = t.transpose(0, 1); // [6, 4]
        Tensor u = tr.reshape(6, 1, 4);
        for (long[] i : indices(6, 1, 4)) {
            assertEquals(linear(new long[] {4, 6}, i[2], i[0]), u.getDouble(i));
        }
    }

    @Test
    void reshapeThatNeedsACopyFailsWithNotAView() {
        Tensor tr = iota(2, 3).transpose(0, 1); // [3, 2]
        AccelException e = assertThrows(AccelException.class, () -> tr.reshape(6));
        assertEquals(ErrorCode.NOT_A_VIEW, e.code());
        assertTrue(e.getMessage().contains("contiguous()"), e.getMessage());
        // The documented way out: contiguous() copies, then reshape works.
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, tr.contiguous().reshape(6).toDoubleArray());
    }

    @Test
    void reshapeRejectsWrongElementCounts() {
        Tensor t = iota(2, 3);
        assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> t.reshape(4, 2)).code());
        assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> t.reshape(4, -1)).code());
        assertThrows(IllegalArgumentException.class, () -> t.reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> t.reshape(-2, -3));
    }

    // ---- permute / transpose ----------------------------------------------------------------------

    @Test
    void permuteReordersAxes() {
        long[] shape = {2, 3, 4};
        Tensor t = iota(shape);
        Tensor p = t.permute(2, 0, 1); // [4, 2, 3]
        assertArrayEquals(new long[] {4, 2, 3}, p.shape());
        assertArrayEquals(new long[] {1, 12, 4}, p.strides());
        assertSameMemory(t, p);
        for (long[] i : indices(4, 2, 3)) {
            assertEquals(linear(shape, i[1], i[2], i[0]), p.getDouble(i));
        }
        assertFalse(p.isContiguous());
        assertThrows(IllegalArgumentException.class, () -> t.permute(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> t.permute(0, 1));
        assertArrayEquals(p.shape(), t.permute(-1, 0, 1).shape());
    }

    @Test
    void transposeSwapsTwoAxes() {
        Tensor t = iota(3, 5);
        Tensor tr = t.transpose(0, 1);
        for (long[] i : indices(5, 3)) {
            assertEquals(linear(new long[] {3, 5}, i[1], i[0]), tr.getDouble(i));
        }
        assertTrue(tr.transpose(1, 0).isContiguous());
        assertArrayEquals(t.toDoubleArray(), tr.transpose(-1, -2).toDoubleArray());
    }

    // ---- expand -----------------------------------------------------------------------------------

    @Test
    void expandBroadcastsWithStrideZero() {
        Tensor row = iota(1, 3);
        Tensor e = row.expand(2, 4, 3);
        assertArrayEquals(new long[] {2, 4, 3}, e.shape());
        assertArrayEquals(new long[] {0, 0, 1}, e.strides());
        for (long[] i : indices(2, 4, 3)) {
            assertEquals(i[2], e.getDouble(i));
        }
        assertFalse(e.isContiguous());
        Tensor col = iota(3, 1).expand(-1, 5);
        assertArrayEquals(new long[] {1, 0}, col.strides());
        for (long[] i : indices(3, 5)) {
            assertEquals(i[0], col.getDouble(i));
        }
        // Writes through a broadcast view land on the one shared element.
        e.setDouble(42, 1, 3, 2);
        assertEquals(42, row.getDouble(0, 2));
        AccelException bad = assertThrows(AccelException.class, () -> iota(2, 3).expand(4, 3));
        assertEquals(ErrorCode.SHAPE_MISMATCH, bad.code());
        assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> iota(2, 3).expand(3)).code());
        assertEquals(0, row.expand(0, 3).numel());
    }

    // ---- squeeze / unsqueeze ----------------------------------------------------------------------

    @Test
    void squeezeAndUnsqueeze() {
        Tensor t = iota(1, 3, 1, 2);
        Tensor s = t.squeeze();
        assertArrayEquals(new long[] {3, 2}, s.shape());
        assertArrayEquals(t.toDoubleArray(), s.toDoubleArray());
        assertArrayEquals(new long[] {3, 1, 2}, t.squeeze(0).shape());
        assertArrayEquals(new long[] {1, 3, 2}, t.squeeze(-2).shape());
        assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> t.squeeze(1)).code());

        Tensor v = iota(3, 2);
        assertArrayEquals(new long[] {1, 3, 2}, v.unsqueeze(0).shape());
        assertArrayEquals(new long[] {3, 1, 2}, v.unsqueeze(1).shape());
        assertArrayEquals(new long[] {3, 2, 1}, v.unsqueeze(2).shape());
        assertArrayEquals(new long[] {3, 2, 1}, v.unsqueeze(-1).shape());
        assertTrue(v.unsqueeze(1).isContiguous());
        assertTrue(v.unsqueeze(2).isContiguous());
        for (long[] i : indices(3, 1, 2)) {
            assertEquals(linear(new long[] {3, 2}, i[0], i[2]), v.unsqueeze(1).getDouble(i));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> v.unsqueeze(3));
        assertThrows(IndexOutOfBoundsException.class, () -> v.unsqueeze(-4));
        // unsqueeze of a transposed view keeps it a faithful view
        Tensor tu = v.transpose(0, 1).unsqueeze(1); // [2, 1, 3]
        for (long[] i : indices(2, 1, 3)) {
            assertEquals(linear(new long[] {3, 2}, i[2], i[0]), tu.getDouble(i));
        }
        Tensor scalar = Tensor.copyOf(scope, new double[] {5}).squeeze();
        assertEquals(0, scalar.rank());
        assertArrayEquals(new long[] {1}, scalar.unsqueeze(0).shape());
    }

    // ---- rank 0 and empty tensors -----------------------------------------------------------------

    @Test
    void rankZeroTensors() {
        Tensor s = Tensor.zeros(scope, DType.F32);
        assertEquals(0, s.rank());
        assertEquals(1, s.numel());
        assertEquals(4, s.byteSize());
        assertTrue(s.isContiguous());
        s.setDouble(2.5);
        assertEquals(2.5, s.getDouble());
        assertArrayEquals(new float[] {2.5f}, s.toFloatArray());
        assertArrayEquals(new long[] {1, 1}, s.reshape(1, 1).shape());
        assertArrayEquals(new long[] {4}, s.expand(4).shape());
        assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5}, s.expand(4).toDoubleArray());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.getDouble(0));
        assertTrue(e.getMessage().contains("[]"), e.getMessage());
        Tensor copy = Tensor.zeros(scope, DType.F32);
        s.copyTo(copy);
        assertEquals(2.5, copy.getDouble());
    }

    @Test
    void emptyTensors() {
        Tensor e = Tensor.zeros(scope, DType.F32, 3, 0, 2);
        assertEquals(0, e.numel());
        assertEquals(0, e.byteSize());
        assertTrue(e.isContiguous());
        assertEquals(0, e.toFloatArray().length);
        assertArrayEquals(new long[] {0, 5}, e.reshape(0, 5).shape());
        assertArrayEquals(new long[] {3, 0, 2}, e.transpose(0, 2).transpose(0, 2).shape());
        Tensor et = e.transpose(0, 2);
        assertSame(et, et.contiguous(), "an empty tensor is contiguous whatever its strides");
        Tensor dst = Tensor.zeros(scope, DType.F32, 3, 0, 2);
        e.copyTo(dst); // no elements, no failure
        assertThrows(IndexOutOfBoundsException.class, () -> e.getDouble(0, 0, 0));
        assertEquals(0, iota(4).slice(0, 2, 2).toDoubleArray().length);
        Tensor empty1d = Tensor.copyOf(scope, new float[0], 0);
        assertEquals(0, empty1d.asSegment().byteSize());
    }

    // ---- contiguous -------------------------------------------------------------------------------

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor t = iota(3, 4);
        assertSame(t, t.contiguous());
        Tensor row = t.select(0, 1);
        assertSame(row, row.contiguous(), "a row of a contiguous tensor is contiguous");
        Tensor col = t.select(1, 1);
        Tensor colCopy = col.contiguous();
        assertNotSame(col, colCopy);
        assertTrue(colCopy.isContiguous());
        assertArrayEquals(new double[] {1, 5, 9}, colCopy.toDoubleArray());
        colCopy.setDouble(-7, 0);
        assertEquals(1, t.getDouble(0, 1), "the copy does not alias the original");
        Tensor tr = t.transpose(0, 1).contiguous();
        assertArrayEquals(new long[] {3, 1}, tr.strides());
        for (long[] i : indices(4, 3)) {
            assertEquals(linear(new long[] {3, 4}, i[1], i[0]), tr.getDouble(i));
        }
    }

    @Test
    void isContiguousCases() {
        Tensor t = iota(2, 3, 4);
        assertTrue(t.isContiguous());
        assertTrue(t.select(0, 1).isContiguous());
        assertTrue(t.narrow(0, 1, 1).isContiguous(), "one outer slice is still packed");
        assertTrue(t.narrow(1, 1, 1).narrow(0, 0, 1).isContiguous());
        assertFalse(t.narrow(2, 0, 2).isContiguous());
        assertFalse(t.narrow(1, 0, 2).isContiguous(), "rows of a slice are not adjacent to the next matrix");
        assertFalse(t.transpose(1, 2).isContiguous());
        assertTrue(t.unsqueeze(3).isContiguous());
        assertFalse(t.select(2, 1).isContiguous(), "every 4th element");
        assertTrue(t.select(0, 1).select(0, 2).isContiguous());
        assertFalse(iota(1, 3).expand(2, 3).isContiguous());
        assertTrue(iota(3).expand(1, 3).isContiguous(), "a new axis of size 1 is fine with stride 0");
        // Size-1 axes may have any stride.
        Tensor odd = Tensor.view(t.memory(), DType.F64, new long[] {1, 4}, new long[] {999, 1}, 0);
        assertTrue(odd.isContiguous());
    }

    // ---- copyTo -----------------------------------------------------------------------------------

    @Test
    void copyToBroadcastsAndHandlesLayouts() {
        Tensor src = iota(3); // [0, 1, 2]
        Tensor dst = Tensor.zeros(scope, DType.F64, 2, 3);
        src.copyTo(dst);
        assertArrayEquals(new double[] {0, 1, 2, 0, 1, 2}, dst.toDoubleArray());

        Tensor col = iota(2, 1);
        Tensor dst2 = Tensor.zeros(scope, DType.F64, 2, 3);
        col.copyTo(dst2);
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, dst2.toDoubleArray());

        // Transposed source into a contiguous destination.
        Tensor a = iota(3, 4);
        Tensor at = Tensor.zeros(scope, DType.F64, 4, 3);
        a.transpose(0, 1).copyTo(at);
        for (long[] i : indices(4, 3)) {
            assertEquals(linear(new long[] {3, 4}, i[1], i[0]), at.getDouble(i));
        }
        // Contiguous source into a transposed, strided destination.
        Tensor big = Tensor.zeros(scope, DType.F64, 4, 6);
        Tensor window = big.slice(1, 1, 6, 2).transpose(0, 1); // [3, 4], strides [2, 6]
        a.copyTo(window);
        for (long[] i : indices(4, 6)) {
            boolean written = i[1] % 2 == 1;
            double expected = written ? linear(new long[] {3, 4}, (i[1] - 1) / 2, i[0]) : 0;
            assertEquals(expected, big.getDouble(i), Arrays.toString(i));
        }
        // Non-contiguous to non-contiguous with inner strides != 1, i32 elements.
        Tensor ints = Tensor.copyOf(scope, new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor intsT = Tensor.zeros(scope, DType.I32, 3, 2);
        ints.transpose(0, 1).copyTo(intsT.transpose(0, 1).transpose(0, 1));
        assertArrayEquals(new long[] {1, 4, 2, 5, 3, 6}, intsT.toLongArray());

        assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> iota(3).copyTo(Tensor.zeros(scope, DType.F32, 3))).code());
        assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> iota(4).copyTo(Tensor.zeros(scope, DType.F64, 3))).code());
    }

    @Test
    void copyToEveryDtypeKeepsBitsExactly() {
        for (DType t : DType.values()) {
            Tensor src = Tensor.zeros(scope, t, 2, 3);
            for (long[] i : indices(2, 3)) {
                src.setLong(linear(new long[] {2, 3}, i) % 2 == 0 ? 1 : 0, i);
            }
            Tensor dst = Tensor.zeros(scope, t, 3, 2);
            src.transpose(0, 1).copyTo(dst);
            for (long[] i : indices(3, 2)) {
                assertEquals(src.getDouble(i[1], i[0]), dst.getDouble(i), t + " " + Arrays.toString(i));
            }
        }
    }

    // ---- array export ------------------------------------------------------------------------------

    @Test
    void arrayExportsFollowRowMajorOrderOfTheView() {
        Tensor t = iota(2, 3);
        Tensor tr = t.transpose(0, 1);
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, tr.toDoubleArray());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, tr.toFloatArray());
        assertArrayEquals(new long[] {0, 3, 1, 4, 2, 5}, tr.toLongArray());
        Tensor halves = Tensor.zeros(scope, DType.F16, 3);
        halves.setDouble(1.5, 0);
        halves.setDouble(-2.25, 1);
        halves.setDouble(65504, 2);
        assertArrayEquals(new double[] {1.5, -2.25, 65504}, halves.toDoubleArray());
        assertArrayEquals(new long[] {1, -2, 65504}, halves.toLongArray());
        Tensor bytes = Tensor.copyOf(scope, new byte[] {(byte) 0xFF, 1}, DType.U8, 2);
        assertArrayEquals(new long[] {255, 1}, bytes.toLongArray());
        assertArrayEquals(new long[] {-1, 1}, Tensor.copyOf(scope, new byte[] {(byte) 0xFF, 1}, DType.I8, 2).toLongArray());
    }

    // ---- element access bounds ---------------------------------------------------------------------

    @Test
    void elementAccessOutOfRangeNamesTheShape() {
        Tensor t = iota(2, 3);
        for (long[] bad : new long[][] {{2, 0}, {0, 3}, {-1, 0}, {0}, {0, 0, 0}}) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.getDouble(bad), Arrays.toString(bad));
            assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> t.setDouble(1, bad));
            assertThrows(IndexOutOfBoundsException.class, () -> t.getLong(bad));
            assertThrows(IndexOutOfBoundsException.class, () -> t.setLong(1, bad));
        }
        // Out of range of a view, even where the base has memory.
        Tensor view = t.narrow(1, 0, 2);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> view.getDouble(0, 2));
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
    }

    @Test
    void generalViewChecksItStaysInsideTheMemory() {
        Tensor t = iota(2, 3);
        Tensor v = Tensor.view(t.memory(), DType.F64, new long[] {2, 2}, new long[] {1, 2}, 1);
        assertArrayEquals(new double[] {1, 3, 2, 4}, v.toDoubleArray());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.view(t.memory(), DType.F64, new long[] {2, 3}, new long[] {3, 1}, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.view(t.memory(), DType.F64, new long[] {7}, new long[] {1}, 0));
        // Negative strides are accepted by view() when they stay inside.
        Tensor reversed = Tensor.view(t.memory(), DType.F64, new long[] {6}, new long[] {-1}, 5);
        assertArrayEquals(new double[] {5, 4, 3, 2, 1, 0}, reversed.toDoubleArray());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.view(t.memory(), DType.F64, new long[] {6}, new long[] {-1}, 4));
        assertThrows(IllegalArgumentException.class, () -> Tensor.view(t.memory(), DType.F64, new long[] {6}, new long[] {1, 1}, 0));
    }

    @Test
    void descriptorAccessorsReturnCopies() {
        Tensor t = iota(2, 3);
        t.shape()[0] = 99;
        t.strides()[0] = 99;
        assertArrayEquals(new long[] {2, 3}, t.shape());
        assertArrayEquals(new long[] {3, 1}, t.strides());
        assertEquals(3, t.size(-1));
        assertEquals(3, t.stride(0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.size(2));
    }
}
