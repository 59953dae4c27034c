/*
 * Accel's OpenVINO STAND-IN library: a test double, NOT OpenVINO.
 *
 * It implements the subset of the OpenVINO C API (libopenvino_c.so) that dev.accel.openvino
 * binds, with the prototypes of openvino_stand_in.h, so that OvContractTest can prove that the
 * Java side passes the right pointers, sizes and lifetimes: it records what it is called with,
 * counts every object it creates and frees, fails on request with a message, and runs the one
 * "model" it knows:
 *
 *   bytes beginning with "ACCEL-STAND-IN-MODEL" -> input "x": f32[?,3], output "y": f32[?,3],
 *   y = 2 * x + 1.
 *
 * It exports the symbol accel_openvino_stand_in so that the Java backend can recognise it and
 * never report it as OpenVINO or as hardware.
 */
#define _GNU_SOURCE
#include "openvino_stand_in.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define API __attribute__((visibility("default")))
#define MAGIC "ACCEL-STAND-IN-MODEL"
#define MAX_RANK 8

API int accel_openvino_stand_in = 1;

/* ---- bookkeeping ------------------------------------------------------------------------- */

enum kind { K_CORE, K_MODEL, K_COMPILED, K_REQUEST, K_TENSOR, K_PORT, K_STRING, K_SHAPE, K_PARTIAL, K_DEVICES,
            K_VERSION, K_COUNT };
static const char* KIND_NAMES[K_COUNT] = {"core", "model", "compiled_model", "infer_request", "tensor", "port",
                                          "string", "shape", "partial_shape", "devices", "version"};
static atomic_long created[K_COUNT];
static atomic_long freed[K_COUNT];

static int kind_of(const char* name) {
    for (int i = 0; i < K_COUNT; i++) {
        if (strcmp(name, KIND_NAMES[i]) == 0) return i;
    }
    return -1;
}

API long accel_standin_created(const char* kind) { int k = kind_of(kind); return k < 0 ? -1 : atomic_load(&created[k]); }
API long accel_standin_freed(const char* kind) { int k = kind_of(kind); return k < 0 ? -1 : atomic_load(&freed[k]); }

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char fail_function[128];
static int fail_status;
static char fail_message[256];
static char last_error[512];

/* Recorded arguments, by key. */
#define MAX_RECORDS 32
static struct { char key[64]; int64_t value; char text[512]; } records[MAX_RECORDS];
static int record_count;

static void record(const char* key, int64_t value, const char* text) {
    pthread_mutex_lock(&lock);
    int i = 0;
    while (i < record_count && strcmp(records[i].key, key) != 0) i++;
    if (i == record_count && record_count < MAX_RECORDS) {
        record_count++;
        snprintf(records[i].key, sizeof records[i].key, "%s", key);
    }
    if (i < MAX_RECORDS) {
        records[i].value = value;
        snprintf(records[i].text, sizeof records[i].text, "%s", text ? text : "");
    }
    pthread_mutex_unlock(&lock);
}

/** The last value recorded under key (e.g. "model_str", "host_ptr"), or -1. */
API int64_t accel_standin_value(const char* key) {
    int64_t v = -1;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < record_count; i++) {
        if (strcmp(records[i].key, key) == 0) v = records[i].value;
    }
    pthread_mutex_unlock(&lock);
    return v;
}

/** The last text recorded under key (e.g. "device", "properties"), copied into out. */
API void accel_standin_text(const char* key, char* out, size_t capacity) {
    out[0] = 0;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < record_count; i++) {
        if (strcmp(records[i].key, key) == 0) snprintf(out, capacity, "%s", records[i].text);
    }
    pthread_mutex_unlock(&lock);
}

/** Makes the next call of function return status, with message as ov_get_last_err_msg. */
API void accel_standin_fail_next(const char* function, int status, const char* message) {
    pthread_mutex_lock(&lock);
    snprintf(fail_function, sizeof fail_function, "%s", function);
    fail_status = status;
    snprintf(fail_message, sizeof fail_message, "%s", message);
    pthread_mutex_unlock(&lock);
}

