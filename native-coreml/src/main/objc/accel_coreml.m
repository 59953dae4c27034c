// accel_coreml.m: Accel's CoreML/Metal shim, the Objective-C side of the C ABI in accel_coreml.h.
// Built on macOS only, by the module's Maven profile "coreml-shim":
//   xcrun clang -fobjc-arc -O2 -shared -framework CoreML -framework Metal -framework Foundation \
//       -o libaccel_coreml.dylib accel_coreml.m
// Never compiled on the Linux machines this project is developed on (no Apple SDK there); see
// docs/backends/coreml.md for what has and has not been verified.

#import <CoreML/CoreML.h>
#import <Foundation/Foundation.h>
#import <Metal/Metal.h>
#include <string.h>
#include <unistd.h>

#include "accel_coreml.h"

// ---- helpers --------------------------------------------------------------------------------------

static int32_t fail(int32_t status, char* err, size_t capacity, NSString* message) {
  if (err != NULL && capacity > 0) {
    const char* text = message != nil ? message.UTF8String : "";
    if (text == NULL) text = "";
    strncpy(err, text, capacity - 1);
    err[capacity - 1] = 0;
  }
  return status;
}

static int32_t failWithError(int32_t status, char* err, size_t capacity, NSString* what, NSError* error) {
  NSString* detail = error != nil ? error.localizedDescription : @"no NSError given";
  return fail(status, err, capacity, [NSString stringWithFormat:@"%@: %@", what, detail]);
}

static size_t elementSize(int32_t dataType) {
  switch (dataType) {
    case ACCEL_COREML_FLOAT64: return 8;
    case ACCEL_COREML_FLOAT32: return 4;
    case ACCEL_COREML_FLOAT16: return 2;
    case ACCEL_COREML_INT32: return 4;
    default: return 0;
  }
}

static NSArray<NSNumber*>* numbers(const int64_t* values, uint32_t count) {
  NSMutableArray<NSNumber*>* array = [NSMutableArray arrayWithCapacity:count];
  for (uint32_t i = 0; i < count; i++) [array addObject:@(values[i])];
  return array;
}

struct accel_coreml_model {
  void* model;           // MLModel*, retained with CFBridgingRetain
  void* inputNames;      // NSArray<NSString*>*, sorted, retained
  void* outputNames;     // NSArray<NSString*>*, sorted, retained
};

struct accel_coreml_metal_buffer {
  void* buffer;          // id<MTLBuffer>, retained
  void* contents;
  uint64_t length;
};

// ---- the shim ---------------------------------------------------------------------------------------

uint32_t accel_coreml_abi_version(void) { return ACCEL_COREML_ABI_VERSION; }

const char* accel_coreml_shim_info(void) {
  static char info[256];
  static dispatch_once_t once;
  dispatch_once(&once, ^{
    NSString* os = [NSProcessInfo processInfo].operatingSystemVersionString;
    NSString* text = [NSString stringWithFormat:@"accel_coreml shim %u (CoreML, %@)", ACCEL_COREML_ABI_VERSION, os];
    strncpy(info, text.UTF8String, sizeof info - 1);
  });
  return info;
}

const char* accel_coreml_status_name(int32_t status) {
  switch (status) {
    case ACCEL_COREML_OK: return "ACCEL_COREML_OK";
    case ACCEL_COREML_ERR_INVALID_ARGUMENT: return "ACCEL_COREML_ERR_INVALID_ARGUMENT";
    case ACCEL_COREML_ERR_NOT_FOUND: return "ACCEL_COREML_ERR_NOT_FOUND";
    case ACCEL_COREML_ERR_COMPILE: return "ACCEL_COREML_ERR_COMPILE";
    case ACCEL_COREML_ERR_LOAD: return "ACCEL_COREML_ERR_LOAD";
    case ACCEL_COREML_ERR_PREDICT: return "ACCEL_COREML_ERR_PREDICT";
    case ACCEL_COREML_ERR_UNSUPPORTED: return "ACCEL_COREML_ERR_UNSUPPORTED";
    case ACCEL_COREML_ERR_OUT_OF_MEMORY: return "ACCEL_COREML_ERR_OUT_OF_MEMORY";
    case ACCEL_COREML_ERR_METAL: return "ACCEL_COREML_ERR_METAL";
    case ACCEL_COREML_ERR_SHAPE: return "ACCEL_COREML_ERR_SHAPE";
    case ACCEL_COREML_ERR_INTERNAL: return "ACCEL_COREML_ERR_INTERNAL";
    default: return "ACCEL_COREML_UNKNOWN_STATUS";
  }
}

