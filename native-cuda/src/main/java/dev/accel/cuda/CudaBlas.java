package dev.accel.cuda;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.cuda.ops.GemmSpec;
import dev.accel.cuda.raw.CudaConstants;
import dev.accel.cuda.raw.CudaStatus;
import dev.accel.cuda.raw.Cublas;
import dev.accel.tensor.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * cuBLAS GEMMs for one device, on its op stream. A row-major GEMM {@code C = op(A) op(B)} is the column-major
 * GEMM {@code C^T = op(B)^T op(A)^T}: cuBLAS gets B as its first operand and A as its second, with
 * {@code m} and {@code n} swapped, the same leading dimensions and the same transpose flags; no data moves.
 */
final class CudaBlas {
    private final CudaDevice device;
    private final Cublas cublas;
    private final MemorySegment handle;
    private final int version;

    private CudaBlas(CudaDevice device, Cublas cublas, MemorySegment handle, int version) {
        this.device = device;
        this.cublas = cublas;
        this.handle = handle;
        this.version = version;
    }

    static CudaBlas open(CudaDevice device) {
        Cublas cublas = new Cublas(CudaLibraries.cublas(System::getenv).probe().orElseThrow());
        device.makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            CudaStatus.CUBLAS.check(cublas.cublasCreate(out), "cublasCreate");
            MemorySegment handle = out.get(ValueLayout.ADDRESS, 0);
            CudaStatus.CUBLAS.check(cublas.cublasSetStream(handle, device.opStream().handle()), "cublasSetStream");
            CudaStatus.CUBLAS.check(cublas.cublasSetMathMode(handle, CudaConstants.CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
            MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            CudaStatus.CUBLAS.check(cublas.cublasGetVersion(handle, v), "cublasGetVersion");
            return new CudaBlas(device, cublas, handle, v.get(ValueLayout.JAVA_INT, 0));
        }
    }

    int version() {
        return version;
    }

    /** The arguments cuBLAS gets for {@code spec}, in its column-major terms (exposed for tests). */
    record ColumnMajorCall(int opA, int opB, int m, int n, int k, long a, int lda, long strideA,
                           long b, int ldb, long strideB, long c, int ldc, long strideC,
                           int dataType, int computeType) {
    }

    static ColumnMajorCall columnMajor(GemmSpec s) {
        if (s.m() < 0 || s.n() < 0 || s.k() < 0 || s.batch() < 1) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "GEMM sizes must be >= 0 and batch >= 1: " + s);
        }
        int dataType = switch (s.dtype()) {
            case F32 -> CudaConstants.CUDA_R_32F;
            case F64 -> CudaConstants.CUDA_R_64F;
            case F16 -> CudaConstants.CUDA_R_16F;
            case BF16 -> CudaConstants.CUDA_R_16BF;
            default -> throw new AccelException(ErrorCode.UNSUPPORTED, "cuBLAS GEMM supports f32, f64, f16 and bf16, not " + s.dtype());
        };
        int compute = switch (s.dtype()) {
            case F64 -> CudaConstants.CUBLAS_COMPUTE_64F;
            case F32 -> s.allowTf32() ? CudaConstants.CUBLAS_COMPUTE_32F_FAST_TF32 : CudaConstants.CUBLAS_COMPUTE_32F;
            default -> CudaConstants.CUBLAS_COMPUTE_32F;
        };
        // C^T (n x m, col-major) = op(B)^T (n x k) * op(A)^T (k x m)
        return new ColumnMajorCall(
                s.transB() ? CudaConstants.CUBLAS_OP_T : CudaConstants.CUBLAS_OP_N,
                s.transA() ? CudaConstants.CUBLAS_OP_T : CudaConstants.CUBLAS_OP_N,
                s.n(), s.m(), s.k(),
                s.b(), ld(s.ldb(), "ldb"), s.strideB(),
                s.a(), ld(s.lda(), "lda"), s.strideA(),
                s.c(), ld(s.ldc(), "ldc"), s.strideC(),
                dataType, compute);
    }

    private static int ld(long value, String name) {
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, name + " must be in [1, 2^31), got " + value);
        }
        return (int) value;
    }

    void gemm(GemmSpec spec) {
        ColumnMajorCall c = columnMajor(spec);
        device.makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment alpha;
            MemorySegment beta;
            if (spec.dtype() == DType.F64) {
                alpha = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, spec.alpha());
                beta = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, spec.beta());
            } else {
                alpha = arena.allocateFrom(ValueLayout.JAVA_FLOAT, (float) spec.alpha());
                beta = arena.allocateFrom(ValueLayout.JAVA_FLOAT, (float) spec.beta());
            }
            int status = cublas.cublasGemmStridedBatchedEx(handle, c.opA(), c.opB(), c.m(), c.n(), c.k(), alpha,
                    MemorySegment.ofAddress(c.a()), c.dataType(), c.lda(), c.strideA(),
                    MemorySegment.ofAddress(c.b()), c.dataType(), c.ldb(), c.strideB(),
                    beta, MemorySegment.ofAddress(c.c()), c.dataType(), c.ldc(), c.strideC(),
                    spec.batch(), c.computeType(), CudaConstants.CUBLAS_GEMM_DEFAULT);
            if (status != 0) {
                String name = cublas.cublasGetStatusName(status)
                        .map(p -> p.reinterpret(256).getString(0)).orElse(CudaStatus.CUBLAS.nameOf(status));
                throw CudaStatus.CUBLAS.failure(status, "cublasGemmStridedBatchedEx(" + spec + ") [" + name + "]");
            }
        }
    }
}
