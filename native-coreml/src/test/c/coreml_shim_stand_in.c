/*
 * Accel's CoreML shim STAND-IN: implements the C ABI of src/main/objc/accel_coreml.h in plain C for
 * Linux, so the Java binding's calls (pointers, sizes, lifetimes, status codes) can be checked where
 * CoreML does not exist. It is NOT CoreML and NOT Accel's Objective-C shim; it drives no hardware.
 *
 * Toy model: a directory "<name>.mlmodelc" holding a file "stand_in_model.txt" whose text is "n=<N>".
 * Inputs (sorted by name, as the shim sorts them): "x" FLOAT32 [1, N]. Output: "y" FLOAT32 [1, N] = x * 3.
 * accel_coreml_compile accepts a file whose text is "ACCEL-STAND-IN n=<N>" and writes such a directory.
 */
#define _POSIX_C_SOURCE 200809L
#include "accel_coreml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

typedef struct {
  int models, buffers;                          /* live handles */
  int loads, predicts, wraps;
  int32_t lastUnits;
  const void* lastInputData; const void* lastOutputData; uint64_t lastOutputBytes; int64_t lastInputStride0;
  const void* lastWrapPointer; uint64_t lastWrapLength;
  char failFunction[64]; int32_t failStatus;
  int copyOutputs;                              /* 1: behave like an OS without outputBackings */
} Record;

static Record rec;

EXPORT void accel_coreml_stand_in_reset(void) { memset(&rec, 0, sizeof rec); }
EXPORT void accel_coreml_stand_in_fail_next(const char* function, int32_t status) {
  strncpy(rec.failFunction, function, sizeof rec.failFunction - 1);
  rec.failStatus = status;
}
EXPORT void accel_coreml_stand_in_copy_outputs(int32_t copy) { rec.copyOutputs = copy; }
EXPORT int64_t accel_coreml_stand_in_get(const char* key) {
#define K(name, expr) if (strcmp(key, name) == 0) return (int64_t) (expr)
  K("models", rec.models); K("buffers", rec.buffers); K("loads", rec.loads); K("predicts", rec.predicts); K("wraps", rec.wraps);
  K("lastUnits", rec.lastUnits); K("lastInputData", (intptr_t) rec.lastInputData); K("lastOutputData", (intptr_t) rec.lastOutputData);
  K("lastOutputBytes", rec.lastOutputBytes); K("lastInputStride0", rec.lastInputStride0);
  K("lastWrapPointer", (intptr_t) rec.lastWrapPointer); K("lastWrapLength", rec.lastWrapLength);
#undef K
  return -1;
}

static int failing(const char* function, int32_t* status) {
  if (rec.failFunction[0] != 0 && strcmp(rec.failFunction, function) == 0) {
    *status = rec.failStatus;
    rec.failFunction[0] = 0;
    return 1;
  }
  return 0;
}

static int32_t fail(int32_t status, char* err, size_t capacity, const char* message) {
  if (err != NULL && capacity > 0) {
    strncpy(err, message, capacity - 1);
    err[capacity - 1] = 0;
  }
  return status;
}

#define FAIL_IF_ASKED(name) do { int32_t s_; if (failing(name, &s_)) return fail(s_, err, err_capacity, "stand-in: failure injected in " name); } while (0)

struct accel_coreml_model { uint32_t magic; int64_t n; int32_t units; };
struct accel_coreml_metal_buffer { uint32_t magic; void* pointer; uint64_t length; };
enum { MODEL_MAGIC = 0x4d4f444c, BUFFER_MAGIC = 0x4d425546 };

EXPORT uint32_t accel_coreml_abi_version(void) { return ACCEL_COREML_ABI_VERSION; }
EXPORT const char* accel_coreml_shim_info(void) { return "accel_coreml STAND-IN 1 (plain C on Linux; not CoreML)"; }
EXPORT const char* accel_coreml_status_name(int32_t status) {
  static const char* names[] = {"ACCEL_COREML_OK", "ACCEL_COREML_ERR_INVALID_ARGUMENT", "ACCEL_COREML_ERR_NOT_FOUND",
      "ACCEL_COREML_ERR_COMPILE", "ACCEL_COREML_ERR_LOAD", "ACCEL_COREML_ERR_PREDICT", "ACCEL_COREML_ERR_UNSUPPORTED",
      "ACCEL_COREML_ERR_OUT_OF_MEMORY", "ACCEL_COREML_ERR_METAL", "ACCEL_COREML_ERR_SHAPE", "ACCEL_COREML_ERR_INTERNAL"};
  return status >= 0 && status <= 10 ? names[status] : "ACCEL_COREML_UNKNOWN_STATUS";
}
EXPORT uint32_t accel_coreml_available_devices(void) {
  return ACCEL_COREML_DEVICE_CPU | ACCEL_COREML_DEVICE_GPU | ACCEL_COREML_DEVICE_NEURAL_ENGINE;
}

