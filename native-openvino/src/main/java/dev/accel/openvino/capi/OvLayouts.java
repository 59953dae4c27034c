package dev.accel.openvino.capi;

import dev.accel.bindings.CStructs;
import dev.accel.bindings.CTypes;

import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The structs of the OpenVINO C API that the binding reads or writes, member by member as the
 * headers declare them ({@code src/bindings/c/include/openvino/c/} of openvinotoolkit/openvino;
 * the test {@code OvLayoutTest} holds the table of sizes and offsets, and {@code OvLayoutProbeTest}
 * compares these layouts with gcc's layout of the same definitions).
 */
public final class OvLayouts {
    private OvLayouts() {
    }

    /** {@code int64_t}. */
    public static final ValueLayout.OfLong INT64 = ValueLayout.JAVA_LONG;
    /** {@code ov_status_e} and {@code ov_element_type_e}: C enums, {@code int}-sized. */
    public static final ValueLayout ENUM = CTypes.C_INT;

    /** {@code ov_shape_t} (ov_shape.h): {@code { int64_t rank; int64_t* dims; }}. */
    public static final StructLayout SHAPE = CStructs.struct(INT64.withName("rank"), CTypes.C_POINTER.withName("dims"));

    /** {@code ov_dimension_t} (ov_dimension.h), also {@code ov_rank_t} (ov_rank.h): {@code { int64_t min; int64_t max; }}. */
    public static final StructLayout DIMENSION = CStructs.struct(INT64.withName("min"), INT64.withName("max"));

    /** {@code ov_partial_shape_t} (ov_partial_shape.h): {@code { ov_rank_t rank; ov_dimension_t* dims; }}. */
    public static final StructLayout PARTIAL_SHAPE = CStructs.struct(DIMENSION.withName("rank"), CTypes.C_POINTER.withName("dims"));

    /** {@code ov_version_t} (ov_core.h): {@code { const char* buildNumber; const char* description; }}. */
    public static final StructLayout VERSION = CStructs.struct(CTypes.C_POINTER.withName("buildNumber"),
            CTypes.C_POINTER.withName("description"));

    /** {@code ov_available_devices_t} (ov_core.h): {@code { char** devices; size_t size; }}. */
    public static final StructLayout AVAILABLE_DEVICES = CStructs.struct(CTypes.C_POINTER.withName("devices"),
            CTypes.C_SIZE_T.withName("size"));

    /** {@code ov_callback_t} (ov_infer_request.h): {@code { void (*callback_func)(void* args); void* args; }}. */
    public static final StructLayout CALLBACK = CStructs.struct(CTypes.C_POINTER.withName("callback_func"),
            CTypes.C_POINTER.withName("args"));
}