uint32_t accel_coreml_available_devices(void) {
  @autoreleasepool {
    uint32_t bits = ACCEL_COREML_DEVICE_CPU;
    if (@available(macOS 14.0, iOS 17.0, *)) {
      bits = 0;
      // MLModel.availableComputeDevices: the devices CoreML predictions may use (MLAllComputeDevices()
      // also lists devices reserved to Vision and SoundAnalysis).
      for (id<MLComputeDeviceProtocol> device in MLModel.availableComputeDevices) {
        if ([(NSObject*) device isKindOfClass:[MLCPUComputeDevice class]]) bits |= ACCEL_COREML_DEVICE_CPU;
        if ([(NSObject*) device isKindOfClass:[MLGPUComputeDevice class]]) bits |= ACCEL_COREML_DEVICE_GPU;
        if ([(NSObject*) device isKindOfClass:[MLNeuralEngineComputeDevice class]]) bits |= ACCEL_COREML_DEVICE_NEURAL_ENGINE;
      }
    } else if (MTLCreateSystemDefaultDevice() != nil) {
      bits |= ACCEL_COREML_DEVICE_GPU; // the Neural Engine cannot be detected before macOS 14
    }
    return bits;
  }
}

// ---- models -----------------------------------------------------------------------------------------

int32_t accel_coreml_compile(const char* model_path, char* compiled_path, size_t compiled_capacity, char* err, size_t err_capacity) {
  if (model_path == NULL || compiled_path == NULL || compiled_capacity == 0) {
    return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, @"model_path and compiled_path are required");
  }
  @autoreleasepool {
    NSURL* url = [NSURL fileURLWithPath:[NSString stringWithUTF8String:model_path]];
    if (![[NSFileManager defaultManager] fileExistsAtPath:url.path]) {
      return fail(ACCEL_COREML_ERR_NOT_FOUND, err, err_capacity, [NSString stringWithFormat:@"no such model: %@", url.path]);
    }
    NSError* error = nil;
    NSURL* compiled = [MLModel compileModelAtURL:url error:&error];
    if (compiled == nil) {
      return failWithError(ACCEL_COREML_ERR_COMPILE, err, err_capacity, @"MLModel compileModelAtURL failed", error);
    }
    const char* path = compiled.path.UTF8String;
    if (strlen(path) + 1 > compiled_capacity) {
      return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, @"compiled_path is too small for the compiled model's path");
    }
    strcpy(compiled_path, path);
    return ACCEL_COREML_OK;
  }
}

int32_t accel_coreml_model_load(const char* mlmodelc_path, int32_t compute_units, accel_coreml_model** model,
                                char* err, size_t err_capacity) {
  if (mlmodelc_path == NULL || model == NULL) {
    return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, @"mlmodelc_path and model are required");
  }
  if (compute_units < ACCEL_COREML_UNITS_CPU_ONLY || compute_units > ACCEL_COREML_UNITS_CPU_AND_NE) {
    return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity,
                [NSString stringWithFormat:@"compute units must be 0..3, got %d", compute_units]);
  }
  @autoreleasepool {
    NSURL* url = [NSURL fileURLWithPath:[NSString stringWithUTF8String:mlmodelc_path]];
    BOOL directory = NO;
    if (![[NSFileManager defaultManager] fileExistsAtPath:url.path isDirectory:&directory] || !directory) {
      return fail(ACCEL_COREML_ERR_NOT_FOUND, err, err_capacity,
                  [NSString stringWithFormat:@"no compiled model directory (.mlmodelc) at %@", url.path]);
    }
    MLModelConfiguration* configuration = [[MLModelConfiguration alloc] init];
    if (compute_units == ACCEL_COREML_UNITS_CPU_AND_NE) {
      if (@available(macOS 13.0, iOS 16.0, *)) {
        configuration.computeUnits = MLComputeUnitsCPUAndNeuralEngine;
      } else {
        return fail(ACCEL_COREML_ERR_UNSUPPORTED, err, err_capacity, @"CPU_AND_NE needs macOS 13 / iOS 16 or later");
      }
    } else {
      configuration.computeUnits = (MLComputeUnits) compute_units;
    }
    NSError* error = nil;
    MLModel* loaded = [MLModel modelWithContentsOfURL:url configuration:configuration error:&error];
    if (loaded == nil) {
      return failWithError(ACCEL_COREML_ERR_LOAD, err, err_capacity, @"MLModel modelWithContentsOfURL failed", error);
    }
    NSArray<NSString*>* inputs = [loaded.modelDescription.inputDescriptionsByName.allKeys sortedArrayUsingSelector:@selector(compare:)];
    NSArray<NSString*>* outputs = [loaded.modelDescription.outputDescriptionsByName.allKeys sortedArrayUsingSelector:@selector(compare:)];
    accel_coreml_model* handle = calloc(1, sizeof *handle);
    if (handle == NULL) return fail(ACCEL_COREML_ERR_OUT_OF_MEMORY, err, err_capacity, @"calloc failed");
    handle->model = (void*) CFBridgingRetain(loaded);
    handle->inputNames = (void*) CFBridgingRetain(inputs);
    handle->outputNames = (void*) CFBridgingRetain(outputs);
    *model = handle;
    return ACCEL_COREML_OK;
  }
}

