/*
 * accel_coreml.h: the plain C ABI of Accel's CoreML/Metal shim (accel_coreml.m), bound from Java by
 * dev.accel.coreml through java.lang.foreign. Plain C11: no Objective-C types cross this boundary.
 *
 * Conventions
 *  - Every function that can fail returns an int32_t status (ACCEL_COREML_OK = 0, else one of
 *    accel_coreml_status) and, when `err` is not NULL, writes a NUL-terminated message of at most
 *    err_capacity bytes (CoreML's localizedDescription where there is one). No global error state:
 *    calls are safe from several threads.
 *  - Handles are opaque pointers created by *_load / *_wrap and released by the matching *_free,
 *    exactly once. Free functions accept NULL.
 *  - Tensor memory stays the caller's. Inputs are wrapped in MLMultiArrays with
 *    initWithDataPointer:shape:dataType:strides:deallocator:error: and a no-op deallocator (no copy).
 *    Outputs are written into the caller's memory: through MLPredictionOptions.outputBackings (no copy)
 *    where the OS has it (macOS 13 / iOS 16), else copied from CoreML's result (reported in
 *    *outputs_copied).
 *  - Data types use Apple's MLMultiArrayDataType raw values; compute units use MLComputeUnits raw values.
 */
#ifndef ACCEL_COREML_H
#define ACCEL_COREML_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ACCEL_COREML_ABI_VERSION 1u
#define ACCEL_COREML_MAX_RANK 16u
#define ACCEL_COREML_MAX_NAME 256u

typedef enum {
  ACCEL_COREML_OK = 0,
  ACCEL_COREML_ERR_INVALID_ARGUMENT = 1,
  ACCEL_COREML_ERR_NOT_FOUND = 2,      /* a file, a model input/output name */
  ACCEL_COREML_ERR_COMPILE = 3,        /* MLModel compileModelAtURL failed */
  ACCEL_COREML_ERR_LOAD = 4,           /* MLModel modelWithContentsOfURL failed */
  ACCEL_COREML_ERR_PREDICT = 5,        /* predictionFromFeatures failed */
  ACCEL_COREML_ERR_UNSUPPORTED = 6,    /* a feature type or data type the shim does not bind, or an OS too old */
  ACCEL_COREML_ERR_OUT_OF_MEMORY = 7,
  ACCEL_COREML_ERR_METAL = 8,          /* no Metal device, or newBufferWithBytesNoCopy failed */
  ACCEL_COREML_ERR_SHAPE = 9,          /* a tensor's shape or size disagrees with the model */
  ACCEL_COREML_ERR_INTERNAL = 10
} accel_coreml_status;

/* MLComputeUnits raw values. */
typedef enum {
  ACCEL_COREML_UNITS_CPU_ONLY = 0,
  ACCEL_COREML_UNITS_CPU_AND_GPU = 1,
  ACCEL_COREML_UNITS_ALL = 2,
  ACCEL_COREML_UNITS_CPU_AND_NE = 3
} accel_coreml_compute_units;

/* Bits of accel_coreml_available_devices(). */
#define ACCEL_COREML_DEVICE_CPU 1u
#define ACCEL_COREML_DEVICE_GPU 2u
#define ACCEL_COREML_DEVICE_NEURAL_ENGINE 4u

/* MLMultiArrayDataType raw values (0x10000 | bits for floats, 0x20000 | bits for ints). */
typedef enum {
  ACCEL_COREML_FLOAT64 = 0x10000 | 64,
  ACCEL_COREML_FLOAT32 = 0x10000 | 32,
  ACCEL_COREML_FLOAT16 = 0x10000 | 16,
  ACCEL_COREML_INT32 = 0x20000 | 32
} accel_coreml_data_type;

/* One input or output of a model, as its MLModelDescription says. */
typedef struct {
  char name[ACCEL_COREML_MAX_NAME];
  int32_t is_multiarray;   /* 1 for MLFeatureTypeMultiArray; other feature types are described but not bound */
  int32_t data_type;       /* accel_coreml_data_type, when is_multiarray */
  uint32_t rank;
  uint32_t reserved;
  int64_t shape[ACCEL_COREML_MAX_RANK]; /* MLMultiArrayConstraint.shape; 0 where the size is flexible */
} accel_coreml_feature;

