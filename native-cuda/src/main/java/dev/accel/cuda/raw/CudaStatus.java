package dev.accel.cuda.raw;

import dev.accel.ErrorCode;
import dev.accel.bindings.StatusCodes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The status codes of the CUDA driver ({@code CUresult}), NVRTC ({@code nvrtcResult}) and cuBLAS
 * ({@code cublasStatus_t}), by name and number, so that failures are named even without a driver. The
 * {@code CUresult} table is the {@code cudaError_enum} of CUDA 13.0's {@code cuda.h} (generated from it,
 * do not edit by hand; {@code HeaderConformanceTest} compares it with the installed header); the NVRTC and
 * cuBLAS tables follow {@code nvrtc.h} and {@code cublas_api.h} of CUDA 12/13.
 */
public final class CudaStatus {
    private CudaStatus() {
    }

    /** Library name used in every {@link dev.accel.NativeStatus} of the driver. */
    public static final String DRIVER_LIBRARY = "cuda";
    public static final String NVRTC_LIBRARY = "nvrtc";
    public static final String CUBLAS_LIBRARY = "cublas";

    /** {@code CUresult}: number → name, in header order. */
    public static final Map<Long, String> CU_RESULT;
    /** {@code nvrtcResult}: number → name. */
    public static final Map<Long, String> NVRTC_RESULT;
    /** {@code cublasStatus_t}: number → name. */
    public static final Map<Long, String> CUBLAS_STATUS;

    public static final int CUDA_SUCCESS = 0;
    public static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
    public static final int CUDA_ERROR_NOT_READY = 600;
    public static final int CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED = 712;

    static {
        Map<Long, String> cu = new LinkedHashMap<>();
        Table t = (code, name) -> cu.put((long) code, name);
        cuTable(t);
        CU_RESULT = Collections.unmodifiableMap(cu);

        Map<Long, String> nv = new LinkedHashMap<>();
        String[] nvrtc = {"NVRTC_SUCCESS", "NVRTC_ERROR_OUT_OF_MEMORY", "NVRTC_ERROR_PROGRAM_CREATION_FAILURE",
                "NVRTC_ERROR_INVALID_INPUT", "NVRTC_ERROR_INVALID_PROGRAM", "NVRTC_ERROR_INVALID_OPTION",
                "NVRTC_ERROR_COMPILATION", "NVRTC_ERROR_BUILTIN_OPERATION_FAILURE",
                "NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION", "NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION",
                "NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID", "NVRTC_ERROR_INTERNAL_ERROR",
                "NVRTC_ERROR_TIME_FILE_WRITE_FAILED", "NVRTC_ERROR_NO_PCH_CREATE_ATTEMPTED",
                "NVRTC_ERROR_PCH_CREATE_HEAP_EXHAUSTED", "NVRTC_ERROR_PCH_CREATE", "NVRTC_ERROR_CANCELLED",
                "NVRTC_ERROR_TIME_TRACE_FILE_WRITE_FAILED"};
        for (int i = 0; i < nvrtc.length; i++) {
            nv.put((long) i, nvrtc[i]);
        }
        NVRTC_RESULT = Collections.unmodifiableMap(nv);

        Map<Long, String> cb = new LinkedHashMap<>();
        cb.put(0L, "CUBLAS_STATUS_SUCCESS");
        cb.put(1L, "CUBLAS_STATUS_NOT_INITIALIZED");
        cb.put(3L, "CUBLAS_STATUS_ALLOC_FAILED");
        cb.put(7L, "CUBLAS_STATUS_INVALID_VALUE");
        cb.put(8L, "CUBLAS_STATUS_ARCH_MISMATCH");
        cb.put(11L, "CUBLAS_STATUS_MAPPING_ERROR");
        cb.put(13L, "CUBLAS_STATUS_EXECUTION_FAILED");
        cb.put(14L, "CUBLAS_STATUS_INTERNAL_ERROR");
        cb.put(15L, "CUBLAS_STATUS_NOT_SUPPORTED");
        cb.put(16L, "CUBLAS_STATUS_LICENSE_ERROR");
        CUBLAS_STATUS = Collections.unmodifiableMap(cb);
    }