void accel_coreml_model_free(accel_coreml_model* model) {
  if (model == NULL) return;
  CFBridgingRelease(model->model);
  CFBridgingRelease(model->inputNames);
  CFBridgingRelease(model->outputNames);
  free(model);
}

int32_t accel_coreml_model_feature_count(const accel_coreml_model* model, int32_t is_output, uint32_t* count) {
  if (model == NULL || count == NULL) return ACCEL_COREML_ERR_INVALID_ARGUMENT;
  NSArray<NSString*>* names = (__bridge NSArray<NSString*>*) (is_output ? model->outputNames : model->inputNames);
  *count = (uint32_t) names.count;
  return ACCEL_COREML_OK;
}

int32_t accel_coreml_model_feature(const accel_coreml_model* model, int32_t is_output, uint32_t index,
                                   accel_coreml_feature* feature, char* err, size_t err_capacity) {
  if (model == NULL || feature == NULL) return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, @"model and feature are required");
  @autoreleasepool {
    MLModel* m = (__bridge MLModel*) model->model;
    NSArray<NSString*>* names = (__bridge NSArray<NSString*>*) (is_output ? model->outputNames : model->inputNames);
    if (index >= names.count) {
      return fail(ACCEL_COREML_ERR_NOT_FOUND, err, err_capacity, [NSString stringWithFormat:@"index %u >= %lu features", index,
                                                                                                (unsigned long) names.count]);
    }
    NSString* name = names[index];
    MLFeatureDescription* description = is_output ? m.modelDescription.outputDescriptionsByName[name]
                                                  : m.modelDescription.inputDescriptionsByName[name];
    memset(feature, 0, sizeof *feature);
    if (strlen(name.UTF8String) >= ACCEL_COREML_MAX_NAME) {
      return fail(ACCEL_COREML_ERR_UNSUPPORTED, err, err_capacity, [NSString stringWithFormat:@"feature name too long: %@", name]);
    }
    strcpy(feature->name, name.UTF8String);
    if (description.type != MLFeatureTypeMultiArray) {
      feature->is_multiarray = 0;
      return ACCEL_COREML_OK;
    }
    MLMultiArrayConstraint* constraint = description.multiArrayConstraint;
    if (constraint.shape.count > ACCEL_COREML_MAX_RANK) {
      return fail(ACCEL_COREML_ERR_UNSUPPORTED, err, err_capacity, [NSString stringWithFormat:@"%@ has rank %lu > %u", name,
                                                                                                (unsigned long) constraint.shape.count, ACCEL_COREML_MAX_RANK]);
    }
    feature->is_multiarray = 1;
    feature->data_type = (int32_t) constraint.dataType;
    feature->rank = (uint32_t) constraint.shape.count;
    BOOL flexible = constraint.shapeConstraint.type != MLMultiArrayShapeConstraintTypeUnspecified
                    && constraint.shapeConstraint.type != MLMultiArrayShapeConstraintTypeEnumerated;
    for (uint32_t i = 0; i < feature->rank; i++) {
      feature->shape[i] = flexible ? 0 : constraint.shape[i].longLongValue;
    }
    return ACCEL_COREML_OK;
  }
}

static MLMultiArray* wrap(const accel_coreml_tensor* t, NSError** error) {
  // No copy: CoreML reads (or, for output backings, writes) the caller's memory in place.
  return [[MLMultiArray alloc] initWithDataPointer:t->data
                                             shape:numbers(t->shape, t->rank)
                                          dataType:(MLMultiArrayDataType) t->data_type
                                           strides:numbers(t->strides, t->rank)
                                       deallocator:^(void* bytes) { (void) bytes; }
                                             error:error];
}

static int32_t checkTensor(const accel_coreml_tensor* t, char* err, size_t err_capacity) {
  if (t->name == NULL || t->data == NULL || t->rank > ACCEL_COREML_MAX_RANK || (t->rank > 0 && (t->shape == NULL || t->strides == NULL))) {
    return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, @"a tensor needs a name, data, shape and strides");
  }
  if (elementSize(t->data_type) == 0) {
    return fail(ACCEL_COREML_ERR_UNSUPPORTED, err, err_capacity,
                [NSString stringWithFormat:@"tensor %s has data type %d, not one of FLOAT64, FLOAT32, FLOAT16, INT32", t->name, t->data_type]);
  }
  return ACCEL_COREML_OK;
}

