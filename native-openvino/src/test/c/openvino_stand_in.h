/*
 * Accel's OpenVINO STAND-IN: declarations of the subset of the OpenVINO C API that
 * dev.accel.openvino binds, transcribed (facts only: types, member order, enum values,
 * prototypes) from OpenVINO's public headers, src/bindings/c/include/openvino/c/ov_*.h of
 * github.com/openvinotoolkit/openvino (2024.6 / 2025.x C API; see docs/backends/openvino.md).
 *
 * This is NOT OpenVINO. It exists so that a test can (1) have gcc lay out the same struct
 * definitions the Java bindings declare (ov_layout_probe.c) and (2) build a stand-in library
 * (openvino_stand_in.c) that records what the Java side passes it.
 */
#ifndef ACCEL_OPENVINO_STAND_IN_H
#define ACCEL_OPENVINO_STAND_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ov_common.h */
typedef enum {
    OK = 0,
    GENERAL_ERROR = -1,
    NOT_IMPLEMENTED = -2,
    NETWORK_NOT_LOADED = -3,
    PARAMETER_MISMATCH = -4,
    NOT_FOUND = -5,
    OUT_OF_BOUNDS = -6,
    UNEXPECTED = -7,
    REQUEST_BUSY = -8,
    RESULT_NOT_READY = -9,
    NOT_ALLOCATED = -10,
    INFER_NOT_STARTED = -11,
    NETWORK_NOT_READ = -12,
    INFER_CANCELLED = -13,
    INVALID_C_PARAM = -14,
    UNKNOWN_C_ERROR = -15,
    NOT_IMPLEMENT_C_METHOD = -16,
    UNKNOW_EXCEPTION = -17,
} ov_status_e;

typedef enum {
    UNDEFINED = 0U,
    DYNAMIC,
    BOOLEAN,
    BF16,
    F16,
    F32,
    F64,
    I4,
    I8,
    I16,
    I32,
    I64,
    U1,
    U2,
    U3,
    U4,
    U6,
    U8,
    U16,
    U32,
    U64,
    NF4,
    F8E4M3,
    F8E5M3,
    STRING,
    F4E2M1,
    F8E8M0,
} ov_element_type_e;

/* ov_shape.h */
typedef struct {
    int64_t rank;
    int64_t* dims;
} ov_shape_t;

/* ov_dimension.h, ov_rank.h */
typedef struct ov_dimension {
    int64_t min;
    int64_t max;
} ov_dimension_t;
typedef ov_dimension_t ov_rank_t;

/* ov_partial_shape.h */
typedef struct ov_partial_shape {
    ov_rank_t rank;
    ov_dimension_t* dims;
} ov_partial_shape_t;

/* ov_core.h */
typedef struct ov_version {
    const char* buildNumber;
    const char* description;
} ov_version_t;

typedef struct {
    char** devices;
    size_t size;
} ov_available_devices_t;

/* ov_infer_request.h */
typedef struct {
    void (*callback_func)(void* args);
    void* args;
} ov_callback_t;

/* opaque handles */
typedef struct ov_core ov_core_t;
typedef struct ov_model ov_model_t;
typedef struct ov_compiled_model ov_compiled_model_t;
typedef struct ov_infer_request ov_infer_request_t;
typedef struct ov_tensor ov_tensor_t;
typedef struct ov_output_const_port ov_output_const_port_t;

#endif