static int readN(const char* path, const char* prefix, int64_t* n) {
  FILE* f = fopen(path, "r");
  if (f == NULL) return 0;
  char text[128] = {0};
  size_t got = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[got] = 0;
  size_t p = strlen(prefix);
  if (strncmp(text, prefix, p) != 0) return 0;
  *n = atoll(text + p);
  return *n > 0 && *n < 1000000;
}

EXPORT int32_t accel_coreml_compile(const char* model_path, char* compiled_path, size_t compiled_capacity, char* err, size_t err_capacity) {
  FAIL_IF_ASKED("compile");
  if (model_path == NULL || compiled_path == NULL) return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, "arguments required");
  int64_t n;
  if (access(model_path, R_OK) != 0) return fail(ACCEL_COREML_ERR_NOT_FOUND, err, err_capacity, "stand-in: no such model file");
  if (!readN(model_path, "ACCEL-STAND-IN n=", &n)) return fail(ACCEL_COREML_ERR_COMPILE, err, err_capacity, "stand-in: not a toy model");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s.stand-in.mlmodelc", model_path);
  if (strlen(dir) + 1 > compiled_capacity) return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, "compiled_path too small");
  mkdir(dir, 0700);
  char file[4200];
  snprintf(file, sizeof file, "%s/stand_in_model.txt", dir);
  FILE* f = fopen(file, "w");
  if (f == NULL) return fail(ACCEL_COREML_ERR_COMPILE, err, err_capacity, "stand-in: cannot write the compiled model");
  fprintf(f, "n=%lld", (long long) n);
  fclose(f);
  strcpy(compiled_path, dir);
  return ACCEL_COREML_OK;
}

EXPORT int32_t accel_coreml_model_load(const char* path, int32_t units, accel_coreml_model** model, char* err, size_t err_capacity) {
  FAIL_IF_ASKED("load");
  if (path == NULL || model == NULL) return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, "arguments required");
  if (units < 0 || units > 3) return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, "compute units must be 0..3");
  char file[4200];
  snprintf(file, sizeof file, "%s/stand_in_model.txt", path);
  int64_t n;
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) return fail(ACCEL_COREML_ERR_NOT_FOUND, err, err_capacity, "stand-in: no .mlmodelc directory");
  if (!readN(file, "n=", &n)) return fail(ACCEL_COREML_ERR_LOAD, err, err_capacity, "stand-in: not a toy compiled model");
  accel_coreml_model* m = malloc(sizeof *m);
  m->magic = MODEL_MAGIC; m->n = n; m->units = units;
  rec.models++; rec.loads++; rec.lastUnits = units;
  *model = m;
  return ACCEL_COREML_OK;
}

EXPORT void accel_coreml_model_free(accel_coreml_model* model) {
  if (model == NULL) return;
  if (model->magic != MODEL_MAGIC) abort(); /* a double free or a bad pointer: make it loud */
  model->magic = 0; free(model); rec.models--;
}

EXPORT int32_t accel_coreml_model_feature_count(const accel_coreml_model* model, int32_t is_output, uint32_t* count) {
  (void) is_output;
  if (model == NULL || model->magic != MODEL_MAGIC || count == NULL) return ACCEL_COREML_ERR_INVALID_ARGUMENT;
  *count = 1;
  return ACCEL_COREML_OK;
}

