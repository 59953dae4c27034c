package dev.accel.cpu;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Device;
import dev.accel.backend.PreparedMatrix;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;

/**
 * The CPU backend's prepared matrices ({@link dev.accel.backend.Ops#prepare}): the right operand of {@link Sgemm}
 * packed once into its f32 micro-panels ({@link Sgemm#pack}), so that each product skips the packing of B, which
 * at few rows (a model's weights at batch 1) costs as much as the product itself, and reads the weight front to
 * back instead of one short piece per row.
 *
 * <ul>
 *   <li>f32 sources are packed as they are, f16 and bf16 sources widened to f32 first (exact), so a product with
 *       the prepared matrix is the product with the source to the bit: same kernel, same sums in the same order.</li>
 *   <li>f64 sources are kept as they are ({@link PreparedMatrix#asIs}): their products run in float64, which
 *       panels of f32 could not feed.</li>
 *   <li>An f32, f16 or bf16 left operand and output run on the packed panels; an f64 one (the float64 reference
 *       path) unpacks the panels into a temporary f32 matrix, which holds the source's exact values.</li>
 *   <li>The leading axes of {@code a} are folded into the rows of one product when its strides allow (a
 *       contiguous activation {@code [batch, seq, hidden]}); otherwise each batch entry is one product.</li>
 * </ul>
 */
final class PackedMatmul {
    private PackedMatmul() {
    }

    /** {@link Sgemm}'s panels of one source matrix, in memory of the scope given to {@code prepare}. */
    record Packed(Device device, DType sourceDtype, int k, int n, Tensor panels) implements PreparedMatrix {
        @Override
        public long rows() {
            return k;
        }

        @Override
        public long columns() {
            return n;
        }

        @Override
        public long preparedBytes() {
            return panels.byteSize();
        }

        @Override
        public String layout() {
            return Sgemm.packedLayout(k);
        }

        MemorySegment segment() {
            panels.memory().checkAlive();
            return panels.memory().hostSegment();
        }

        @Override
        public String toString() {
            return "PreparedMatrix[" + k + " x " + n + " " + sourceDtype + ", " + layout() + ", on " + device.name() + "]";
        }
    }

    static PreparedMatrix prepare(Device device, Tensor b, MemoryScope scope) {
        PreparedMatrix.checkMatrix(b);
        Checks.floatInput("prepare", "b", b);
        if (b.dtype() == DType.F64) {
            return PreparedMatrix.asIs(device, b);
        }
        if (b.size(0) > Integer.MAX_VALUE || b.size(1) > Integer.MAX_VALUE) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "prepare on cpu:0: matrices beyond 2^31 rows or columns are not supported, got "
                    + Shapes.format(b.shape()));
        }
        int k = (int) b.size(0);
        int n = (int) b.size(1);
        Tensor panels = Tensor.empty(device, scope, DType.F32, Sgemm.packedFloats(k, n));
        if (b.dtype() == DType.F32) {
            pack(b, k, n, panels);
        } else {
            try (MemoryScope tmp = MemoryScope.confined()) {
                pack(BatchedMatmul.widened(b, tmp), k, n, panels);
            }
        }
        return new Packed(device, b.dtype(), k, n, panels);
    }

    private static void pack(Tensor f32, int k, int n, Tensor panels) {
        Sgemm.pack(k, n, f32.memory().hostSegment(), f32.offset(), f32.stride(0), f32.stride(1), panels.memory().hostSegment());
    }

    /** {@code out = a x p}; the caller has checked {@code a} and {@code out} (host, float, shape). */
    static void matmul(Tensor a, Packed p, Tensor out) {
        MemorySegment panels = p.segment();
        if (out.numel() == 0) {
            return;
        }
        if (a.dtype() == DType.F64 || out.dtype() == DType.F64) {
            try (MemoryScope tmp = MemoryScope.shared()) {
                BatchedMatmul.matmul(a, unpacked(p, panels, tmp), out);
            }
            return;
        }
        if (a.dtype() == DType.F32 && out.dtype() == DType.F32) {
            multiply(a, p, panels, out);
            return;
        }
        try (MemoryScope tmp = MemoryScope.shared()) {
            Tensor af = a.dtype() == DType.F32 ? a : BatchedMatmul.widened(a, tmp);
            Tensor of = out.dtype() == DType.F32 ? out : Tensor.zeros(tmp, DType.F32, out.shape());
            multiply(af, p, panels, of);
            if (of != out) {
                IndexKernels.convert(of, out);
            }
        }
    }

    /** f32 operands: one product when the batch axes fold into rows, else one per batch entry. */
    private static void multiply(Tensor a, Packed p, MemorySegment panels, Tensor out) {
        long[] as = a.shape();
        if (as.length > 2) {
            Tensor a2 = foldRows(a);
            Tensor o2 = foldRows(out);
            if (a2 == null || o2 == null) {
                for (long i = 0; i < as[0]; i++) {
                    multiply(a.select(0, i), p, panels, out.select(0, i));
                }
                return;
            }
            a = a2;
            out = o2;
        }
        if (a.size(0) > Integer.MAX_VALUE) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "matmul on cpu:0: more than 2^31 rows in one product: " + Shapes.format(as));
        }
        Sgemm.multiplyPacked(Runtime.getRuntime().availableProcessors(), (int) a.size(0), p.n(), p.k(),
                a.memory().hostSegment(), a.offset(), a.stride(0), a.stride(1), panels,
                out.memory().hostSegment(), out.offset(), out.stride(0), out.stride(1), false);
    }

    /** {@code t[..., r, c]} as {@code [rows, c]} without a copy, or null when its strides do not allow it. */
    private static Tensor foldRows(Tensor t) {
        long[] s = t.shape();
        long rows = 1;
        long rowStride = 0;
        long span = -1; // elements spanned by one step of the axis folded in last (inner), or -1 before the first
        for (int i = s.length - 2; i >= 0; i--) {
            rows *= s[i];
            if (s[i] == 1) {
                continue;
            }
            if (span < 0) {
                rowStride = t.stride(i);
            } else if (t.stride(i) != span) {
                return null;
            }
            span = t.stride(i) * s[i];
        }
        return Tensor.view(t.memory(), t.dtype(), new long[] {rows, s[s.length - 1]}, new long[] {rowStride, t.stride(-1)}, t.offset());
    }

    /** The source's values, from the panels, as a contiguous f32 matrix in {@code scope}. */
    private static Tensor unpacked(Packed p, MemorySegment panels, MemoryScope scope) {
        float[] values = new float[Math.multiplyExact(p.k(), p.n())];
        for (int r = 0; r < p.k(); r++) {
            for (int c = 0; c < p.n(); c++) {
                values[r * p.n() + c] = Sgemm.packedElement(panels, p.k(), p.n(), r, c);
            }
        }
        return Tensor.copyOf(scope, values, p.k(), p.n());
    }
}
