package dev.accel.cuda.ops;

import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.util.Arrays;

/**
 * Plans batched matmuls as cuBLAS GEMMs ({@link GemmSpec}, row-major terms).
 *
 * <ul>
 *   <li>GEMM type: the operands' common dtype when a, b and out share one; otherwise f64 when any is f64,
 *       else f32. Operands of another dtype are converted into contiguous scratch first, and an output of
 *       another dtype is computed into scratch and converted.</li>
 *   <li>Each matrix (last two axes) is used in place when it is row-contiguous (unit column stride: not
 *       transposed, leading dimension = row stride) or column-contiguous (unit row stride: transposed,
 *       leading dimension = column stride); any other layout (e.g. a broadcast row) is copied to contiguous
 *       scratch. A column-contiguous output is computed as {@code out^T = b^T a^T}; any other
 *       non-row-contiguous output goes through scratch.</li>
 *   <li>Batch axes (broadcast: stride 0) are collapsed; one collapsed axis is one strided-batched GEMM,
 *       more are one strided-batched GEMM per combination of the outer ones.</li>
 *   <li>{@code k == 0} fills the output with zeros; an empty output launches nothing.</li>
 * </ul>
 */
final class MatmulLaunches {
    /** In-place layout of one matrix operand: transposed or not, and its leading dimension. */
    record MatrixLayout(boolean transposed, long ld) {
    }

    private final Launcher l;
    private final ElementwiseLaunches elementwise;
    private final boolean allowTf32;

    MatmulLaunches(Launcher launcher, ElementwiseLaunches elementwise, boolean allowTf32) {
        this.l = launcher;
        this.elementwise = elementwise;
        this.allowTf32 = allowTf32;
    }

    /** The dtype the GEMM runs in for these operand and output dtypes. */
    static DType gemmType(DType a, DType b, DType out) {
        if (a == b && b == out) {
            return a;
        }
        return a == DType.F64 || b == DType.F64 || out == DType.F64 ? DType.F64 : DType.F32;
    }

    /** The in-place layout of a {@code rows x cols} matrix with these strides, or null when it needs a copy. */
    static MatrixLayout layout(long rows, long cols, long rowStride, long colStride) {
        if (cols == 1 || colStride == 1) {
            long ld = rows == 1 ? Math.max(cols, 1) : rowStride;
            if (ld >= Math.max(cols, 1)) {
                return new MatrixLayout(false, ld);
            }
        }
        if (rows == 1 || rowStride == 1) {
            long ld = cols == 1 ? Math.max(rows, 1) : colStride;
            if (ld >= Math.max(rows, 1)) {
                return new MatrixLayout(true, ld);
            }
        }
        return null;
    }

    void matmul(Tensor a, Tensor b, Tensor out) {
        long[] os = out.shape();
        int r = os.length;
        long m = os[r - 2];
        long n = os[r - 1];
        long k = a.size(-1);
        if (out.numel() == 0) {
            return;
        }
        if (k == 0) {
            elementwise.fill(out, 0);
            return;
        }
        if (m > Integer.MAX_VALUE || n > Integer.MAX_VALUE || k > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matmul sizes beyond 2^31-1 are not supported: m=" + m + " n=" + n + " k=" + k);
        }
        DType t = gemmType(a.dtype(), b.dtype(), out.dtype());
        try (Launcher.Temps tmp = l.temps()) {
            Tensor ac = a.dtype() == t ? a : converted(a, t, tmp);
            Tensor bc = b.dtype() == t ? b : converted(b, t, tmp);
            if (out.dtype() == t) {
                gemmInto(ac, bc, out, tmp);
            } else {
                Tensor c = tmp.tensor(t, os);
                gemmInto(ac, bc, c, tmp);
                elementwise.convert(c, out);
            }
        }
    }

    private Tensor converted(Tensor x, DType t, Launcher.Temps scope) {
        Tensor c = scope.tensor(t, x.shape());
        elementwise.convert(x, c);
        return c;
    }

    /** {@code c = a x b}, all of the GEMM type; a, b with their own (broadcastable) batch shapes. */
    private void gemmInto(Tensor a, Tensor b, Tensor c, Launcher.Temps tmp) {
        long[] cs = c.shape();
        int r = cs.length;
        long m = cs[r - 2];
        long n = cs[r - 1];
        long k = a.size(-1);
        a = usable(a, m, k, tmp);
        b = usable(b, k, n, tmp);
        MatrixLayout cl = layout(m, n, c.stride(-2), c.stride(-1));
        if (cl == null) {
            Tensor cc = tmp.tensor(c.dtype(), cs);
            gemmInto(a, b, cc, tmp);
            elementwise.copy(cc, c);
            return;
        }
        if (cl.transposed()) {
            // out^T = b^T a^T, with the transposed output row-contiguous
            gemmInto(b.transpose(-1, -2), a.transpose(-1, -2), c.transpose(-1, -2), tmp);
            return;
        }
        long[] batch = Arrays.copyOf(cs, r - 2);
        Tensor ae = a.expand(with(batch, m, k));
        Tensor be = b.expand(with(batch, k, n));
        MatrixLayout al = layout(m, k, ae.stride(-2), ae.stride(-1));
        MatrixLayout bl = layout(k, n, be.stride(-2), be.stride(-1));
        IterationSpace bs = IterationSpace.of(batch, Arrays.copyOf(ae.strides(), r - 2), Arrays.copyOf(be.strides(), r - 2),
                Arrays.copyOf(c.strides(), r - 2));
        bs.forEachChunk(1, (off, sh, st, count) -> {
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("matmul batch of " + count + " matrices exceeds 2^31-1");
            }
            l.runtime.gemm(new GemmSpec(c.dtype(), allowTf32, al.transposed(), bl.transposed(), (int) m, (int) n, (int) k, 1.0,
                    l.address(ae, off[0]), al.ld(), st[0][0],
                    l.address(be, off[1]), bl.ld(), st[1][0],
                    0.0,
                    l.address(c, off[2]), cl.ld(), st[2][0],
                    (int) count));
        });
    }

    /** {@code x} if its matrices can be used in place, else a contiguous copy (with its matrices materialized). */
    private Tensor usable(Tensor x, long rows, long cols, Launcher.Temps tmp) {
        if (layout(rows, cols, x.stride(-2), x.stride(-1)) != null) {
            return x;
        }
        long[] shape = x.shape().clone();
        shape[shape.length - 2] = rows;
        shape[shape.length - 1] = cols;
        Tensor xe = x.expand(shape);
        Tensor copy = tmp.tensor(x.dtype(), shape);
        elementwise.copy(xe, copy);
        return copy;
    }

    private static long[] with(long[] batch, long rows, long cols) {
        long[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = cols;
        return s;
    }
}
