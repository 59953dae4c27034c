package dev.accel.cpu;

import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Elements;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Batched matmul with broadcast batch axes. Operands and output of f32, f16 and bf16 run on the f32
 * {@link Sgemm} kernel with their own strides (f16/bf16 operands are first widened into temporary
 * contiguous f32 buffers, and an f16/bf16 output is computed into one and then rounded). When any operand
 * or the output is f64, the product runs in float64 (an f64 reference must not be limited to f32 accuracy).
 * Batches of products too small for {@link Sgemm} to split over threads (attention heads) are spread over the
 * cores by batch entry when the memory is shared; each product is still one Sgemm call, so the result is the
 * same as one after another. Callers have checked dtypes and shapes.
 */
final class BatchedMatmul {
    private BatchedMatmul() {
    }

    static void matmul(Tensor a, Tensor b, Tensor out) {
        long[] os = out.shape();
        int r = os.length;
        long m = os[r - 2];
        long n = os[r - 1];
        long k = a.size(-1);
        if (m == 0 || n == 0 || out.numel() == 0) {
            return;
        }
        boolean f64 = a.dtype() == DType.F64 || b.dtype() == DType.F64 || out.dtype() == DType.F64;
        if (f64 || k == 0) {
            matmulF64(a, b, out);
            return;
        }
        if (m > Integer.MAX_VALUE || n > Integer.MAX_VALUE || k > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matmul sizes beyond 2^31 are not supported: m=" + m + " n=" + n + " k=" + k);
        }
        if (a.dtype() == DType.F32 && b.dtype() == DType.F32 && out.dtype() == DType.F32) {
            multiplyF32(a, b, out, (int) m, (int) n, (int) k);
            return;
        }
        try (MemoryScope tmp = MemoryScope.shared()) {
            Tensor af = a.dtype() == DType.F32 ? a : widened(a, tmp);
            Tensor bf = b.dtype() == DType.F32 ? b : widened(b, tmp);
            Tensor of = out.dtype() == DType.F32 ? out : Tensor.zeros(tmp, DType.F32, os);
            multiplyF32(af, bf, of, (int) m, (int) n, (int) k);
            if (of != out) {
                IndexKernels.convert(of, out);
            }
        }
    }

    /** {@code t} converted to a new contiguous f32 tensor in {@code scope} (f16 and bf16 exactly). */
    static Tensor widened(Tensor t, MemoryScope scope) {
        Tensor w = Tensor.zeros(scope, DType.F32, t.shape());
        IndexKernels.convert(t, w);
        return w;
    }

    private static void multiplyF32(Tensor a, Tensor b, Tensor out, int m, int n, int k) {
        long[] os = out.shape();
        int r = os.length;
        long[] batch = Arrays.copyOf(os, r - 2);
        Tensor ae = a.expand(with(batch, m, k));
        Tensor be = b.expand(with(batch, k, n));
        Layout l = Layout.of(batch, Arrays.copyOf(ae.strides(), r - 2), Arrays.copyOf(be.strides(), r - 2), Arrays.copyOf(out.strides(), r - 2));
        long[] base = {ae.offset(), be.offset(), out.offset()};
        MemorySegment as = a.memory().hostSegment();
        MemorySegment bs = b.memory().hostSegment();
        MemorySegment cs = out.memory().hostSegment();
        long ar = ae.stride(-2);
        long ac = ae.stride(-1);
        long br = be.stride(-2);
        long bc = be.stride(-1);
        long cr = out.stride(-2);
        long cc = out.stride(-1);
        // Products too small for Sgemm to split (one attention head: tens of rows) are spread over the cores by
        // batch entry instead; each product is still computed by one Sgemm call, so the result does not change.
        long flops = 2L * m * n * k;
        boolean byBatch = l.numel > 1 && flops < 2 * Sgemm.PARALLEL_FLOPS;
        CpuParallel.forRange(byBatch ? l.numel : 1, byBatch ? (long) m * n * k : 1,
                byBatch && CpuParallel.shareable(a, b, out), (from, to) ->
                        l.forSpans(byBatch ? from : 0, byBatch ? to : l.numel, base, (off, len) -> {
                            for (long j = 0; j < len; j++) {
                                Sgemm.multiply(m, n, k,
                                        as, off[0] + j * l.innerStride(0), ar, ac,
                                        bs, off[1] + j * l.innerStride(1), br, bc,
                                        cs, off[2] + j * l.innerStride(2), cr, cc, false);
                            }
                        }));
    }

    private static long[] with(long[] batch, long rows, long cols) {
        long[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = cols;
        return s;
    }

    /** The float64 product: each batch's {@code b} is read once into an array, rows of {@code out} split over cores. */
    private static void matmulF64(Tensor a, Tensor b, Tensor out) {
        long[] os = out.shape();
        int r = os.length;
        int m = Math.toIntExact(os[r - 2]);
        int n = Math.toIntExact(os[r - 1]);
        int k = Math.toIntExact(a.size(-1));
        long[] batch = Arrays.copyOf(os, r - 2);
        Tensor ae = a.expand(with(batch, m, k));
        Tensor be = b.expand(with(batch, k, n));
        Layout l = Layout.of(batch, Arrays.copyOf(ae.strides(), r - 2), Arrays.copyOf(be.strides(), r - 2), Arrays.copyOf(out.strides(), r - 2));
        long[] base = {ae.offset(), be.offset(), out.offset()};
        MemorySegment as = a.memory().hostSegment();
        MemorySegment bs = b.memory().hostSegment();
        MemorySegment cs = out.memory().hostSegment();
        DType at = a.dtype();
        DType bt = b.dtype();
        DType ct = out.dtype();
        long ar = ae.stride(-2);
        long ac = ae.stride(-1);
        long br = be.stride(-2);
        long bc = be.stride(-1);
        long cr = out.stride(-2);
        long cc = out.stride(-1);
        boolean shareable = CpuParallel.shareable(a, b, out);
        double[] bm = new double[Math.multiplyExact(k, n)];
        l.forSpans(0, l.numel, base, (off, len) -> {
            for (long j = 0; j < len; j++) {
                long aOff = off[0] + j * l.innerStride(0);
                long bOff = off[1] + j * l.innerStride(1);
                long cOff = off[2] + j * l.innerStride(2);
                for (int p = 0; p < k; p++) {
                    for (int q = 0; q < n; q++) {
                        bm[p * n + q] = Elements.getDouble(bs, (bOff + p * br + q * bc) * bt.byteSize(), bt);
                    }
                }
                CpuParallel.forRange(m, (long) n * k, shareable, (from, to) -> {
                    double[] acc = new double[n];
                    for (long i = from; i < to; i++) {
                        Arrays.fill(acc, 0);
                        for (int p = 0; p < k; p++) {
                            double av = Elements.getDouble(as, (aOff + i * ar + p * ac) * at.byteSize(), at);
                            int row = p * n;
                            for (int q = 0; q < n; q++) {
                                acc[q] += av * bm[row + q];
                            }
                        }
                        for (int q = 0; q < n; q++) {
                            Elements.setDouble(cs, (cOff + i * cr + q * cc) * ct.byteSize(), ct, acc[q]);
                        }
                    }
                });
            }
        });
    }
}
