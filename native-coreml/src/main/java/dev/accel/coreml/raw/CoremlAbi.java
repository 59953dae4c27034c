package dev.accel.coreml.raw;

import dev.accel.ErrorCode;
import dev.accel.bindings.CStructs;
import dev.accel.bindings.StatusCodes;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.Map;

import static dev.accel.bindings.CTypes.C_POINTER;
import static dev.accel.bindings.CTypes.C_SIZE_T;

/** The shim's C ABI ({@code accel_coreml.h}, ABI version {@value #ABI_VERSION}). */
public final class CoremlAbi {
    private CoremlAbi() {
    }

    public static final int ABI_VERSION = 1;
    public static final int MAX_RANK = 16;
    public static final int MAX_NAME = 256;

    public static final int ACCEL_COREML_OK = 0;
    public static final int ACCEL_COREML_ERR_INVALID_ARGUMENT = 1;
    public static final int ACCEL_COREML_ERR_NOT_FOUND = 2;
    public static final int ACCEL_COREML_ERR_COMPILE = 3;
    public static final int ACCEL_COREML_ERR_LOAD = 4;
    public static final int ACCEL_COREML_ERR_PREDICT = 5;
    public static final int ACCEL_COREML_ERR_UNSUPPORTED = 6;
    public static final int ACCEL_COREML_ERR_OUT_OF_MEMORY = 7;
    public static final int ACCEL_COREML_ERR_METAL = 8;
    public static final int ACCEL_COREML_ERR_SHAPE = 9;
    public static final int ACCEL_COREML_ERR_INTERNAL = 10;

    /** {@code MLComputeUnits} raw values. */
    public static final int ACCEL_COREML_UNITS_CPU_ONLY = 0;
    public static final int ACCEL_COREML_UNITS_CPU_AND_GPU = 1;
    public static final int ACCEL_COREML_UNITS_ALL = 2;
    public static final int ACCEL_COREML_UNITS_CPU_AND_NE = 3;

    public static final int ACCEL_COREML_DEVICE_CPU = 1;
    public static final int ACCEL_COREML_DEVICE_GPU = 2;
    public static final int ACCEL_COREML_DEVICE_NEURAL_ENGINE = 4;

    /** {@code MLMultiArrayDataType} raw values. */
    public static final int ACCEL_COREML_FLOAT64 = 0x10000 | 64;
    public static final int ACCEL_COREML_FLOAT32 = 0x10000 | 32;
    public static final int ACCEL_COREML_FLOAT16 = 0x10000 | 16;
    public static final int ACCEL_COREML_INT32 = 0x20000 | 32;

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG;

    /** {@code accel_coreml_feature}. */
    public static final StructLayout FEATURE = CStructs.struct(
            MemoryLayout.sequenceLayout(MAX_NAME, ValueLayout.JAVA_BYTE).withName("name"), I32.withName("is_multiarray"),
            I32.withName("data_type"), I32.withName("rank"), I32.withName("reserved"),
            MemoryLayout.sequenceLayout(MAX_RANK, I64).withName("shape"));

    /** {@code accel_coreml_tensor}. */
    public static final StructLayout TENSOR = CStructs.struct(C_POINTER.withName("name"), C_POINTER.withName("data"),
            I32.withName("data_type"), I32.withName("rank"), C_POINTER.withName("shape"), C_POINTER.withName("strides"),
            I64.withName("byte_size"));

    /** The shim's functions by name. */
    public static final Map<String, FunctionDescriptor> FUNCTIONS = Map.ofEntries(
            Map.entry("accel_coreml_abi_version", FunctionDescriptor.of(I32)),
            Map.entry("accel_coreml_shim_info", FunctionDescriptor.of(C_POINTER)),
            Map.entry("accel_coreml_status_name", FunctionDescriptor.of(C_POINTER, I32)),
            Map.entry("accel_coreml_available_devices", FunctionDescriptor.of(I32)),
            Map.entry("accel_coreml_compile", FunctionDescriptor.of(I32, C_POINTER, C_POINTER, C_SIZE_T, C_POINTER, C_SIZE_T)),
            Map.entry("accel_coreml_model_load", FunctionDescriptor.of(I32, C_POINTER, I32, C_POINTER, C_POINTER, C_SIZE_T)),
            Map.entry("accel_coreml_model_free", FunctionDescriptor.ofVoid(C_POINTER)),
            Map.entry("accel_coreml_model_feature_count", FunctionDescriptor.of(I32, C_POINTER, I32, C_POINTER)),
            Map.entry("accel_coreml_model_feature", FunctionDescriptor.of(I32, C_POINTER, I32, I32, C_POINTER, C_POINTER, C_SIZE_T)),
            Map.entry("accel_coreml_model_predict", FunctionDescriptor.of(I32, C_POINTER, I32, C_POINTER, I32, C_POINTER, C_POINTER,
                    C_POINTER, C_SIZE_T)),
            Map.entry("accel_coreml_metal_device", FunctionDescriptor.of(I32, C_POINTER, C_SIZE_T, C_POINTER, C_POINTER)),
            Map.entry("accel_coreml_page_size", FunctionDescriptor.of(I64)),
            Map.entry("accel_coreml_metal_buffer_wrap", FunctionDescriptor.of(I32, C_POINTER, I64, C_POINTER, C_POINTER, C_SIZE_T)),
            Map.entry("accel_coreml_metal_buffer_free", FunctionDescriptor.ofVoid(C_POINTER)),
            Map.entry("accel_coreml_metal_buffer_contents", FunctionDescriptor.of(C_POINTER, C_POINTER)),
            Map.entry("accel_coreml_metal_buffer_length", FunctionDescriptor.of(I64, C_POINTER)));

    /** The shim's status codes by name. */
    public static final StatusCodes STATUS = StatusCodes.builder("libaccel_coreml")
            .success(ACCEL_COREML_OK, "ACCEL_COREML_OK")
            .error(ACCEL_COREML_ERR_INVALID_ARGUMENT, "ACCEL_COREML_ERR_INVALID_ARGUMENT", ErrorCode.INVALID_ARGUMENT)
            .error(ACCEL_COREML_ERR_NOT_FOUND, "ACCEL_COREML_ERR_NOT_FOUND", ErrorCode.IO_ERROR)
            .error(ACCEL_COREML_ERR_COMPILE, "ACCEL_COREML_ERR_COMPILE", ErrorCode.MALFORMED_INPUT)
            .error(ACCEL_COREML_ERR_LOAD, "ACCEL_COREML_ERR_LOAD", ErrorCode.MALFORMED_INPUT)
            .error(ACCEL_COREML_ERR_PREDICT, "ACCEL_COREML_ERR_PREDICT")
            .error(ACCEL_COREML_ERR_UNSUPPORTED, "ACCEL_COREML_ERR_UNSUPPORTED", ErrorCode.UNSUPPORTED)
            .error(ACCEL_COREML_ERR_OUT_OF_MEMORY, "ACCEL_COREML_ERR_OUT_OF_MEMORY", ErrorCode.OUT_OF_MEMORY)
            .error(ACCEL_COREML_ERR_METAL, "ACCEL_COREML_ERR_METAL", ErrorCode.BACKEND_UNAVAILABLE)
            .error(ACCEL_COREML_ERR_SHAPE, "ACCEL_COREML_ERR_SHAPE", ErrorCode.SHAPE_MISMATCH)
            .error(ACCEL_COREML_ERR_INTERNAL, "ACCEL_COREML_ERR_INTERNAL", ErrorCode.INTERNAL)
            .build();
}