    /** Driver statuses; out-of-memory maps to {@link ErrorCode#OUT_OF_MEMORY}, the rest to {@code NATIVE_ERROR}. */
    public static final StatusCodes DRIVER = codes(DRIVER_LIBRARY, CU_RESULT, Map.of(
            2L, ErrorCode.OUT_OF_MEMORY,
            100L, ErrorCode.BACKEND_UNAVAILABLE,
            34L, ErrorCode.BACKEND_UNAVAILABLE,
            803L, ErrorCode.BACKEND_UNAVAILABLE,
            801L, ErrorCode.UNSUPPORTED));
    /** NVRTC statuses. */
    public static final StatusCodes NVRTC = codes(NVRTC_LIBRARY, NVRTC_RESULT, Map.of(1L, ErrorCode.OUT_OF_MEMORY));
    /** cuBLAS statuses. */
    public static final StatusCodes CUBLAS = codes(CUBLAS_LIBRARY, CUBLAS_STATUS, Map.of(
            3L, ErrorCode.OUT_OF_MEMORY, 15L, ErrorCode.UNSUPPORTED, 8L, ErrorCode.UNSUPPORTED));

    private static StatusCodes codes(String library, Map<Long, String> names, Map<Long, ErrorCode> kinds) {
        StatusCodes.Builder b = StatusCodes.builder(library);
        names.forEach((code, name) -> {
            if (code == 0) {
                b.success(code, name);
            } else {
                b.error(code, name, kinds.getOrDefault(code, ErrorCode.NATIVE_ERROR));
            }
        });
        return b.build();
    }

    private interface Table {
        void c(int code, String name);
    }