API void accel_standin_reset(void) {
    pthread_mutex_lock(&lock);
    for (int i = 0; i < K_COUNT; i++) { atomic_store(&created[i], 0); atomic_store(&freed[i], 0); }
    fail_function[0] = 0;
    last_error[0] = 0;
    record_count = 0;
    pthread_mutex_unlock(&lock);
}

static void set_error(const char* message) {
    pthread_mutex_lock(&lock);
    snprintf(last_error, sizeof last_error, "%s", message);
    pthread_mutex_unlock(&lock);
}

static int injected(const char* function) {
    int status = 0;
    pthread_mutex_lock(&lock);
    if (fail_function[0] && strcmp(fail_function, function) == 0) {
        status = fail_status;
        snprintf(last_error, sizeof last_error, "%s", fail_message);
        fail_function[0] = 0;
    }
    pthread_mutex_unlock(&lock);
    return status;
}

#define INJECT(name) do { int s_ = injected(name); if (s_ != 0) return (ov_status_e) s_; } while (0)
#define REQUIRE(cond, msg) do { if (!(cond)) { set_error(msg); return INVALID_C_PARAM; } } while (0)

static char* dup_string(const char* s) {
    char* copy = strdup(s);
    atomic_fetch_add(&created[K_STRING], 1);
    return copy;
}

/* ---- objects ----------------------------------------------------------------------------- */

struct ov_core { int magic; };
struct ov_model { const char* bytes; size_t length; };
struct ov_compiled_model { char device[64]; };
struct ov_output_const_port { int is_input; };
struct ov_tensor {
    ov_element_type_e type;
    int64_t rank;
    int64_t dims[MAX_RANK];
    void* data;
    int owns_data;
};
struct ov_infer_request {
    /* Copies of the tensors set, as OpenVINO keeps its own reference (a shared_ptr) to each: the
     * caller may free its ov_tensor_t handle at once; the data stays the caller's memory. */
    ov_tensor_t input_set;
    int has_input;
    ov_tensor_t output_set;
    int has_output;
    ov_tensor_t output_own;   /* the request's own output */
    const ov_callback_t* callback; /* kept as a pointer, as OpenVINO does: must outlive the request */
    pthread_t thread;
    int running;
    int done;
    ov_status_e async_status;
    pthread_mutex_t mutex;
    pthread_cond_t cond;
};

static int hold_async;
static pthread_mutex_t hold_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hold_cond = PTHREAD_COND_INITIALIZER;

/** While held, asynchronous inferences wait before computing (lets a test see RESULT_NOT_READY). */
API void accel_standin_hold_async(int hold) {
    pthread_mutex_lock(&hold_mutex);
    hold_async = hold;
    pthread_cond_broadcast(&hold_cond);
    pthread_mutex_unlock(&hold_mutex);
}

/* ---- ov_common.h ------------------------------------------------------------------------- */

API const char* ov_get_error_info(ov_status_e status) {
    switch (status) {
        case OK: return "OK";
        case GENERAL_ERROR: return "GENERAL_ERROR";
        case NOT_IMPLEMENTED: return "NOT_IMPLEMENTED";
        case PARAMETER_MISMATCH: return "PARAMETER_MISMATCH";
        case NOT_FOUND: return "NOT_FOUND";
        case OUT_OF_BOUNDS: return "OUT_OF_BOUNDS";
        case RESULT_NOT_READY: return "RESULT_NOT_READY";
        case INVALID_C_PARAM: return "INVALID_C_PARAM";
        default: return "stand-in: other status";
    }
}

API void ov_free(const char* content) {
    if (content) {
        atomic_fetch_add(&freed[K_STRING], 1);
        free((void*) content);
    }
}

API const char* ov_get_last_err_msg(void) {
    char* copy = NULL;
    pthread_mutex_lock(&lock);
    if (last_error[0]) {
        copy = strdup(last_error);
        atomic_fetch_add(&created[K_STRING], 1);
    }
    pthread_mutex_unlock(&lock);
    return copy;
}

/* ---- ov_core.h --------------------------------------------------------------------------- */

API ov_status_e ov_get_openvino_version(ov_version_t* version) {
    INJECT("ov_get_openvino_version");
    REQUIRE(version, "version is NULL");
    version->buildNumber = strdup("2025.0.0-accel-stand-in");
    version->description = strdup("Accel OpenVINO stand-in (a test double, not OpenVINO)");
    atomic_fetch_add(&created[K_VERSION], 1);
    return OK;
}

