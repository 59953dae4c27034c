package dev.accel.cuda.ops;

import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.Arrays;

import static dev.accel.cuda.ops.KernelArg.i32;
import static dev.accel.cuda.ops.KernelArg.i64;
import static dev.accel.cuda.ops.KernelArg.ptr;

/**
 * Host side of gather. Kernels cannot throw, so every index is checked first, on the device:
 * {@code gather_check} records the smallest position of an index outside {@code [0, rows)} in an 8-byte
 * scratch word (initialized to all ones by {@code set_u64}); the host synchronizes the op stream, reads the
 * word and, when it was set, the offending index, and throws {@link IndexOutOfBoundsException} naming both,
 * before anything is written (as on the CPU). Then {@code gather_rows} copies the rows, converting to
 * {@code out}'s dtype. The check costs one synchronization per gather.
 */
final class GatherLaunches {
    private static final long NONE = -1L; // all ones: no bad index

    private final Launcher l;
    private final ElementwiseLaunches elementwise;

    GatherLaunches(Launcher launcher, ElementwiseLaunches elementwise) {
        this.l = launcher;
        this.elementwise = elementwise;
    }

    void gather(Tensor table, Tensor indices, Tensor out) {
        long count = indices.numel();
        long d = table.size(1);
        if (count == 0) {
            return;
        }
        long rows = table.size(0);
        try (Launcher.Temps tmp = l.temps()) {
            checkIndices(indices, rows, tmp);
        }
        if (d == 0) {
            return;
        }
        int r = indices.rank();
        IterationSpace s = IterationSpace.of(indices.shape(), indices.strides(), Arrays.copyOf(out.strides(), r));
        s.forEachChunk(StridedDesc.MAX_RANK, (off, sh, st, n) -> l.grid(Kernel.GATHER_ROWS, n * d,
                ptr(l.address(table, 0)), i64(table.stride(0)), i64(table.stride(1)), i32(DTypeCode.of(table.dtype())),
                ptr(l.address(indices, off[0])), StridedDesc.pack(sh, st[0]), i32(DTypeCode.of(indices.dtype())),
                ptr(l.address(out, off[1])), StridedDesc.pack(sh, st[1]), i64(out.stride(-1)), i32(DTypeCode.of(out.dtype())),
                i64(n), i64(d)));
    }

    private void checkIndices(Tensor indices, long rows, Launcher.Temps tmp) {
        long[] shape = indices.shape();
        IterationSpace s = IterationSpace.of(shape, indices.strides());
        Tensor idx = indices;
        if (s.rank() > StridedDesc.MAX_RANK) { // positions must be row-major over the whole tensor: one descriptor
            idx = tmp.tensor(indices.dtype(), shape);
            elementwise.copy(indices, idx);
            s = IterationSpace.of(shape, idx.strides());
        }
        Tensor flag = tmp.tensor(DType.I64, 1);
        long flagAddress = l.address(flag, 0);
        l.runtime.launch(Kernel.SET_U64.source.fileName, Kernel.SET_U64.entry, 1, 1, 1, 1, 1, 1, 0, ptr(flagAddress), i64(NONE));
        l.grid(Kernel.GATHER_CHECK, s.numel, ptr(l.address(idx, 0)), StridedDesc.pack(s.shape, s.strides[0]),
                i32(DTypeCode.of(idx.dtype())), i64(s.numel), i64(rows), ptr(flagAddress));
        tmp.synchronize();
        long first = readLong(flag, tmp);
        if (first != NONE) {
            long[] at = position(first, shape);
            long value = readLong(elementAt(indices, at), tmp);
            throw new IndexOutOfBoundsException("gather: index " + value + " at position " + Arrays.toString(at) + " of indices "
                    + Shapes.format(shape) + " is out of range for a table of " + rows + " rows");
        }
    }

    /** The multi-index of row-major position {@code linear} in {@code shape}. */
    static long[] position(long linear, long[] shape) {
        long[] at = new long[shape.length];
        long rem = linear;
        for (int i = shape.length - 1; i >= 0; i--) {
            at[i] = rem % shape[i];
            rem /= shape[i];
        }
        return at;
    }

    private static Tensor elementAt(Tensor t, long[] at) {
        long off = t.offset();
        for (int i = 0; i < at.length; i++) {
            off += at[i] * t.stride(i);
        }
        return Tensor.view(t.memory(), t.dtype(), new long[] {1}, new long[] {1}, off);
    }

    /** Copies one device element to the host (through the device's copy) and reads it as a long. */
    private static long readLong(Tensor deviceElement, Launcher.Temps tmp) {
        Tensor host = Tensor.zeros(tmp.hostScope(), deviceElement.dtype(), 1);
        deviceElement.copyTo(host);
        return host.getLong(0);
    }
}
