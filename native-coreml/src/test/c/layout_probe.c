/* Prints the layout of the shim ABI's structs and its constants, as this machine's C compiler lays
   them out from src/main/objc/accel_coreml.h; CoremlLayoutTest compares them with the Java layouts. */
#include <stdio.h>
#include <stddef.h>
#include <stdalign.h>
#include "accel_coreml.h"
#define S(T) printf("S %s %zu %zu\n", #T, sizeof(T), alignof(T))
#define O(T, m) printf("O %s %s %zu\n", #T, #m, offsetof(T, m))
#define E(N) printf("E %s %lld\n", #N, (long long) (N))
int main(void) {
  S(accel_coreml_feature);
  O(accel_coreml_feature, name); O(accel_coreml_feature, is_multiarray); O(accel_coreml_feature, data_type);
  O(accel_coreml_feature, rank); O(accel_coreml_feature, reserved); O(accel_coreml_feature, shape);
  S(accel_coreml_tensor);
  O(accel_coreml_tensor, name); O(accel_coreml_tensor, data); O(accel_coreml_tensor, data_type); O(accel_coreml_tensor, rank);
  O(accel_coreml_tensor, shape); O(accel_coreml_tensor, strides); O(accel_coreml_tensor, byte_size);
  E(ACCEL_COREML_ABI_VERSION); E(ACCEL_COREML_MAX_RANK); E(ACCEL_COREML_MAX_NAME);
  E(ACCEL_COREML_OK); E(ACCEL_COREML_ERR_INVALID_ARGUMENT); E(ACCEL_COREML_ERR_NOT_FOUND); E(ACCEL_COREML_ERR_COMPILE);
  E(ACCEL_COREML_ERR_LOAD); E(ACCEL_COREML_ERR_PREDICT); E(ACCEL_COREML_ERR_UNSUPPORTED); E(ACCEL_COREML_ERR_OUT_OF_MEMORY);
  E(ACCEL_COREML_ERR_METAL); E(ACCEL_COREML_ERR_SHAPE); E(ACCEL_COREML_ERR_INTERNAL);
  E(ACCEL_COREML_UNITS_CPU_ONLY); E(ACCEL_COREML_UNITS_CPU_AND_GPU); E(ACCEL_COREML_UNITS_ALL); E(ACCEL_COREML_UNITS_CPU_AND_NE);
  E(ACCEL_COREML_DEVICE_CPU); E(ACCEL_COREML_DEVICE_GPU); E(ACCEL_COREML_DEVICE_NEURAL_ENGINE);
  E(ACCEL_COREML_FLOAT64); E(ACCEL_COREML_FLOAT32); E(ACCEL_COREML_FLOAT16); E(ACCEL_COREML_INT32);
  return 0;
}