EXPORT int32_t accel_coreml_model_feature(const accel_coreml_model* model, int32_t is_output, uint32_t index,
                                          accel_coreml_feature* feature, char* err, size_t err_capacity) {
  if (model == NULL || model->magic != MODEL_MAGIC || feature == NULL) return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, "bad model");
  if (index != 0) return fail(ACCEL_COREML_ERR_NOT_FOUND, err, err_capacity, "stand-in: one input, one output");
  memset(feature, 0, sizeof *feature);
  strcpy(feature->name, is_output ? "y" : "x");
  feature->is_multiarray = 1;
  feature->data_type = ACCEL_COREML_FLOAT32;
  feature->rank = 2;
  feature->shape[0] = 1;
  feature->shape[1] = model->n;
  return ACCEL_COREML_OK;
}

static int okTensor(const accel_coreml_tensor* t, const char* name, int64_t n) {
  return t->name != NULL && strcmp(t->name, name) == 0 && t->data != NULL && t->data_type == ACCEL_COREML_FLOAT32
      && t->rank == 2 && t->shape != NULL && t->shape[0] == 1 && t->shape[1] == n && t->strides != NULL
      && t->strides[1] == 1 && t->byte_size == (uint64_t) n * 4;
}

EXPORT int32_t accel_coreml_model_predict(accel_coreml_model* model, uint32_t input_count, const accel_coreml_tensor* inputs,
                                          uint32_t output_count, const accel_coreml_tensor* outputs, int32_t* outputs_copied,
                                          char* err, size_t err_capacity) {
  FAIL_IF_ASKED("predict");
  if (model == NULL || model->magic != MODEL_MAGIC || outputs_copied == NULL) return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, "bad model");
  if (input_count != 1 || output_count != 1) return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, "stand-in: 1 input, 1 output");
  rec.lastInputData = inputs[0].data; rec.lastOutputData = outputs[0].data; rec.lastOutputBytes = outputs[0].byte_size;
  rec.lastInputStride0 = inputs[0].strides != NULL ? inputs[0].strides[0] : -1;
  if (!okTensor(&inputs[0], "x", model->n) || !okTensor(&outputs[0], "y", model->n))
    return fail(ACCEL_COREML_ERR_SHAPE, err, err_capacity, "stand-in: x and y must be FLOAT32 [1, n], contiguous");
  const float* x = inputs[0].data;
  float* y = outputs[0].data;
  for (int64_t i = 0; i < model->n; i++) y[i] = x[i] * 3.0f;
  *outputs_copied = rec.copyOutputs;
  rec.predicts++;
  return ACCEL_COREML_OK;
}

EXPORT int32_t accel_coreml_metal_device(char* name, size_t name_capacity, int32_t* unified_memory, uint64_t* max_working_set) {
  if (name != NULL && name_capacity > 0) { strncpy(name, "Accel stand-in (no Metal)", name_capacity - 1); name[name_capacity - 1] = 0; }
  if (unified_memory != NULL) *unified_memory = 1;
  if (max_working_set != NULL) *max_working_set = 1u << 30;
  return ACCEL_COREML_OK;
}

EXPORT uint64_t accel_coreml_page_size(void) { return (uint64_t) sysconf(_SC_PAGESIZE); }

EXPORT int32_t accel_coreml_metal_buffer_wrap(void* pointer, uint64_t length, accel_coreml_metal_buffer** buffer, char* err, size_t err_capacity) {
  FAIL_IF_ASKED("wrap");
  uint64_t page = accel_coreml_page_size();
  rec.lastWrapPointer = pointer; rec.lastWrapLength = length;
  if (pointer == NULL || buffer == NULL || length == 0) return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, "arguments required");
  if ((uintptr_t) pointer % page != 0 || length % page != 0)
    return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, "stand-in: Metal needs page-aligned memory and length");
  accel_coreml_metal_buffer* b = malloc(sizeof *b);
  b->magic = BUFFER_MAGIC; b->pointer = pointer; b->length = length;
  rec.buffers++; rec.wraps++;
  *buffer = b;
  return ACCEL_COREML_OK;
}

EXPORT void accel_coreml_metal_buffer_free(accel_coreml_metal_buffer* buffer) {
  if (buffer == NULL) return;
  if (buffer->magic != BUFFER_MAGIC) abort();
  buffer->magic = 0; free(buffer); rec.buffers--;
}

EXPORT void* accel_coreml_metal_buffer_contents(const accel_coreml_metal_buffer* buffer) { return buffer == NULL ? NULL : buffer->pointer; }
EXPORT uint64_t accel_coreml_metal_buffer_length(const accel_coreml_metal_buffer* buffer) { return buffer == NULL ? 0 : buffer->length; }