    // Generated from cuda.h (CUDA 13.0, enum cudaError_enum): do not edit by hand.
    private static void cuTable(Table t) {
        t.c(0, "CUDA_SUCCESS");
        t.c(1, "CUDA_ERROR_INVALID_VALUE");
        t.c(2, "CUDA_ERROR_OUT_OF_MEMORY");
        t.c(3, "CUDA_ERROR_NOT_INITIALIZED");
        t.c(4, "CUDA_ERROR_DEINITIALIZED");
        t.c(5, "CUDA_ERROR_PROFILER_DISABLED");
        t.c(6, "CUDA_ERROR_PROFILER_NOT_INITIALIZED");
        t.c(7, "CUDA_ERROR_PROFILER_ALREADY_STARTED");
        t.c(8, "CUDA_ERROR_PROFILER_ALREADY_STOPPED");
        t.c(34, "CUDA_ERROR_STUB_LIBRARY");
        t.c(36, "CUDA_ERROR_CALL_REQUIRES_NEWER_DRIVER");
        t.c(46, "CUDA_ERROR_DEVICE_UNAVAILABLE");
        t.c(100, "CUDA_ERROR_NO_DEVICE");
        t.c(101, "CUDA_ERROR_INVALID_DEVICE");
        t.c(102, "CUDA_ERROR_DEVICE_NOT_LICENSED");
        t.c(200, "CUDA_ERROR_INVALID_IMAGE");
        t.c(201, "CUDA_ERROR_INVALID_CONTEXT");
        t.c(202, "CUDA_ERROR_CONTEXT_ALREADY_CURRENT");
        t.c(205, "CUDA_ERROR_MAP_FAILED");
        t.c(206, "CUDA_ERROR_UNMAP_FAILED");
        t.c(207, "CUDA_ERROR_ARRAY_IS_MAPPED");
        t.c(208, "CUDA_ERROR_ALREADY_MAPPED");
        t.c(209, "CUDA_ERROR_NO_BINARY_FOR_GPU");
        t.c(210, "CUDA_ERROR_ALREADY_ACQUIRED");
        t.c(211, "CUDA_ERROR_NOT_MAPPED");
        t.c(212, "CUDA_ERROR_NOT_MAPPED_AS_ARRAY");
        t.c(213, "CUDA_ERROR_NOT_MAPPED_AS_POINTER");
        t.c(214, "CUDA_ERROR_ECC_UNCORRECTABLE");
        t.c(215, "CUDA_ERROR_UNSUPPORTED_LIMIT");
        t.c(216, "CUDA_ERROR_CONTEXT_ALREADY_IN_USE");
        t.c(217, "CUDA_ERROR_PEER_ACCESS_UNSUPPORTED");
        t.c(218, "CUDA_ERROR_INVALID_PTX");
        t.c(219, "CUDA_ERROR_INVALID_GRAPHICS_CONTEXT");
        t.c(220, "CUDA_ERROR_NVLINK_UNCORRECTABLE");
        t.c(221, "CUDA_ERROR_JIT_COMPILER_NOT_FOUND");
        t.c(222, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION");
        t.c(223, "CUDA_ERROR_JIT_COMPILATION_DISABLED");
        t.c(224, "CUDA_ERROR_UNSUPPORTED_EXEC_AFFINITY");
        t.c(225, "CUDA_ERROR_UNSUPPORTED_DEVSIDE_SYNC");
        t.c(226, "CUDA_ERROR_CONTAINED");
        t.c(300, "CUDA_ERROR_INVALID_SOURCE");
        t.c(301, "CUDA_ERROR_FILE_NOT_FOUND");
        t.c(302, "CUDA_ERROR_SHARED_OBJECT_SYMBOL_NOT_FOUND");
        t.c(303, "CUDA_ERROR_SHARED_OBJECT_INIT_FAILED");
        t.c(304, "CUDA_ERROR_OPERATING_SYSTEM");
        t.c(400, "CUDA_ERROR_INVALID_HANDLE");
        t.c(401, "CUDA_ERROR_ILLEGAL_STATE");
        t.c(402, "CUDA_ERROR_LOSSY_QUERY");
        t.c(500, "CUDA_ERROR_NOT_FOUND");
        t.c(600, "CUDA_ERROR_NOT_READY");
        t.c(700, "CUDA_ERROR_ILLEGAL_ADDRESS");
        t.c(701, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES");
        t.c(702, "CUDA_ERROR_LAUNCH_TIMEOUT");
        t.c(703, "CUDA_ERROR_LAUNCH_INCOMPATIBLE_TEXTURING");
        t.c(704, "CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED");
        t.c(705, "CUDA_ERROR_PEER_ACCESS_NOT_ENABLED");
        t.c(708, "CUDA_ERROR_PRIMARY_CONTEXT_ACTIVE");
        t.c(709, "CUDA_ERROR_CONTEXT_IS_DESTROYED");
        t.c(710, "CUDA_ERROR_ASSERT");
        t.c(711, "CUDA_ERROR_TOO_MANY_PEERS");
        t.c(712, "CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED");
        t.c(713, "CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED");
        t.c(714, "CUDA_ERROR_HARDWARE_STACK_ERROR");
        t.c(715, "CUDA_ERROR_ILLEGAL_INSTRUCTION");
        t.c(716, "CUDA_ERROR_MISALIGNED_ADDRESS");
        t.c(717, "CUDA_ERROR_INVALID_ADDRESS_SPACE");
        t.c(718, "CUDA_ERROR_INVALID_PC");
        t.c(719, "CUDA_ERROR_LAUNCH_FAILED");
        t.c(720, "CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE");
        t.c(721, "CUDA_ERROR_TENSOR_MEMORY_LEAK");
        t.c(800, "CUDA_ERROR_NOT_PERMITTED");
        t.c(801, "CUDA_ERROR_NOT_SUPPORTED");
        t.c(802, "CUDA_ERROR_SYSTEM_NOT_READY");
        t.c(803, "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH");
        t.c(804, "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE");
        t.c(805, "CUDA_ERROR_MPS_CONNECTION_FAILED");
        t.c(806, "CUDA_ERROR_MPS_RPC_FAILURE");
        t.c(807, "CUDA_ERROR_MPS_SERVER_NOT_READY");
        t.c(808, "CUDA_ERROR_MPS_MAX_CLIENTS_REACHED");
        t.c(809, "CUDA_ERROR_MPS_MAX_CONNECTIONS_REACHED");
        t.c(810, "CUDA_ERROR_MPS_CLIENT_TERMINATED");
        t.c(811, "CUDA_ERROR_CDP_NOT_SUPPORTED");
        t.c(812, "CUDA_ERROR_CDP_VERSION_MISMATCH");
        t.c(900, "CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED");
        t.c(901, "CUDA_ERROR_STREAM_CAPTURE_INVALIDATED");
        t.c(902, "CUDA_ERROR_STREAM_CAPTURE_MERGE");
        t.c(903, "CUDA_ERROR_STREAM_CAPTURE_UNMATCHED");
        t.c(904, "CUDA_ERROR_STREAM_CAPTURE_UNJOINED");
        t.c(905, "CUDA_ERROR_STREAM_CAPTURE_ISOLATION");
        t.c(906, "CUDA_ERROR_STREAM_CAPTURE_IMPLICIT");
        t.c(907, "CUDA_ERROR_CAPTURED_EVENT");
        t.c(908, "CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD");
        t.c(909, "CUDA_ERROR_TIMEOUT");
        t.c(910, "CUDA_ERROR_GRAPH_EXEC_UPDATE_FAILURE");
        t.c(911, "CUDA_ERROR_EXTERNAL_DEVICE");
        t.c(912, "CUDA_ERROR_INVALID_CLUSTER_SIZE");
        t.c(913, "CUDA_ERROR_FUNCTION_NOT_LOADED");
        t.c(914, "CUDA_ERROR_INVALID_RESOURCE_TYPE");
        t.c(915, "CUDA_ERROR_INVALID_RESOURCE_CONFIGURATION");
        t.c(916, "CUDA_ERROR_KEY_ROTATION");
        t.c(999, "CUDA_ERROR_UNKNOWN");
    }
}
