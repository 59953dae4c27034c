package dev.accel.cpu;

import java.lang.foreign.MemorySegment;

/**
 * Raw entry points to the CPU backend's kernels, for the JMH benchmarks ({@code jmh/}) and other
 * in-project measurements. <b>Not part of Accel's API:</b> applications use {@link dev.accel.backend.Ops}
 * ({@code matmul} runs the same kernel on tensors, with shape and dtype checks); these methods take raw
 * segments and strides, may change or go away in any release, and exist so that a benchmark can measure a
 * kernel alone, with a chosen number of threads, without tensor bookkeeping.
 */
public final class CpuKernels {
    private CpuKernels() {
    }

    /**
     * The f32 GEMM: {@code C[i,j] = sum_p A[i,p] * B[p,j]}, plus the old {@code C[i,j]} when
     * {@code accumulate}. Element {@code (r, c)} of an operand is the native-order f32 at element index
     * {@code offset + r * rowStride + c * colStride} of its segment; strides are non-negative. Writes into
     * {@code c} only; keeps no reference to any segment after it returns.
     *
     * @param threads the most threads to use, the calling thread included (1 = this thread only); the
     *                kernel uses fewer for small products, and only the calling thread when a segment is
     *                confined to it
     * @throws IllegalArgumentException for a negative size, offset or stride, or an operand that does not fit
     *         in its segment (checked before anything is written)
     */
    public static void sgemm(int threads, int m, int n, int k,
                             MemorySegment a, long aOffset, long aRowStride, long aColStride,
                             MemorySegment b, long bOffset, long bRowStride, long bColStride,
                             MemorySegment c, long cOffset, long cRowStride, long cColStride,
                             boolean accumulate) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        Sgemm.multiply(threads, m, n, k,
                a, aOffset, aRowStride, aColStride,
                b, bOffset, bRowStride, bColStride,
                c, cOffset, cRowStride, cColStride, accumulate);
    }
}