API void ov_version_free(ov_version_t* version) {
    if (version && version->buildNumber) {
        free((void*) version->buildNumber);
        free((void*) version->description);
        version->buildNumber = NULL;
        version->description = NULL;
        atomic_fetch_add(&freed[K_VERSION], 1);
    }
}

API ov_status_e ov_core_create(ov_core_t** core) {
    INJECT("ov_core_create");
    REQUIRE(core, "core is NULL");
    *core = calloc(1, sizeof(ov_core_t));
    atomic_fetch_add(&created[K_CORE], 1);
    return OK;
}

API void ov_core_free(ov_core_t* core) {
    if (core) {
        atomic_fetch_add(&freed[K_CORE], 1);
        free(core);
    }
}

API ov_status_e ov_core_get_available_devices(const ov_core_t* core, ov_available_devices_t* devices) {
    INJECT("ov_core_get_available_devices");
    REQUIRE(core && devices, "core or devices is NULL");
    devices->size = 2;
    devices->devices = calloc(2, sizeof(char*));
    devices->devices[0] = strdup("CPU");
    devices->devices[1] = strdup("NPU");
    atomic_fetch_add(&created[K_DEVICES], 1);
    return OK;
}

API void ov_available_devices_free(ov_available_devices_t* devices) {
    if (devices && devices->devices) {
        for (size_t i = 0; i < devices->size; i++) free(devices->devices[i]);
        free(devices->devices);
        devices->devices = NULL;
        devices->size = 0;
        atomic_fetch_add(&freed[K_DEVICES], 1);
    }
}

API ov_status_e ov_core_get_property(const ov_core_t* core, const char* device_name, const char* property_key,
                                     char** property_value) {
    INJECT("ov_core_get_property");
    REQUIRE(core && device_name && property_key && property_value, "a NULL argument");
    char text[256];
    if (strcmp(property_key, "FULL_DEVICE_NAME") == 0) {
        snprintf(text, sizeof text, "Accel stand-in %s (not a device)", device_name);
    } else {
        set_error("stand-in knows only the property FULL_DEVICE_NAME");
        return NOT_FOUND;
    }
    *property_value = dup_string(text);
    return OK;
}

API ov_status_e ov_core_read_model_from_memory_buffer(const ov_core_t* core, const char* model_str, const size_t str_len,
                                                      const ov_tensor_t* weights, ov_model_t** model) {
    INJECT("ov_core_read_model_from_memory_buffer");
    REQUIRE(core && model_str && model, "a NULL argument");
    record("model_str", (int64_t) (uintptr_t) model_str, NULL);
    record("model_len", (int64_t) str_len, NULL);
    record("weights", (int64_t) (uintptr_t) weights, NULL);
    if (weights) {
        record("weights_data", (int64_t) (uintptr_t) weights->data, NULL);
        record("weights_len", weights->rank == 1 ? weights->dims[0] : -1, NULL);
    }
    if (str_len < strlen(MAGIC) || memcmp(model_str, MAGIC, strlen(MAGIC)) != 0) {
        set_error("stand-in: not a stand-in model (expected bytes starting with " MAGIC ")");
        return GENERAL_ERROR;
    }
    ov_model_t* m = calloc(1, sizeof(ov_model_t));
    m->bytes = model_str;
    m->length = str_len;
    *model = m;
    atomic_fetch_add(&created[K_MODEL], 1);
    return OK;
}

API void ov_model_free(ov_model_t* model) {
    if (model) {
        atomic_fetch_add(&freed[K_MODEL], 1);
        free(model);
    }
}

