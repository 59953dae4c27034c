package dev.accel.cuda.ops;

import dev.accel.backend.BinaryOp;
import dev.accel.backend.UnaryOp;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import static dev.accel.cuda.ops.KernelArg.f64;
import static dev.accel.cuda.ops.KernelArg.i32;
import static dev.accel.cuda.ops.KernelArg.i64;
import static dev.accel.cuda.ops.KernelArg.ptr;

/**
 * Host side of the elementwise kernels ({@code elementwise.cu}): picks the kernel (a contiguous fast path,
 * else the strided one over a collapsed {@link IterationSpace}, split into chunks above rank
 * {@value StridedDesc#MAX_RANK}) and packs its arguments. Callers have validated operands.
 */
final class ElementwiseLaunches {
    private final Launcher l;

    ElementwiseLaunches(Launcher launcher) {
        this.l = launcher;
    }

    /** Whether any of the tensors is f64: then float ops compute in f64, otherwise in f32. */
    static boolean anyF64(Tensor... ts) {
        for (Tensor t : ts) {
            if (t.dtype() == DType.F64) {
                return true;
            }
        }
        return false;
    }

    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        long[] shape = out.shape();
        Tensor ae = a.expand(shape);
        Tensor be = b.expand(shape);
        IterationSpace s = IterationSpace.of(shape, ae.strides(), be.strides(), out.strides());
        if (s.numel == 0) {
            return;
        }
        int code = OpCode.of(op);
        boolean c64 = anyF64(a, b, out);
        if (s.isContiguous()) {
            if (a.dtype() == DType.F32 && b.dtype() == DType.F32 && out.dtype() == DType.F32) {
                l.grid(Kernel.BINARY_CONTIG_F32, (s.numel + 3) / 4,
                        ptr(l.address(ae, 0)), ptr(l.address(be, 0)), ptr(l.address(out, 0)), i64(s.numel), i32(code));
            } else {
                l.grid(c64 ? Kernel.BINARY_CONTIG_C64 : Kernel.BINARY_CONTIG_C32, s.numel,
                        ptr(l.address(ae, 0)), i32(DTypeCode.of(a.dtype())), ptr(l.address(be, 0)), i32(DTypeCode.of(b.dtype())),
                        ptr(l.address(out, 0)), i32(DTypeCode.of(out.dtype())), i64(s.numel), i32(code));
            }
            return;
        }
        s.forEachChunk(StridedDesc.MAX_RANK, (off, sh, st, n) -> {
            boolean wide = Launcher.wideIndex(n);
            Kernel k = c64 ? (wide ? Kernel.BINARY_STRIDED_C64_I64 : Kernel.BINARY_STRIDED_C64_I32)
                    : (wide ? Kernel.BINARY_STRIDED_C32_I64 : Kernel.BINARY_STRIDED_C32_I32);
            l.grid(k, n,
                    ptr(l.address(ae, off[0])), StridedDesc.pack(sh, st[0]), i32(DTypeCode.of(a.dtype())),
                    ptr(l.address(be, off[1])), StridedDesc.pack(sh, st[1]), i32(DTypeCode.of(b.dtype())),
                    ptr(l.address(out, off[2])), StridedDesc.pack(sh, st[2]), i32(DTypeCode.of(out.dtype())),
                    i64(n), i32(code));
        });
    }

    /** {@code out = op(x)}, or {@code out = x * factor} when {@code op} is null. */
    void unary(UnaryOp op, double factor, Tensor x, Tensor out) {
        IterationSpace s = IterationSpace.of(out.shape(), x.strides(), out.strides());
        if (s.numel == 0) {
            return;
        }
        int code = op == null ? OpCode.SCALE : OpCode.of(op);
        boolean c64 = anyF64(x, out);
        if (s.isContiguous()) {
            if (x.dtype() == DType.F32 && out.dtype() == DType.F32) {
                l.grid(Kernel.UNARY_CONTIG_F32, (s.numel + 3) / 4,
                        ptr(l.address(x, 0)), ptr(l.address(out, 0)), i64(s.numel), i32(code), f64(factor));
            } else {
                l.grid(c64 ? Kernel.UNARY_CONTIG_C64 : Kernel.UNARY_CONTIG_C32, s.numel,
                        ptr(l.address(x, 0)), i32(DTypeCode.of(x.dtype())), ptr(l.address(out, 0)), i32(DTypeCode.of(out.dtype())),
                        i64(s.numel), i32(code), f64(factor));
            }
            return;
        }
        s.forEachChunk(StridedDesc.MAX_RANK, (off, sh, st, n) -> {
            boolean wide = Launcher.wideIndex(n);
            Kernel k = c64 ? (wide ? Kernel.UNARY_STRIDED_C64_I64 : Kernel.UNARY_STRIDED_C64_I32)
                    : (wide ? Kernel.UNARY_STRIDED_C32_I64 : Kernel.UNARY_STRIDED_C32_I32);
            l.grid(k, n,
                    ptr(l.address(x, off[0])), StridedDesc.pack(sh, st[0]), i32(DTypeCode.of(x.dtype())),
                    ptr(l.address(out, off[1])), StridedDesc.pack(sh, st[1]), i32(DTypeCode.of(out.dtype())),
                    i64(n), i32(code), f64(factor));
        });
    }

    /** {@code dst = src} converted to {@code dst}'s dtype (same shape); a plain copy when the dtypes match. */
    void convert(Tensor src, Tensor dst) {
        if (src.dtype() == dst.dtype()) {
            copy(src, dst);
            return;
        }
        IterationSpace s = IterationSpace.of(dst.shape(), src.strides(), dst.strides());
        s.forEachChunk(StridedDesc.MAX_RANK, (off, sh, st, n) -> l.grid(
                Launcher.wideIndex(n) ? Kernel.CONVERT_STRIDED_I64 : Kernel.CONVERT_STRIDED_I32, n,
                ptr(l.address(src, off[0])), StridedDesc.pack(sh, st[0]), i32(DTypeCode.of(src.dtype())),
                ptr(l.address(dst, off[1])), StridedDesc.pack(sh, st[1]), i32(DTypeCode.of(dst.dtype())),
                i64(n)));
    }

    /** Same-dtype copy between any layouts: bytes when both are contiguous, else by element size. */
    void copy(Tensor src, Tensor dst) {
        IterationSpace s = IterationSpace.of(dst.shape(), src.strides(), dst.strides());
        if (s.numel == 0) {
            return;
        }
        int size = src.dtype().byteSize();
        if (s.isContiguous()) {
            long bytes = s.numel * size;
            l.grid(Kernel.COPY_CONTIG, (bytes + 15) / 16, ptr(l.address(src, 0)), ptr(l.address(dst, 0)), i64(bytes));
            return;
        }
        s.forEachChunk(StridedDesc.MAX_RANK, (off, sh, st, n) -> l.grid(Kernel.copyStrided(size, Launcher.wideIndex(n)), n,
                ptr(l.address(src, off[0])), StridedDesc.pack(sh, st[0]),
                ptr(l.address(dst, off[1])), StridedDesc.pack(sh, st[1]), i64(n)));
    }

    /** Writes {@code value} into every element of the float tensor {@code out}. */
    void fill(Tensor out, double value) {
        IterationSpace s = IterationSpace.of(out.shape(), out.strides());
        s.forEachChunk(StridedDesc.MAX_RANK, (off, sh, st, n) -> l.grid(Kernel.FILL_FP_STRIDED, n,
                ptr(l.address(out, off[0])), StridedDesc.pack(sh, st[0]), i32(DTypeCode.of(out.dtype())), f64(value), i64(n)));
    }
}
