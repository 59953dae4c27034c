package dev.accel.cuda.raw;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The enum values and flag bits this binding passes to CUDA, with the header each comes from.
 * {@link #ALL} lists them by their C names so {@code HeaderConformanceTest} can check each against the header.
 */
public final class CudaConstants {
    private CudaConstants() {
    }

    // cuda.h: CUdevice_attribute
    public static final int CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1;
    public static final int CU_DEVICE_ATTRIBUTE_CLOCK_RATE = 13;
    public static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    public static final int CU_DEVICE_ATTRIBUTE_INTEGRATED = 18;
    public static final int CU_DEVICE_ATTRIBUTE_CAN_MAP_HOST_MEMORY = 19;
    public static final int CU_DEVICE_ATTRIBUTE_ASYNC_ENGINE_COUNT = 40;
    public static final int CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING = 41;
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    public static final int CU_DEVICE_ATTRIBUTE_PAGEABLE_MEMORY_ACCESS = 88;
    public static final int CU_DEVICE_ATTRIBUTE_HOST_REGISTER_SUPPORTED = 99;
    public static final int CU_DEVICE_ATTRIBUTE_READ_ONLY_HOST_REGISTER_SUPPORTED = 113;

    // cuda.h: #define flags
    public static final int CU_MEMHOSTALLOC_PORTABLE = 0x01;
    public static final int CU_MEMHOSTALLOC_DEVICEMAP = 0x02;
    public static final int CU_MEMHOSTALLOC_WRITECOMBINED = 0x04;
    public static final int CU_MEMHOSTREGISTER_PORTABLE = 0x01;
    public static final int CU_MEMHOSTREGISTER_DEVICEMAP = 0x02;
    public static final int CU_MEMHOSTREGISTER_READ_ONLY = 0x08;

    // cuda.h: CUstream_flags, CUevent_flags
    public static final int CU_STREAM_NON_BLOCKING = 0x1;
    public static final int CU_EVENT_DEFAULT = 0x0;
    public static final int CU_EVENT_DISABLE_TIMING = 0x2;

    // library_types.h: cudaDataType
    public static final int CUDA_R_32F = 0;
    public static final int CUDA_R_64F = 1;
    public static final int CUDA_R_16F = 2;
    public static final int CUDA_R_16BF = 14;

    // cublas_api.h
    public static final int CUBLAS_OP_N = 0;
    public static final int CUBLAS_OP_T = 1;
    public static final int CUBLAS_DEFAULT_MATH = 0;
    public static final int CUBLAS_TF32_TENSOR_OP_MATH = 3;
    public static final int CUBLAS_COMPUTE_32F = 68;
    public static final int CUBLAS_COMPUTE_32F_FAST_TF32 = 77;
    public static final int CUBLAS_COMPUTE_64F = 70;
    public static final int CUBLAS_GEMM_DEFAULT = -1;

    /** Header file → (C name → value) for every constant above. */
    public static final Map<String, Map<String, Long>> ALL;

    static {
        Map<String, Long> cuda = new LinkedHashMap<>();
        Map<String, Long> library = new LinkedHashMap<>();
        Map<String, Long> cublas = new LinkedHashMap<>();
        for (java.lang.reflect.Field f : CudaConstants.class.getFields()) {
            if (f.getType() != int.class) {
                continue;
            }
            long value;
            try {
                value = f.getInt(null);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
            String name = f.getName();
            (name.startsWith("CUBLAS_") ? cublas : name.startsWith("CUDA_R_") ? library : cuda).put(name, value);
        }
        ALL = Map.of("cuda.h", Map.copyOf(cuda), "library_types.h", Map.copyOf(library), "cublas_api.h", Map.copyOf(cublas));
    }
}