// Copies a result array into a contiguous caller tensor of the same shape and type, following the result's strides.
static int32_t copyOut(MLMultiArray* result, const accel_coreml_tensor* out, char* err, size_t err_capacity) {
  size_t element = elementSize(out->data_type);
  if ((int32_t) result.dataType != out->data_type || result.shape.count != out->rank) {
    return fail(ACCEL_COREML_ERR_SHAPE, err, err_capacity, [NSString stringWithFormat:@"output %s: CoreML produced a different type or rank", out->name]);
  }
  uint64_t count = 1;
  for (uint32_t i = 0; i < out->rank; i++) {
    if (result.shape[i].longLongValue != out->shape[i]) {
      return fail(ACCEL_COREML_ERR_SHAPE, err, err_capacity, [NSString stringWithFormat:@"output %s: axis %u is %lld, expected %lld",
                                                                                          out->name, i, result.shape[i].longLongValue, out->shape[i]]);
    }
    count *= (uint64_t) out->shape[i];
  }
  if (count * element > out->byte_size) {
    return fail(ACCEL_COREML_ERR_SHAPE, err, err_capacity, [NSString stringWithFormat:@"output %s needs %llu bytes", out->name,
                                                                                        (unsigned long long) (count * element)]);
  }
  __block int32_t status = ACCEL_COREML_OK;
  void (^copy)(const void*, NSInteger) = ^(const void* bytes, NSInteger size) {
    (void) size;
    const char* src = bytes;
    char* dst = out->data;
    int64_t index[ACCEL_COREML_MAX_RANK] = {0};
    for (uint64_t n = 0; n < count; n++) {
      int64_t offset = 0;
      for (uint32_t d = 0; d < out->rank; d++) offset += index[d] * result.strides[d].longLongValue;
      memcpy(dst + n * element, src + offset * (int64_t) element, element);
      for (int32_t d = (int32_t) out->rank - 1; d >= 0; d--) {
        if (++index[d] < out->shape[d]) break;
        index[d] = 0;
      }
    }
  };
  if (@available(macOS 12.3, iOS 15.4, *)) {
    [result getBytesWithHandler:copy];
  } else {
    copy(result.dataPointer, 0);
  }
  return status;
}

int32_t accel_coreml_model_predict(accel_coreml_model* model, uint32_t input_count, const accel_coreml_tensor* inputs,
                                   uint32_t output_count, const accel_coreml_tensor* outputs, int32_t* outputs_copied,
                                   char* err, size_t err_capacity) {
  if (model == NULL || (input_count > 0 && inputs == NULL) || (output_count > 0 && outputs == NULL) || outputs_copied == NULL) {
    return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, @"model, inputs, outputs and outputs_copied are required");
  }
  *outputs_copied = 0;
  @autoreleasepool {
    MLModel* m = (__bridge MLModel*) model->model;
    NSMutableDictionary<NSString*, MLFeatureValue*>* features = [NSMutableDictionary dictionaryWithCapacity:input_count];
    for (uint32_t i = 0; i < input_count; i++) {
      int32_t status = checkTensor(&inputs[i], err, err_capacity);
      if (status != ACCEL_COREML_OK) return status;
      NSError* error = nil;
      MLMultiArray* array = wrap(&inputs[i], &error);
      if (array == nil) {
        return failWithError(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity,
                             [NSString stringWithFormat:@"MLMultiArray initWithDataPointer for input %s", inputs[i].name], error);
      }
      features[[NSString stringWithUTF8String:inputs[i].name]] = [MLFeatureValue featureValueWithMultiArray:array];
    }
    NSError* error = nil;
    MLDictionaryFeatureProvider* provider = [[MLDictionaryFeatureProvider alloc] initWithDictionary:features error:&error];
    if (provider == nil) {
      return failWithError(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, @"MLDictionaryFeatureProvider", error);
    }
    MLPredictionOptions* options = [[MLPredictionOptions alloc] init];
    NSMutableDictionary<NSString*, id>* backings = [NSMutableDictionary dictionaryWithCapacity:output_count];
    for (uint32_t i = 0; i < output_count; i++) {
      int32_t status = checkTensor(&outputs[i], err, err_capacity);
      if (status != ACCEL_COREML_OK) return status;
      MLMultiArray* array = wrap(&outputs[i], &error);
      if (array == nil) {
        return failWithError(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity,
                             [NSString stringWithFormat:@"MLMultiArray initWithDataPointer for output %s", outputs[i].name], error);
      }
      backings[[NSString stringWithUTF8String:outputs[i].name]] = array;
    }
    BOOL backed = NO;
    if (@available(macOS 13.0, iOS 16.0, *)) {
      options.outputBackings = backings;
      backed = YES;
    }
    id<MLFeatureProvider> result = [m predictionFromFeatures:provider options:options error:&error];
    if (result == nil) {
      return failWithError(ACCEL_COREML_ERR_PREDICT, err, err_capacity, @"MLModel predictionFromFeatures failed", error);
    }
    for (uint32_t i = 0; i < output_count; i++) {
      NSString* name = [NSString stringWithUTF8String:outputs[i].name];
      MLFeatureValue* value = [result featureValueForName:name];
      if (value == nil || value.multiArrayValue == nil) {
        return fail(ACCEL_COREML_ERR_NOT_FOUND, err, err_capacity, [NSString stringWithFormat:@"the model produced no multi-array output %@", name]);
      }
      MLMultiArray* produced = value.multiArrayValue;
      if (backed && produced.dataPointer == outputs[i].data) {
        continue; // written in place through the output backing
      }
      int32_t status = copyOut(produced, &outputs[i], err, err_capacity);
      if (status != ACCEL_COREML_OK) return status;
      *outputs_copied = 1;
    }
    return ACCEL_COREML_OK;
  }
}