/* A tensor handed to predict: the caller's memory, never copied for inputs. */
typedef struct {
  const char* name;
  void* data;
  int32_t data_type;       /* accel_coreml_data_type */
  uint32_t rank;
  const int64_t* shape;    /* rank entries */
  const int64_t* strides;  /* rank entries, in elements */
  uint64_t byte_size;      /* bytes reachable from data */
} accel_coreml_tensor;

typedef struct accel_coreml_model accel_coreml_model;
typedef struct accel_coreml_metal_buffer accel_coreml_metal_buffer;

/* ---- the shim itself ---- */
uint32_t accel_coreml_abi_version(void);
/* A static description: "accel_coreml shim 1 (CoreML, macOS 14.5)". */
const char* accel_coreml_shim_info(void);
/* The static name of a status: "ACCEL_COREML_ERR_LOAD". */
const char* accel_coreml_status_name(int32_t status);
/* ACCEL_COREML_DEVICE_* bits for the compute devices this machine has (MLModel.availableComputeDevices on macOS 14+; before that CPU, and GPU when Metal has a device). */
uint32_t accel_coreml_available_devices(void);

/* ---- models ---- */
/* Compiles an .mlmodel / .mlpackage at model_path into an .mlmodelc directory (MLModel compileModelAtURL),
   writing its path into compiled_path. The caller deletes the directory when done. */
int32_t accel_coreml_compile(const char* model_path, char* compiled_path, size_t compiled_capacity, char* err, size_t err_capacity);
/* Loads a compiled model (.mlmodelc directory) with MLModelConfiguration.computeUnits = compute_units. */
int32_t accel_coreml_model_load(const char* mlmodelc_path, int32_t compute_units, accel_coreml_model** model,
                                char* err, size_t err_capacity);
void accel_coreml_model_free(accel_coreml_model* model);
/* Number of inputs (is_output = 0) or outputs (1). */
int32_t accel_coreml_model_feature_count(const accel_coreml_model* model, int32_t is_output, uint32_t* count);
int32_t accel_coreml_model_feature(const accel_coreml_model* model, int32_t is_output, uint32_t index,
                                   accel_coreml_feature* feature, char* err, size_t err_capacity);
/* Runs the model once. Inputs are wrapped without a copy; outputs are written into the caller's tensors
   (contiguous, exact shape). *outputs_copied is 1 when the OS lacks outputBackings and results were copied. */
int32_t accel_coreml_model_predict(accel_coreml_model* model, uint32_t input_count, const accel_coreml_tensor* inputs,
                                   uint32_t output_count, const accel_coreml_tensor* outputs, int32_t* outputs_copied,
                                   char* err, size_t err_capacity);

/* ---- Metal ---- */
/* The default Metal device: its name, whether it has unified memory (hasUnifiedMemory), and
   recommendedMaxWorkingSetSize. ACCEL_COREML_ERR_METAL when there is none. */
int32_t accel_coreml_metal_device(char* name, size_t name_capacity, int32_t* unified_memory, uint64_t* max_working_set);
/* The VM page size; Metal needs page-aligned memory and a page-multiple length for no-copy buffers. */
uint64_t accel_coreml_page_size(void);
/* Wraps caller memory as an MTLBuffer (newBufferWithBytesNoCopy:length:options:MTLResourceStorageModeShared
   deallocator:nil): no copy; the memory must stay valid until the buffer is freed. */
int32_t accel_coreml_metal_buffer_wrap(void* pointer, uint64_t length, accel_coreml_metal_buffer** buffer,
                                       char* err, size_t err_capacity);
void accel_coreml_metal_buffer_free(accel_coreml_metal_buffer* buffer);
/* [buffer contents] (the caller's pointer) and [buffer length]. */
void* accel_coreml_metal_buffer_contents(const accel_coreml_metal_buffer* buffer);
uint64_t accel_coreml_metal_buffer_length(const accel_coreml_metal_buffer* buffer);

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_COREML_H */
