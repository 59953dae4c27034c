package dev.accel.bindings;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.NativeStatus;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusCodesTest {

    /** A slice of CUDA's CUresult, as a binding would declare it. */
    enum CuResult implements StatusCode {
        CUDA_SUCCESS(0),
        CUDA_ERROR_INVALID_VALUE(1),
        CUDA_ERROR_OUT_OF_MEMORY(2) {
            @Override
            public ErrorCode errorCode() {
                return ErrorCode.OUT_OF_MEMORY;
            }
        },
        CUDA_ERROR_NO_DEVICE(100);

        private final long code;

        CuResult(long code) {
            this.code = code;
        }

        @Override
        public long code() {
            return code;
        }
    }

    private static final StatusCodes CUDA = StatusCodes.ofEnum("libcuda.so.1", CuResult.class, CuResult.CUDA_SUCCESS);

    @Test
    void successReturnsNormally() {
        assertDoesNotThrow(() -> CUDA.check(0, "cuInit"));
        assertTrue(CUDA.isSuccess(0));
    }

    @Test
    void knownFailureThrowsNativeErrorWithNameAndNumber() {
        AccelException e = assertThrows(AccelException.class, () -> CUDA.check(1, "cuMemAlloc of 0 bytes"));
        assertEquals(ErrorCode.NATIVE_ERROR, e.code());
        assertEquals(new NativeStatus("libcuda.so.1", "CUDA_ERROR_INVALID_VALUE", 1), e.nativeStatus().orElseThrow());
        assertEquals("cuMemAlloc of 0 bytes: CUDA_ERROR_INVALID_VALUE (1) from libcuda.so.1", e.getMessage());
    }

    @Test
    void failureCanBeDeclaredWithItsOwnErrorCode() {
        AccelException e = assertThrows(AccelException.class, () -> CUDA.check(2, "cuMemAlloc of 1 TiB"));
        assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", e.nativeStatus().orElseThrow().name());
    }

    @Test
    void unknownNumberIsNamedUnknownAndNeverSuccess() {
        AccelException e = assertThrows(AccelException.class, () -> CUDA.check(999, "cuCtxCreate"));
        assertEquals(ErrorCode.NATIVE_ERROR, e.code());
        assertEquals(new NativeStatus("libcuda.so.1", "UNKNOWN_999", 999), e.nativeStatus().orElseThrow());
        assertEquals("UNKNOWN_-3", CUDA.nameOf(-3));
    }

    @Test
    void mapFormWithSeveralSuccessCodes() {
        StatusCodes codes = StatusCodes.of("libopenvino_c.so", Map.of(0L, "OK", -1L, "GENERAL_ERROR", 5L, "INFO"), 0, 5);
        assertDoesNotThrow(() -> codes.check(5, "ov_core_create"));
        AccelException e = assertThrows(AccelException.class, () -> codes.check(-1, "ov_core_create"));
        assertEquals("GENERAL_ERROR", e.nativeStatus().orElseThrow().name());
        assertEquals(-1, e.nativeStatus().orElseThrow().code());
    }

    @Test
    void builderFormAndVendorDescription() {
        StatusCodes nvrtc = StatusCodes.builder("libnvrtc.so.12")
                .success(0, "NVRTC_SUCCESS")
                .error(1, "NVRTC_ERROR_OUT_OF_MEMORY", ErrorCode.OUT_OF_MEMORY)
                .error(6, "NVRTC_ERROR_COMPILATION")
                .build()
                .withDetail(code -> code == 6 ? "compilation failed" : null);
        AccelException e = assertThrows(AccelException.class, () -> nvrtc.check(6, "compiling kernel 'gemm'"));
        assertEquals("compiling kernel 'gemm': compilation failed: NVRTC_ERROR_COMPILATION (6) from libnvrtc.so.12",
                e.getMessage());
        AccelException oom = nvrtc.failure(1, "creating program");
        assertEquals(ErrorCode.OUT_OF_MEMORY, oom.code());
        assertEquals("creating program: NVRTC_ERROR_OUT_OF_MEMORY (1) from libnvrtc.so.12", oom.getMessage());
    }

    @Test
    void aThrowingDescriptionIsLeftOut() {
        StatusCodes codes = StatusCodes.of("libx", Map.of(0L, "X_OK"), 0).withDetail(code -> {
            throw new IllegalStateException("library not initialised");
        });
        assertEquals("x_call: UNKNOWN_3 (3) from libx", codes.failure(3, "x_call").getMessage());
    }

    @Test
    void declarationMistakesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> StatusCodes.builder("libx").success(0, "OK").error(0, "ALSO_ZERO"));
        assertThrows(IllegalStateException.class, () -> StatusCodes.builder("libx").error(1, "E").build());
        assertThrows(IllegalArgumentException.class, () -> StatusCodes.of("libx", Map.of(0L, "OK")));
    }
}
