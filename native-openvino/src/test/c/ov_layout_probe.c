/*
 * Prints how gcc lays out the OpenVINO C API definitions transcribed in openvino_stand_in.h:
 * one "kind name value" line per struct size, member offset, member size and enum constant. OvLayoutProbeTest
 * compares every line with the Java layouts and enum tables of dev.accel.openvino.capi.
 */
#include <stdio.h>
#include "openvino_stand_in.h"

#define SIZE(t) printf("sizeof %s %zu\n", #t, sizeof(t))
#define OFF(t, m) printf("offsetof %s.%s %zu\nmembersize %s.%s %zu\n", #t, #m, offsetof(t, m), #t, #m, sizeof(((t*) 0)->m))
#define ENUM(e) printf("enum %s %d\n", #e, (int) (e))

int main(void) {
    SIZE(ov_shape_t); OFF(ov_shape_t, rank); OFF(ov_shape_t, dims);
    SIZE(ov_dimension_t); OFF(ov_dimension_t, min); OFF(ov_dimension_t, max);
    SIZE(ov_partial_shape_t); OFF(ov_partial_shape_t, rank); OFF(ov_partial_shape_t, dims);
    SIZE(ov_version_t); OFF(ov_version_t, buildNumber); OFF(ov_version_t, description);
    SIZE(ov_available_devices_t); OFF(ov_available_devices_t, devices); OFF(ov_available_devices_t, size);
    SIZE(ov_callback_t); OFF(ov_callback_t, callback_func); OFF(ov_callback_t, args);
    SIZE(ov_status_e); SIZE(ov_element_type_e);
    ENUM(OK); ENUM(GENERAL_ERROR); ENUM(NOT_IMPLEMENTED); ENUM(NETWORK_NOT_LOADED); ENUM(PARAMETER_MISMATCH);
    ENUM(NOT_FOUND); ENUM(OUT_OF_BOUNDS); ENUM(UNEXPECTED); ENUM(REQUEST_BUSY); ENUM(RESULT_NOT_READY);
    ENUM(NOT_ALLOCATED); ENUM(INFER_NOT_STARTED); ENUM(NETWORK_NOT_READ); ENUM(INFER_CANCELLED);
    ENUM(INVALID_C_PARAM); ENUM(UNKNOWN_C_ERROR); ENUM(NOT_IMPLEMENT_C_METHOD); ENUM(UNKNOW_EXCEPTION);
    ENUM(UNDEFINED); ENUM(DYNAMIC); ENUM(BOOLEAN); ENUM(BF16); ENUM(F16); ENUM(F32); ENUM(F64); ENUM(I4);
    ENUM(I8); ENUM(I16); ENUM(I32); ENUM(I64); ENUM(U1); ENUM(U2); ENUM(U3); ENUM(U4); ENUM(U6); ENUM(U8);
    ENUM(U16); ENUM(U32); ENUM(U64); ENUM(NF4); ENUM(F8E4M3); ENUM(F8E5M3); ENUM(STRING); ENUM(F4E2M1);
    ENUM(F8E8M0);
    return 0;
}