API ov_status_e ov_core_compile_model(const ov_core_t* core, const ov_model_t* model, const char* device_name,
                                      const size_t property_args_size, ov_compiled_model_t** compiled_model, ...) {
    INJECT("ov_core_compile_model");
    REQUIRE(core && model && device_name && compiled_model, "a NULL argument");
    record("device", 0, device_name);
    record("property_args_size", (int64_t) property_args_size, NULL);
    char properties[512] = "";
    va_list args;
    va_start(args, compiled_model);
    for (size_t i = 0; i + 1 < property_args_size; i += 2) {
        const char* key = va_arg(args, const char*);
        const char* value = va_arg(args, const char*);
        size_t used = strlen(properties);
        snprintf(properties + used, sizeof properties - used, "%s%s=%s", used ? ";" : "", key, value);
    }
    va_end(args);
    record("properties", 0, properties);
    if (strcmp(device_name, "CPU") != 0 && strcmp(device_name, "NPU") != 0) {
        set_error("stand-in: no such device");
        return NOT_FOUND;
    }
    ov_compiled_model_t* c = calloc(1, sizeof(ov_compiled_model_t));
    snprintf(c->device, sizeof c->device, "%s", device_name);
    *compiled_model = c;
    atomic_fetch_add(&created[K_COMPILED], 1);
    return OK;
}

/* ---- ov_compiled_model.h, ov_node.h -------------------------------------------------------- */

API ov_status_e ov_compiled_model_inputs_size(const ov_compiled_model_t* compiled_model, size_t* size) {
    INJECT("ov_compiled_model_inputs_size");
    REQUIRE(compiled_model && size, "a NULL argument");
    *size = 1;
    return OK;
}

API ov_status_e ov_compiled_model_outputs_size(const ov_compiled_model_t* compiled_model, size_t* size) {
    INJECT("ov_compiled_model_outputs_size");
    REQUIRE(compiled_model && size, "a NULL argument");
    *size = 1;
    return OK;
}

static ov_status_e make_port(const ov_compiled_model_t* compiled_model, size_t index, int is_input,
                             ov_output_const_port_t** port) {
    REQUIRE(compiled_model && port, "a NULL argument");
    if (index != 0) {
        set_error("stand-in: port index out of range");
        return OUT_OF_BOUNDS;
    }
    ov_output_const_port_t* p = calloc(1, sizeof(ov_output_const_port_t));
    p->is_input = is_input;
    *port = p;
    atomic_fetch_add(&created[K_PORT], 1);
    return OK;
}

API ov_status_e ov_compiled_model_input_by_index(const ov_compiled_model_t* compiled_model, const size_t index,
                                                 ov_output_const_port_t** input_port) {
    INJECT("ov_compiled_model_input_by_index");
    return make_port(compiled_model, index, 1, input_port);
}

API ov_status_e ov_compiled_model_output_by_index(const ov_compiled_model_t* compiled_model, const size_t index,
                                                  ov_output_const_port_t** output_port) {
    INJECT("ov_compiled_model_output_by_index");
    return make_port(compiled_model, index, 0, output_port);
}

API void ov_output_const_port_free(ov_output_const_port_t* port) {
    if (port) {
        atomic_fetch_add(&freed[K_PORT], 1);
        free(port);
    }
}

API ov_status_e ov_port_get_any_name(const ov_output_const_port_t* port, char** tensor_name) {
    INJECT("ov_port_get_any_name");
    REQUIRE(port && tensor_name, "a NULL argument");
    *tensor_name = dup_string(port->is_input ? "x" : "y");
    return OK;
}

API ov_status_e ov_port_get_element_type(const ov_output_const_port_t* port, ov_element_type_e* tensor_type) {
    INJECT("ov_port_get_element_type");
    REQUIRE(port && tensor_type, "a NULL argument");
    *tensor_type = F32;
    return OK;
}

API ov_status_e ov_port_get_partial_shape(const ov_output_const_port_t* port, ov_partial_shape_t* partial_shape) {
    INJECT("ov_port_get_partial_shape");
    REQUIRE(port && partial_shape, "a NULL argument");
    partial_shape->rank.min = 2;
    partial_shape->rank.max = 2;
    partial_shape->dims = calloc(2, sizeof(ov_dimension_t));
    partial_shape->dims[0].min = 0;  /* a dynamic dimension, as OpenVINO reports ov::Dimension() */
    partial_shape->dims[0].max = -1;
    partial_shape->dims[1].min = 3;
    partial_shape->dims[1].max = 3;
    atomic_fetch_add(&created[K_PARTIAL], 1);
    return OK;
}

API void ov_partial_shape_free(ov_partial_shape_t* partial_shape) {
    if (partial_shape && partial_shape->dims) {
        free(partial_shape->dims);
        partial_shape->dims = NULL;
        atomic_fetch_add(&freed[K_PARTIAL], 1);
    }
}

