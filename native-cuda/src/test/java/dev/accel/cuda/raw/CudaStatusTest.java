package dev.accel.cuda.raw;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.NativeStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CudaStatusTest {

    @Test
    void outOfMemoryKeepsNameNumberAndLibrary() {
        AccelException e = assertThrows(AccelException.class, () -> CudaStatus.DRIVER.check(2, "cuMemAlloc of 4096 bytes"));
        assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
        assertEquals(new NativeStatus("cuda", "CUDA_ERROR_OUT_OF_MEMORY", 2), e.nativeStatus().orElseThrow());
        assertTrue(e.getMessage().contains("cuMemAlloc of 4096 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("CUDA_ERROR_OUT_OF_MEMORY (2)"), e.getMessage());
    }

    @Test
    void otherDriverErrorsAreNativeErrorsWithTheirNames() {
        AccelException e = assertThrows(AccelException.class, () -> CudaStatus.DRIVER.check(1, "cuMemHostRegister"));
        assertEquals(ErrorCode.NATIVE_ERROR, e.code());
        assertEquals("CUDA_ERROR_INVALID_VALUE", e.nativeStatus().orElseThrow().name());
        assertEquals("CUDA_ERROR_ILLEGAL_ADDRESS", CudaStatus.DRIVER.nameOf(700));
        assertEquals(ErrorCode.BACKEND_UNAVAILABLE, assertThrows(AccelException.class, () -> CudaStatus.DRIVER.check(100, "cuInit")).code());
    }

    @Test
    void unknownNumbersAreNeverSuccess() {
        assertFalse(CudaStatus.DRIVER.isSuccess(123456));
        AccelException e = assertThrows(AccelException.class, () -> CudaStatus.DRIVER.check(123456, "x"));
        assertEquals("UNKNOWN_123456", e.nativeStatus().orElseThrow().name());
        CudaStatus.DRIVER.check(0, "success passes");
    }

    @Test
    void nvrtcAndCublasTables() {
        AccelException e = assertThrows(AccelException.class, () -> CudaStatus.NVRTC.check(6, "compile"));
        assertEquals(new NativeStatus("nvrtc", "NVRTC_ERROR_COMPILATION", 6), e.nativeStatus().orElseThrow());
        assertEquals(ErrorCode.OUT_OF_MEMORY, assertThrows(AccelException.class, () -> CudaStatus.CUBLAS.check(3, "gemm")).code());
        assertEquals("CUBLAS_STATUS_EXECUTION_FAILED", CudaStatus.CUBLAS.nameOf(13));
        assertEquals(ErrorCode.UNSUPPORTED, assertThrows(AccelException.class, () -> CudaStatus.CUBLAS.check(15, "gemm")).code());
    }

    @Test
    void everyCuResultNameIsADriverName() {
        CudaStatus.CU_RESULT.forEach((code, name) -> assertTrue(name.startsWith("CUDA_"), name));
        assertEquals("CUDA_SUCCESS", CudaStatus.CU_RESULT.get(0L));
        assertEquals("CUDA_ERROR_UNKNOWN", CudaStatus.CU_RESULT.get(999L));
    }
}