// ---- Metal ------------------------------------------------------------------------------------------

int32_t accel_coreml_metal_device(char* name, size_t name_capacity, int32_t* unified_memory, uint64_t* max_working_set) {
  @autoreleasepool {
    id<MTLDevice> device = MTLCreateSystemDefaultDevice();
    if (device == nil) return ACCEL_COREML_ERR_METAL;
    if (name != NULL && name_capacity > 0) {
      strncpy(name, device.name.UTF8String, name_capacity - 1);
      name[name_capacity - 1] = 0;
    }
    if (unified_memory != NULL) *unified_memory = device.hasUnifiedMemory ? 1 : 0;
    if (max_working_set != NULL) *max_working_set = device.recommendedMaxWorkingSetSize;
    return ACCEL_COREML_OK;
  }
}

uint64_t accel_coreml_page_size(void) { return (uint64_t) getpagesize(); }

int32_t accel_coreml_metal_buffer_wrap(void* pointer, uint64_t length, accel_coreml_metal_buffer** buffer,
                                       char* err, size_t err_capacity) {
  uint64_t page = accel_coreml_page_size();
  if (pointer == NULL || buffer == NULL || length == 0) {
    return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity, @"pointer, length and buffer are required");
  }
  if ((uintptr_t) pointer % page != 0 || length % page != 0) {
    return fail(ACCEL_COREML_ERR_INVALID_ARGUMENT, err, err_capacity,
                [NSString stringWithFormat:@"Metal needs page-aligned memory and a length that is a multiple of the page size (%llu)",
                                           (unsigned long long) page]);
  }
  @autoreleasepool {
    id<MTLDevice> device = MTLCreateSystemDefaultDevice();
    if (device == nil) return fail(ACCEL_COREML_ERR_METAL, err, err_capacity, @"no Metal device");
    id<MTLBuffer> wrapped = [device newBufferWithBytesNoCopy:pointer length:length options:MTLResourceStorageModeShared deallocator:nil];
    if (wrapped == nil) return fail(ACCEL_COREML_ERR_METAL, err, err_capacity, @"newBufferWithBytesNoCopy returned nil");
    accel_coreml_metal_buffer* handle = calloc(1, sizeof *handle);
    if (handle == NULL) return fail(ACCEL_COREML_ERR_OUT_OF_MEMORY, err, err_capacity, @"calloc failed");
    handle->contents = wrapped.contents;
    handle->length = wrapped.length;
    handle->buffer = (void*) CFBridgingRetain(wrapped);
    *buffer = handle;
    return ACCEL_COREML_OK;
  }
}

void accel_coreml_metal_buffer_free(accel_coreml_metal_buffer* buffer) {
  if (buffer == NULL) return;
  CFBridgingRelease(buffer->buffer);
  free(buffer);
}

void* accel_coreml_metal_buffer_contents(const accel_coreml_metal_buffer* buffer) {
  return buffer == NULL ? NULL : buffer->contents;
}

uint64_t accel_coreml_metal_buffer_length(const accel_coreml_metal_buffer* buffer) {
  return buffer == NULL ? 0 : buffer->length;
}