API ov_status_e ov_compiled_model_create_infer_request(const ov_compiled_model_t* compiled_model,
                                                       ov_infer_request_t** infer_request) {
    INJECT("ov_compiled_model_create_infer_request");
    REQUIRE(compiled_model && infer_request, "a NULL argument");
    ov_infer_request_t* r = calloc(1, sizeof(ov_infer_request_t));
    pthread_mutex_init(&r->mutex, NULL);
    pthread_cond_init(&r->cond, NULL);
    r->done = 1;
    *infer_request = r;
    atomic_fetch_add(&created[K_REQUEST], 1);
    return OK;
}

API void ov_compiled_model_free(ov_compiled_model_t* compiled_model) {
    if (compiled_model) {
        atomic_fetch_add(&freed[K_COMPILED], 1);
        free(compiled_model);
    }
}

/* ---- ov_shape.h, ov_tensor.h ------------------------------------------------------------- */

API ov_status_e ov_shape_free(ov_shape_t* shape) {
    REQUIRE(shape, "shape is NULL");
    if (shape->dims) {
        free(shape->dims);
        shape->dims = NULL;
        atomic_fetch_add(&freed[K_SHAPE], 1);
    }
    return OK;
}

static size_t element_size(ov_element_type_e type) {
    switch (type) {
        case BOOLEAN: case I8: case U8: return 1;
        case BF16: case F16: case I16: return 2;
        case F32: case I32: return 4;
        case F64: case I64: return 8;
        default: return 0;
    }
}

API ov_status_e ov_tensor_create_from_host_ptr(const ov_element_type_e type, const ov_shape_t shape, void* host_ptr,
                                               ov_tensor_t** tensor) {
    INJECT("ov_tensor_create_from_host_ptr");
    REQUIRE(tensor && host_ptr, "a NULL argument");
    if (shape.rank < 0 || shape.rank > MAX_RANK || (shape.rank > 0 && !shape.dims) || element_size(type) == 0) {
        set_error("stand-in: bad shape or element type");
        return PARAMETER_MISMATCH;
    }
    char dims[256] = "";
    ov_tensor_t* t = calloc(1, sizeof(ov_tensor_t));
    t->type = type;
    t->rank = shape.rank;
    for (int64_t i = 0; i < shape.rank; i++) {
        t->dims[i] = shape.dims[i];
        size_t used = strlen(dims);
        snprintf(dims + used, sizeof dims - used, "%s%lld", i ? "," : "", (long long) shape.dims[i]);
    }
    t->data = host_ptr;
    record("host_ptr", (int64_t) (uintptr_t) host_ptr, dims);
    record("host_ptr_type", type, NULL);
    *tensor = t;
    atomic_fetch_add(&created[K_TENSOR], 1);
    return OK;
}

API ov_status_e ov_tensor_get_shape(const ov_tensor_t* tensor, ov_shape_t* shape) {
    INJECT("ov_tensor_get_shape");
    REQUIRE(tensor && shape, "a NULL argument");
    shape->rank = tensor->rank;
    shape->dims = calloc(tensor->rank > 0 ? tensor->rank : 1, sizeof(int64_t));
    for (int64_t i = 0; i < tensor->rank; i++) shape->dims[i] = tensor->dims[i];
    atomic_fetch_add(&created[K_SHAPE], 1);
    return OK;
}

API ov_status_e ov_tensor_get_element_type(const ov_tensor_t* tensor, ov_element_type_e* type) {
    INJECT("ov_tensor_get_element_type");
    REQUIRE(tensor && type, "a NULL argument");
    *type = tensor->type;
    return OK;
}

API ov_status_e ov_tensor_get_byte_size(const ov_tensor_t* tensor, size_t* byte_size) {
    INJECT("ov_tensor_get_byte_size");
    REQUIRE(tensor && byte_size, "a NULL argument");
    size_t n = element_size(tensor->type);
    for (int64_t i = 0; i < tensor->rank; i++) n *= (size_t) tensor->dims[i];
    *byte_size = n;
    return OK;
}

