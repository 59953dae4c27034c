package dev.accel.cuda.ops;

import dev.accel.backend.ReduceOp;
import dev.accel.tensor.Tensor;

import java.util.Arrays;

import static dev.accel.cuda.ops.ElementwiseLaunches.anyF64;
import static dev.accel.cuda.ops.KernelArg.f64;
import static dev.accel.cuda.ops.KernelArg.i32;
import static dev.accel.cuda.ops.KernelArg.i64;
import static dev.accel.cuda.ops.KernelArg.ptr;

/**
 * Host side of the row kernels ({@code rows.cu}): softmax and the norms over the last axis, one block per
 * row, and reductions over one axis. The rows (every axis but the reduced one) are a collapsed
 * {@link IterationSpace}; the reduced axis is passed as a length and a stride. Callers have validated operands.
 */
final class RowLaunches {
    /**
     * A reduced axis of at least this many elements gets a block per output when it is contiguous (or when
     * there are few outputs); otherwise one thread per output walks it.
     */
    static final long BLOCK_REDUCE_MIN_LENGTH = 32;
    /** Below this many outputs, a long strided axis is still reduced by one block per output. */
    static final long FEW_OUTPUTS = 2048;

    private final Launcher l;

    RowLaunches(Launcher launcher) {
        this.l = launcher;
    }

    void softmax(Tensor x, Tensor out) {
        rowOp(Kernel.SOFTMAX_C32, Kernel.SOFTMAX_C64, x, out, null, null, 0);
    }

    /** {@code gamma} and {@code beta} broadcast to the last axis (checked by the caller). */
    void layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out) {
        rowOp(Kernel.LAYER_NORM_C32, Kernel.LAYER_NORM_C64, x, out, gamma, beta, eps);
    }

    void rmsNorm(Tensor x, Tensor gamma, double eps, Tensor out) {
        rowOp(Kernel.RMS_NORM_C32, Kernel.RMS_NORM_C64, x, out, gamma, null, eps);
    }

    /** Column stride of a per-column parameter that broadcasts to {@code [d]}: 0 when it holds one value. */
    static long columnStride(Tensor p, long d) {
        return p.rank() > 0 && p.size(-1) == d && d > 1 ? p.stride(-1) : 0;
    }

    private void rowOp(Kernel k32, Kernel k64, Tensor x, Tensor out, Tensor gamma, Tensor beta, double eps) {
        if (x.rank() == 0) {
            x = x.unsqueeze(0);
            out = out.unsqueeze(0);
        }
        if (x.numel() == 0) {
            return;
        }
        int r = x.rank();
        long d = x.size(-1);
        Tensor xv = x;
        Tensor ov = out;
        Kernel k = anyF64(gamma == null ? new Tensor[] {x, out} : beta == null ? new Tensor[] {x, out, gamma} : new Tensor[] {x, out, gamma, beta})
                ? k64 : k32;
        IterationSpace rows = IterationSpace.of(Arrays.copyOf(x.shape(), r - 1), Arrays.copyOf(x.strides(), r - 1), Arrays.copyOf(out.strides(), r - 1));
        int threads = Launcher.rowThreads(d);
        rows.forEachChunk(StridedDesc.MAX_RANK, (off, sh, st, n) -> {
            KernelArg[] xs = {ptr(l.address(xv, off[0])), StridedDesc.pack(sh, st[0]), i64(xv.stride(-1)), i32(DTypeCode.of(xv.dtype()))};
            KernelArg[] os = {ptr(l.address(ov, off[1])), StridedDesc.pack(sh, st[1]), i64(ov.stride(-1)), i32(DTypeCode.of(ov.dtype())),
                    i64(n), i64(d)};
            KernelArg[] params;
            if (gamma == null) {
                params = new KernelArg[0];
            } else if (beta == null) {
                params = new KernelArg[] {ptr(l.address(gamma, 0)), i64(columnStride(gamma, d)), i32(DTypeCode.of(gamma.dtype())), f64(eps)};
            } else {
                params = new KernelArg[] {ptr(l.address(gamma, 0)), i64(columnStride(gamma, d)), i32(DTypeCode.of(gamma.dtype())),
                        ptr(l.address(beta, 0)), i64(columnStride(beta, d)), i32(DTypeCode.of(beta.dtype())), f64(eps)};
            }
            l.rows(k, n, threads, concat(xs, params, os));
        });
    }

    private static KernelArg[] concat(KernelArg[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(KernelArg[]::new);
    }

    /** Reduces {@code axis} (normalized) of {@code x} into {@code out}, whose shape is {@code x}'s without the axis. */
    void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        long[] xShape = x.shape();
        long[] xStrides = x.strides();
        int r = xShape.length;
        long[] shape = new long[r - 1];
        long[] xs = new long[r - 1];
        for (int i = 0, j = 0; i < r; i++) {
            if (i != axis) {
                shape[j] = xShape[i];
                xs[j++] = xStrides[i];
            }
        }
        IterationSpace outs = IterationSpace.of(shape, xs, out.strides());
        if (outs.numel == 0) {
            return;
        }
        long n = xShape[axis];
        long step = xStrides[axis];
        boolean c64 = anyF64(x, out);
        boolean block = n >= BLOCK_REDUCE_MIN_LENGTH && (step == 1 || outs.numel < FEW_OUTPUTS);
        Kernel k = block ? (c64 ? Kernel.REDUCE_ROWS_C64 : Kernel.REDUCE_ROWS_C32) : (c64 ? Kernel.REDUCE_COLS_C64 : Kernel.REDUCE_COLS_C32);
        outs.forEachChunk(StridedDesc.MAX_RANK, (off, sh, st, count) -> {
            KernelArg[] args = {ptr(l.address(x, off[0])), StridedDesc.pack(sh, st[0]), i64(step), i32(DTypeCode.of(x.dtype())),
                    ptr(l.address(out, off[1])), StridedDesc.pack(sh, st[1]), i32(DTypeCode.of(out.dtype())),
                    i64(count), i64(n), i32(OpCode.of(op))};
            if (block) {
                l.rows(k, count, Launcher.rowThreads(n), args);
            } else {
                l.grid(k, count, args);
            }
        });
    }
}
