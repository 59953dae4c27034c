package dev.accel.cuda.ops;

import dev.accel.tensor.DType;

/**
 * One (strided-batched) GEMM in <b>row-major</b> terms: for each batch {@code i < batch},
 * {@code C_i[m, n] = alpha * op(A_i)[m, k] x op(B_i)[k, n] + beta * C_i}, where {@code op(X)} is {@code X} or
 * its transpose. Leading dimensions are row-major row strides in elements ({@code lda >= k} for an
 * untransposed A, {@code >= m} for a transposed one, and so on); batch strides are in elements and may be 0
 * (broadcast). Addresses are device pointers to element 0 of batch 0.
 *
 * <p>{@code dtype} is the type of A, B and C (f32, f16, bf16 or f64); accumulation is f32 (f64 for f64).
 * {@code allowTf32} lets f32 GEMMs use TF32 tensor cores (cuBLAS {@code CUBLAS_COMPUTE_32F_FAST_TF32}).
 */
public record GemmSpec(DType dtype, boolean allowTf32,
                       boolean transA, boolean transB,
                       int m, int n, int k,
                       double alpha,
                       long a, long lda, long strideA,
                       long b, long ldb, long strideB,
                       double beta,
                       long c, long ldc, long strideC,
                       int batch) {
}
