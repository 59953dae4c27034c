package dev.accel.cuda.raw;

import dev.accel.bindings.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

import static dev.accel.bindings.CTypes.C_INT;
import static dev.accel.bindings.CTypes.C_LONG_LONG;
import static dev.accel.bindings.CTypes.C_POINTER;
import static dev.accel.cuda.raw.CuDriver.rethrow;
import static dev.accel.cuda.raw.NativeFunction.fn;
import static dev.accel.cuda.raw.NativeFunction.optional;

/**
 * Raw cuBLAS ({@code libcublas.so.13} / {@code .12}), from {@code cublas_api.h}. Every method returns the
 * {@code cublasStatus_t} number unchecked. Enums ({@code cublasOperation_t}, {@code cudaDataType},
 * {@code cublasComputeType_t}, {@code cublasGemmAlgo_t}, {@code cublasMath_t}) are {@code int}.
 */
public final class Cublas {
    private static FunctionDescriptor r(java.lang.foreign.MemoryLayout... args) {
        return FunctionDescriptor.of(C_INT, args);
    }

    /** Every function this binding links, with its descriptor. */
    public static final List<NativeFunction> FUNCTIONS = List.of(
            fn("cublasCreate_v2", r(C_POINTER)),
            fn("cublasDestroy_v2", r(C_POINTER)),
            fn("cublasSetStream_v2", r(C_POINTER, C_POINTER)),
            fn("cublasSetMathMode", r(C_POINTER, C_INT)),
            fn("cublasGetVersion_v2", r(C_POINTER, C_POINTER)),
            // handle, transa, transb, m, n, k, alpha, A, Atype, lda, strideA, B, Btype, ldb, strideB,
            // beta, C, Ctype, ldc, strideC, batchCount, computeType, algo
            fn("cublasGemmStridedBatchedEx", r(C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT,
                    C_POINTER, C_POINTER, C_INT, C_INT, C_LONG_LONG,
                    C_POINTER, C_INT, C_INT, C_LONG_LONG,
                    C_POINTER, C_POINTER, C_INT, C_INT, C_LONG_LONG,
                    C_INT, C_INT, C_INT)),
            // cuBLAS 11.4+; linked when present for readable status names.
            optional("cublasGetStatusName", FunctionDescriptor.of(C_POINTER, C_INT)));

    private final NativeLibrary library;
    private final MethodHandle create, destroy, setStream, setMathMode, getVersion, gemmStridedBatchedEx;
    private final Optional<MethodHandle> statusName;

    /**
     * Links every required function of {@link #FUNCTIONS}.
     *
     * @throws dev.accel.AccelException {@code BACKEND_UNAVAILABLE} naming the first missing symbol
     */
    public Cublas(NativeLibrary library) {
        this.library = library;
        create = link("cublasCreate_v2");
        destroy = link("cublasDestroy_v2");
        setStream = link("cublasSetStream_v2");
        setMathMode = link("cublasSetMathMode");
        getVersion = link("cublasGetVersion_v2");
        gemmStridedBatchedEx = link("cublasGemmStridedBatchedEx");
        statusName = library.optionalDowncall("cublasGetStatusName", CuDriver.descriptor(FUNCTIONS, "cublasGetStatusName"));
    }

    public NativeLibrary library() {
        return library;
    }

    private MethodHandle link(String symbol) {
        return library.downcall(symbol, CuDriver.descriptor(FUNCTIONS, symbol));
    }

    public int cublasCreate(MemorySegment handle) {
        try { return (int) create.invokeExact(handle); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cublasDestroy(MemorySegment handle) {
        try { return (int) destroy.invokeExact(handle); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cublasSetStream(MemorySegment handle, MemorySegment stream) {
        try { return (int) setStream.invokeExact(handle, stream); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cublasSetMathMode(MemorySegment handle, int mode) {
        try { return (int) setMathMode.invokeExact(handle, mode); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cublasGetVersion(MemorySegment handle, MemorySegment version) {
        try { return (int) getVersion.invokeExact(handle, version); } catch (Throwable t) { throw rethrow(t); }
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    public int cublasGemmStridedBatchedEx(MemorySegment handle, int transa, int transb, int m, int n, int k,
                                          MemorySegment alpha, MemorySegment a, int aType, int lda, long strideA,
                                          MemorySegment b, int bType, int ldb, long strideB,
                                          MemorySegment beta, MemorySegment c, int cType, int ldc, long strideC,
                                          int batchCount, int computeType, int algo) {
        try {
            return (int) gemmStridedBatchedEx.invokeExact(handle, transa, transb, m, n, k, alpha, a, aType, lda, strideA,
                    b, bType, ldb, strideB, beta, c, cType, ldc, strideC, batchCount, computeType, algo);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cublasGetStatusName}, when the library exports it. */
    public Optional<MemorySegment> cublasGetStatusName(int status) {
        if (statusName.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of((MemorySegment) statusName.get().invokeExact(status));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
