package dev.accel.cuda;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.cuda.ops.GemmSpec;
import dev.accel.cuda.raw.CudaConstants;
import dev.accel.tensor.DType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The row-major to column-major mapping of GEMMs, checked against a reference column-major GEMM in Java. */
class CudaBlasMappingTest {

    /** Column-major reference: C[i + j*ldc] = sum_p op(A)[i,p] op(B)[p,j] (the cuBLAS definition). */
    static void colMajorGemm(int opA, int opB, int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    float av = opA == CudaConstants.CUBLAS_OP_N ? a[i + p * lda] : a[p + i * lda];
                    float bv = opB == CudaConstants.CUBLAS_OP_N ? b[p + j * ldb] : b[j + p * ldb];
                    s += av * bv;
                }
                c[i + j * ldc] = s;
            }
        }
    }

    @Test
    void rowMajorGemmBecomesTheSwappedColumnMajorOne() {
        int m = 3, n = 4, k = 5;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                // row-major storage: A is m x k (or k x m when transposed), B is k x n (or n x k)
                int lda = ta ? m : k, ldb = tb ? k : n, ldc = n;
                float[] a = new float[(ta ? k : m) * lda];
                float[] b = new float[(tb ? n : k) * ldb];
                for (int i = 0; i < a.length; i++) {
                    a[i] = i * 0.5f - 3;
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = 2 - i * 0.25f;
                }
                float[] expected = new float[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float s = 0;
                        for (int p = 0; p < k; p++) {
                            s += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                        }
                        expected[i * ldc + j] = s;
                    }
                }
                GemmSpec spec = new GemmSpec(DType.F32, false, ta, tb, m, n, k, 1.0, 100, lda, 0, 200, ldb, 0, 0.0, 300, ldc, 0, 1);
                CudaBlas.ColumnMajorCall call = CudaBlas.columnMajor(spec);
                assertEquals(200, call.a(), "cuBLAS's first operand is B");
                assertEquals(100, call.b(), "cuBLAS's second operand is A");
                assertEquals(n, call.m());
                assertEquals(m, call.n());
                float[] c = new float[m * n];
                colMajorGemm(call.opA(), call.opB(), call.m(), call.n(), call.k(), b, call.lda(), a, call.ldb(), c, call.ldc());
                for (int i = 0; i < c.length; i++) {
                    assertEquals(expected[i], c[i], 1e-4, "transA=" + ta + " transB=" + tb + " element " + i);
                }
            }
        }
    }

    @Test
    void dataAndComputeTypes() {
        assertEquals(CudaConstants.CUBLAS_COMPUTE_32F, call(DType.F32, false).computeType());
        assertEquals(CudaConstants.CUBLAS_COMPUTE_32F_FAST_TF32, call(DType.F32, true).computeType());
        assertEquals(CudaConstants.CUDA_R_16BF, call(DType.BF16, false).dataType());
        assertEquals(CudaConstants.CUBLAS_COMPUTE_32F, call(DType.BF16, false).computeType());
        assertEquals(CudaConstants.CUDA_R_16F, call(DType.F16, false).dataType());
        assertEquals(CudaConstants.CUBLAS_COMPUTE_64F, call(DType.F64, false).computeType());
        assertEquals(ErrorCode.UNSUPPORTED, assertThrows(AccelException.class, () -> call(DType.I32, false)).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AccelException.class, () -> CudaBlas.columnMajor(
                new GemmSpec(DType.F32, false, false, false, 2, 2, 2, 1, 0, 1L << 31, 0, 0, 2, 0, 0, 0, 2, 0, 1))).code());
    }

    private static CudaBlas.ColumnMajorCall call(DType t, boolean tf32) {
        return CudaBlas.columnMajor(new GemmSpec(t, tf32, false, false, 8, 8, 8, 1, 0, 8, 64, 0, 8, 64, 0, 0, 8, 64, 2));
    }
}