API ov_status_e ov_tensor_data(const ov_tensor_t* tensor, void** data) {
    INJECT("ov_tensor_data");
    REQUIRE(tensor && data, "a NULL argument");
    *data = tensor->data;
    return OK;
}

API void ov_tensor_free(ov_tensor_t* tensor) {
    if (tensor) {
        atomic_fetch_add(&freed[K_TENSOR], 1);
        if (tensor->owns_data) free(tensor->data);
        free(tensor);
    }
}

/* ---- ov_infer_request.h ------------------------------------------------------------------ */

API ov_status_e ov_infer_request_set_input_tensor_by_index(ov_infer_request_t* infer_request, const size_t idx,
                                                           const ov_tensor_t* tensor) {
    INJECT("ov_infer_request_set_input_tensor_by_index");
    REQUIRE(infer_request && tensor, "a NULL argument");
    if (idx != 0) {
        set_error("stand-in: input index out of range");
        return OUT_OF_BOUNDS;
    }
    infer_request->input_set = *tensor;
    infer_request->input_set.owns_data = 0;
    infer_request->has_input = 1;
    record("set_input", (int64_t) (uintptr_t) tensor->data, NULL);
    return OK;
}

API ov_status_e ov_infer_request_set_output_tensor_by_index(ov_infer_request_t* infer_request, const size_t idx,
                                                            const ov_tensor_t* tensor) {
    INJECT("ov_infer_request_set_output_tensor_by_index");
    REQUIRE(infer_request && tensor, "a NULL argument");
    if (idx != 0) {
        set_error("stand-in: output index out of range");
        return OUT_OF_BOUNDS;
    }
    infer_request->output_set = *tensor;
    infer_request->output_set.owns_data = 0;
    infer_request->has_output = 1;
    record("set_output", (int64_t) (uintptr_t) tensor->data, NULL);
    return OK;
}

/* y = 2x + 1 over the request's input. */
static ov_status_e compute(ov_infer_request_t* r) {
    ov_tensor_t* in = r->has_input ? &r->input_set : NULL;
    if (!in) {
        set_error("stand-in: no input tensor was set");
        return INFER_NOT_STARTED;
    }
    if (in->type != F32 || in->rank != 2 || in->dims[1] != 3) {
        set_error("stand-in: input 'x' must be f32[?,3]");
        return PARAMETER_MISMATCH;
    }
    size_t n = (size_t) (in->dims[0] * in->dims[1]);
    ov_tensor_t* out = r->has_output ? &r->output_set : NULL;
    if (out) {
        if (out->type != F32 || out->rank != 2 || out->dims[0] != in->dims[0] || out->dims[1] != 3) {
            set_error("stand-in: output 'y' must be f32 of the input's shape");
            return PARAMETER_MISMATCH;
        }
    } else {
        out = &r->output_own;
        if (out->owns_data) free(out->data);
        out->type = F32;
        out->rank = 2;
        out->dims[0] = in->dims[0];
        out->dims[1] = 3;
        out->data = malloc(n * sizeof(float) + 1);
        out->owns_data = 1;
    }
    const float* x = in->data;
    float* y = out->data;
    for (size_t i = 0; i < n; i++) y[i] = 2.0f * x[i] + 1.0f;
    return OK;
}

API ov_status_e ov_infer_request_infer(ov_infer_request_t* infer_request) {
    INJECT("ov_infer_request_infer");
    REQUIRE(infer_request, "infer_request is NULL");
    return compute(infer_request);
}

API ov_status_e ov_infer_request_get_output_tensor_by_index(const ov_infer_request_t* infer_request, const size_t idx,
                                                            ov_tensor_t** tensor) {
    INJECT("ov_infer_request_get_output_tensor_by_index");
    REQUIRE(infer_request && tensor, "a NULL argument");
    if (idx != 0) {
        set_error("stand-in: output index out of range");
        return OUT_OF_BOUNDS;
    }
    const ov_tensor_t* source = infer_request->has_output ? &infer_request->output_set : &infer_request->output_own;
    if (!source->data) {
        set_error("stand-in: no output yet (run the request first)");
        return NOT_ALLOCATED;
    }
    ov_tensor_t* t = calloc(1, sizeof(ov_tensor_t));
    *t = *source;
    t->owns_data = 0; /* a new handle on the request's tensor, as in OpenVINO; freed with ov_tensor_free */
    *tensor = t;
    atomic_fetch_add(&created[K_TENSOR], 1);
    return OK;
}

