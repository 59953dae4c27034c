package dev.accel.qnn.raw;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.StatusCodes;

/**
 * QNN's error codes ({@code Qnn_ErrorHandle_t}) by name, from {@code QnnCommon.h} and the component
 * headers. Components reuse the common codes under their own names (e.g.
 * {@code QNN_GRAPH_ERROR_MEM_ALLOC} is {@code QNN_COMMON_ERROR_MEM_ALLOC}, 1002); each number carries
 * its common name here. The code is the low 16 bits of the handle ({@code QNN_GET_ERROR_CODE}).
 */
public final class QnnErrors {
    private QnnErrors() {
    }

    /** The library named in every status; the exact file is in the message. */
    public static final String LIBRARY = "QNN";

    public static final StatusCodes CODES = StatusCodes.builder(LIBRARY)
            .success(0, "QNN_SUCCESS")
            .error(1000, "QNN_COMMON_ERROR_NOT_SUPPORTED", ErrorCode.UNSUPPORTED)
            .error(1002, "QNN_COMMON_ERROR_MEM_ALLOC", ErrorCode.OUT_OF_MEMORY)
            .error(1003, "QNN_COMMON_ERROR_SYSTEM")
            .error(1004, "QNN_COMMON_ERROR_INVALID_ARGUMENT")
            .error(1005, "QNN_COMMON_ERROR_OPERATION_NOT_PERMITTED")
            .error(1006, "QNN_COMMON_ERROR_PLATFORM_NOT_SUPPORTED", ErrorCode.BACKEND_UNAVAILABLE)
            .error(1007, "QNN_COMMON_ERROR_SYSTEM_COMMUNICATION")
            .error(1008, "QNN_COMMON_ERROR_INCOMPATIBLE_BINARIES")
            .error(1009, "QNN_COMMON_ERROR_LOADING_BINARIES")
            .error(1010, "QNN_COMMON_ERROR_RESOURCE_UNAVAILABLE")
            .error(1100, "QNN_COMMON_ERROR_GENERAL")
            .error(2000, "QNN_PROPERTY_ERROR_UNKNOWN_KEY")
            .error(4000, "QNN_BACKEND_ERROR_CANNOT_INITIALIZE", ErrorCode.BACKEND_UNAVAILABLE)
            .error(4002, "QNN_BACKEND_ERROR_TERMINATE_FAILED")
            .error(4003, "QNN_BACKEND_ERROR_NOT_SUPPORTED", ErrorCode.UNSUPPORTED)
            .error(4004, "QNN_BACKEND_ERROR_INVALID_ARGUMENT")
            .error(4005, "QNN_BACKEND_ERROR_OP_PACKAGE_NOT_FOUND")
            .error(4006, "QNN_BACKEND_ERROR_OP_PACKAGE_IF_PROVIDER_NOT_FOUND")
            .error(4007, "QNN_BACKEND_ERROR_OP_PACKAGE_REGISTRATION_FAILED")
            .error(4008, "QNN_BACKEND_ERROR_OP_PACKAGE_UNSUPPORTED_VERSION")
            .error(4009, "QNN_BACKEND_ERROR_OP_PACKAGE_DUPLICATE")
            .error(4010, "QNN_BACKEND_ERROR_INCONSISTENT_CONFIG")
            .error(4011, "QNN_BACKEND_ERROR_INVALID_HANDLE")
            .error(4012, "QNN_BACKEND_ERROR_INVALID_CONFIG")
            .error(5000, "QNN_CONTEXT_ERROR_INVALID_ARGUMENT")
            .error(5001, "QNN_CONTEXT_ERROR_CTX_DOES_NOT_EXIST")
            .error(5002, "QNN_CONTEXT_ERROR_INVALID_HANDLE")
            .error(5003, "QNN_CONTEXT_ERROR_NOT_FINALIZED")
            .error(5004, "QNN_CONTEXT_ERROR_BINARY_VERSION", ErrorCode.MALFORMED_INPUT)
            .error(5005, "QNN_CONTEXT_ERROR_CREATE_FROM_BINARY", ErrorCode.MALFORMED_INPUT)
            .error(5006, "QNN_CONTEXT_ERROR_GET_BINARY_SIZE_FAILED")
            .error(5007, "QNN_CONTEXT_ERROR_GET_BINARY_FAILED")
            .error(5008, "QNN_CONTEXT_ERROR_BINARY_CONFIGURATION", ErrorCode.MALFORMED_INPUT)
            .error(5009, "QNN_CONTEXT_ERROR_SET_PROFILE")
            .error(5010, "QNN_CONTEXT_ERROR_INVALID_CONFIG")
            .error(6000, "QNN_GRAPH_ERROR_INVALID_ARGUMENT")
            .error(6001, "QNN_GRAPH_ERROR_INVALID_HANDLE")
            .error(6002, "QNN_GRAPH_ERROR_GRAPH_DOES_NOT_EXIST", ErrorCode.INVALID_ARGUMENT)
            .error(6003, "QNN_GRAPH_ERROR_INVALID_NAME")
            .error(6004, "QNN_GRAPH_ERROR_INVALID_TENSOR")
            .error(6005, "QNN_GRAPH_ERROR_INVALID_OP_CONFIG")
            .error(6006, "QNN_GRAPH_ERROR_SET_PROFILE")
            .error(6007, "QNN_GRAPH_ERROR_UNCONNECTED_NODE")
            .error(6020, "QNN_GRAPH_ERROR_CREATE_FAILED")
            .error(6021, "QNN_GRAPH_ERROR_OPTIMIZATION_FAILED")
            .error(6022, "QNN_GRAPH_ERROR_FINALIZE_FAILED")
            .error(6023, "QNN_GRAPH_ERROR_GRAPH_NOT_FINALIZED")
            .error(6024, "QNN_GRAPH_ERROR_GRAPH_FINALIZED")
            .error(6025, "QNN_GRAPH_ERROR_EXECUTION_ASYNC_FIFO_FULL")
            .error(6030, "QNN_GRAPH_ERROR_SIGNAL_IN_USE")
            .error(6031, "QNN_GRAPH_ERROR_ABORTED")
            .error(6032, "QNN_GRAPH_ERROR_PROFILE_IN_USE")
            .error(6033, "QNN_GRAPH_ERROR_TIMED_OUT")
            .error(7001, "QNN_TENSOR_ERROR_INVALID_HANDLE")
            .error(7002, "QNN_TENSOR_ERROR_DOES_NOT_EXIST")
            .error(7003, "QNN_TENSOR_ERROR_ALREADY_EXISTS")
            .error(7004, "QNN_TENSOR_ERROR_INVALID_TENSOR_PARAM")
            .error(7005, "QNN_TENSOR_ERROR_UNSUPPORTED_TENSOR_PARAM")
            .error(7006, "QNN_TENSOR_ERROR_NAME_HASH_COLLISION")
            .error(8000, "QNN_MEM_ERROR_INVALID_ARGUMENT")
            .error(8001, "QNN_MEM_ERROR_INVALID_HANDLE")
            .error(8002, "QNN_MEM_ERROR_ALREADY_REGISTERED")
            .error(8003, "QNN_MEM_ERROR_MAPPING")
            .error(8004, "QNN_MEM_ERROR_INVALID_SHAPE")
            .error(8005, "QNN_MEM_ERROR_UNSUPPORTED_MEMTYPE", ErrorCode.UNSUPPORTED)
            .error(11002, "QNN_LOG_ERROR_INITIALIZATION")
            .error(11003, "QNN_LOG_ERROR_INVALID_ARGUMENT")
            .error(11004, "QNN_LOG_ERROR_INVALID_HANDLE")
            .error(14000, "QNN_DEVICE_ERROR_INVALID_HANDLE")
            .error(14001, "QNN_DEVICE_ERROR_INVALID_CONFIG")
            .error(14002, "QNN_DEVICE_ERROR_HARDWARE_UNAVAILABLE", ErrorCode.BACKEND_UNAVAILABLE)
            .error(14003, "QNN_DEVICE_ERROR_ASSOCIATED_TO_CONTEXT")
            .error(30000, "QNN_SYSTEM_CONTEXT_ERROR_INVALID_HANDLE")
            .error(30001, "QNN_SYSTEM_CONTEXT_ERROR_INVALID_ARGUMENT")
            .error(30002, "QNN_SYSTEM_CONTEXT_ERROR_OPERATION_FAILED")
            .error(30010, "QNN_SYSTEM_CONTEXT_ERROR_MALFORMED_BINARY", ErrorCode.MALFORMED_INPUT)
            .build();

    /** {@code QNN_GET_ERROR_CODE}: the code in the low 16 bits, or the whole handle when those are 0 but it is not. */
    public static long code(long errorHandle) {
        long code = errorHandle & 0xFFFF;
        return code == 0 && errorHandle != 0 ? errorHandle : code;
    }

    /** Returns normally for {@code QNN_SUCCESS}; otherwise throws with the code's name and number. */
    public static void check(long errorHandle, String whatWasDone) {
        long code = code(errorHandle);
        if (!CODES.isSuccess(code)) {
            throw failure(errorHandle, whatWasDone);
        }
    }

    /** The exception for a failing handle. */
    public static AccelException failure(long errorHandle, String whatWasDone) {
        return CODES.failure(code(errorHandle), whatWasDone);
    }
}