API ov_status_e ov_infer_request_set_callback(ov_infer_request_t* infer_request, const ov_callback_t* callback) {
    INJECT("ov_infer_request_set_callback");
    REQUIRE(infer_request && callback, "a NULL argument");
    infer_request->callback = callback;
    record("callback_struct", (int64_t) (uintptr_t) callback, NULL);
    return OK;
}

static pthread_t starter;

static void* run_async(void* arg) {
    ov_infer_request_t* r = arg;
    pthread_mutex_lock(&hold_mutex);
    while (hold_async) pthread_cond_wait(&hold_cond, &hold_mutex);
    pthread_mutex_unlock(&hold_mutex);
    ov_status_e status = compute(r);
    record("callback_other_thread", !pthread_equal(pthread_self(), starter), NULL);
    if (r->callback) {
        /* Read through the pointer now, as OpenVINO does: the struct must still be alive. */
        record("callback_args", (int64_t) (uintptr_t) r->callback->args, NULL);
        r->callback->callback_func(r->callback->args);
    }
    pthread_mutex_lock(&r->mutex);
    r->async_status = status;
    r->done = 1;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->mutex);
    return NULL;
}

static void join_if_running(ov_infer_request_t* r) {
    if (r->running) {
        pthread_join(r->thread, NULL);
        r->running = 0;
    }
}

API ov_status_e ov_infer_request_start_async(ov_infer_request_t* infer_request) {
    INJECT("ov_infer_request_start_async");
    REQUIRE(infer_request, "infer_request is NULL");
    pthread_mutex_lock(&infer_request->mutex);
    int busy = !infer_request->done;
    pthread_mutex_unlock(&infer_request->mutex);
    if (busy) {
        set_error("stand-in: the request is busy");
        return REQUEST_BUSY;
    }
    join_if_running(infer_request);
    infer_request->done = 0;
    infer_request->async_status = OK;
    starter = pthread_self();
    if (pthread_create(&infer_request->thread, NULL, run_async, infer_request) != 0) {
        infer_request->done = 1;
        set_error("stand-in: pthread_create failed");
        return GENERAL_ERROR;
    }
    infer_request->running = 1;
    return OK;
}

API ov_status_e ov_infer_request_wait_for(ov_infer_request_t* infer_request, const int64_t timeout) {
    INJECT("ov_infer_request_wait_for");
    REQUIRE(infer_request, "infer_request is NULL");
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += timeout / 1000;
    deadline.tv_nsec += (timeout % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000L; }
    pthread_mutex_lock(&infer_request->mutex);
    int rc = 0;
    while (!infer_request->done && rc != ETIMEDOUT) {
        rc = pthread_cond_timedwait(&infer_request->cond, &infer_request->mutex, &deadline);
    }
    int done = infer_request->done;
    ov_status_e status = infer_request->async_status;
    pthread_mutex_unlock(&infer_request->mutex);
    if (!done) return RESULT_NOT_READY;
    join_if_running(infer_request);
    return status;
}

API ov_status_e ov_infer_request_wait(ov_infer_request_t* infer_request) {
    INJECT("ov_infer_request_wait");
    REQUIRE(infer_request, "infer_request is NULL");
    pthread_mutex_lock(&infer_request->mutex);
    while (!infer_request->done) pthread_cond_wait(&infer_request->cond, &infer_request->mutex);
    ov_status_e status = infer_request->async_status;
    pthread_mutex_unlock(&infer_request->mutex);
    join_if_running(infer_request);
    return status;
}

API void ov_infer_request_free(ov_infer_request_t* infer_request) {
    if (infer_request) {
        pthread_mutex_lock(&infer_request->mutex);
        while (!infer_request->done) pthread_cond_wait(&infer_request->cond, &infer_request->mutex);
        pthread_mutex_unlock(&infer_request->mutex);
        join_if_running(infer_request);
        if (infer_request->output_own.owns_data) free(infer_request->output_own.data);
        atomic_fetch_add(&freed[K_REQUEST], 1);
        free(infer_request);
    }
}
