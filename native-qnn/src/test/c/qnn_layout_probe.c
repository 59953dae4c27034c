/*
 * Prints the size and alignment of every QNN type Accel's binding lays out, the offset of every
 * member it reads or writes, and the enum values it uses, as compiled by this machine's C compiler
 * from qnn_api_transcribed.h. QnnLayoutTest compares each line with the Java layouts.
 *
 * Output lines:  S <type> <sizeof> <alignof>
 *                O <type> <java member path> <offsetof>
 *                E <name> <value>
 * Built with -DACCEL_QNN_VENDOR_HEADERS against a real SDK's headers instead, it prints the same
 * lines for the members that SDK has (see docs/backends/qnn.md, "Layouts checked against the SDK").
 */
#include <stdio.h>
#include <stddef.h>
#include <stdalign.h>

#ifdef ACCEL_QNN_VENDOR_HEADERS
#include "QnnInterface.h"
#include "System/QnnSystemInterface.h"
#define TABLE27 v2_7 /* QNN_INTERFACE_VER_NAME of the SDK 2.13 headers */
#define SYSTABLE v1_1
#else
#include "qnn_api_transcribed.h"
#define TABLE table
#define TABLE27 v2_7
#define SYSTABLE table
#endif

#define S(T) printf("S %s %zu %zu\n", #T, sizeof(T), alignof(T))
#define O(T, c, j) printf("O %s %s %zu\n", #T, j, offsetof(T, c))
#define E(N) printf("E %s %lld\n", #N, (long long) (N))
#define F(m) printf("O QnnInterface_t %s %zu\n", "table." #m, offsetof(QnnInterface_t, TABLE.m))
#define A(m) printf("O QnnInterface_2_7_t %s %zu\n", "table." #m, offsetof(QnnInterface_t, TABLE27.m))
#define SF(m) printf("O QnnSystemInterface_t %s %zu\n", "table." #m, offsetof(QnnSystemInterface_t, SYSTABLE.m))

int main(void) {
  S(Qnn_Version_t);
  O(Qnn_Version_t, major, "major"); O(Qnn_Version_t, minor, "minor"); O(Qnn_Version_t, patch, "patch");
  S(Qnn_ApiVersion_t);
  O(Qnn_ApiVersion_t, coreApiVersion, "coreApiVersion"); O(Qnn_ApiVersion_t, backendApiVersion, "backendApiVersion");
  S(Qnn_ScaleOffset_t);
  S(Qnn_QuantizeParams_t);
  O(Qnn_QuantizeParams_t, encodingDefinition, "encodingDefinition");
  O(Qnn_QuantizeParams_t, quantizationEncoding, "quantizationEncoding");
  O(Qnn_QuantizeParams_t, scaleOffsetEncoding.scale, "encoding.scaleOffsetEncoding.scale");
  O(Qnn_QuantizeParams_t, scaleOffsetEncoding.offset, "encoding.scaleOffsetEncoding.offset");
  S(Qnn_ClientBuffer_t);
  O(Qnn_ClientBuffer_t, data, "data"); O(Qnn_ClientBuffer_t, dataSize, "dataSize");
  S(Qnn_TensorV1_t);
  O(Qnn_TensorV1_t, id, "id"); O(Qnn_TensorV1_t, name, "name"); O(Qnn_TensorV1_t, type, "type");
  O(Qnn_TensorV1_t, dataFormat, "dataFormat"); O(Qnn_TensorV1_t, dataType, "dataType");
  O(Qnn_TensorV1_t, quantizeParams, "quantizeParams"); O(Qnn_TensorV1_t, rank, "rank");
  O(Qnn_TensorV1_t, dimensions, "dimensions"); O(Qnn_TensorV1_t, memType, "memType");
  O(Qnn_TensorV1_t, clientBuf.data, "memory.clientBuf.data"); O(Qnn_TensorV1_t, clientBuf.dataSize, "memory.clientBuf.dataSize");
  O(Qnn_TensorV1_t, memHandle, "memory.memHandle");
#ifndef ACCEL_QNN_VENDOR_HEADERS
  S(Qnn_TensorV2_t);
  O(Qnn_TensorV2_t, memType, "memType"); O(Qnn_TensorV2_t, clientBuf.data, "memory.clientBuf.data");
  O(Qnn_TensorV2_t, isDynamicDimensions, "isDynamicDimensions"); O(Qnn_TensorV2_t, sparseParams, "sparseParams");
  O(Qnn_TensorV2_t, isProduced, "isProduced");
  S(Qnn_Tensor_t);
  S(Qnn_Tensor_2_7_t);
#endif
#ifdef ACCEL_QNN_VENDOR_HEADERS
  printf("S Qnn_Tensor_2_7_t %zu %zu\n", sizeof(Qnn_Tensor_t), alignof(Qnn_Tensor_t));
#endif
  O(Qnn_Tensor_t, version, "version"); O(Qnn_Tensor_t, v1, "v.v1");
  O(Qnn_Tensor_t, v1.dimensions, "v.v1.dimensions");
  S(Qnn_MemShape_t);
  S(Qnn_MemDescriptor_t);
  O(Qnn_MemDescriptor_t, memShape.numDim, "memShape.numDim"); O(Qnn_MemDescriptor_t, memShape.dimSize, "memShape.dimSize");
  O(Qnn_MemDescriptor_t, memShape.shapeConfig, "memShape.shapeConfig");
  O(Qnn_MemDescriptor_t, dataType, "dataType"); O(Qnn_MemDescriptor_t, memType, "memType");
  O(Qnn_MemDescriptor_t, ionInfo.fd, "info.ionInfo.fd"); O(Qnn_MemDescriptor_t, customInfo, "info.customInfo");

  O(QnnInterface_t, backendId, "backendId"); O(QnnInterface_t, providerName, "providerName");
  O(QnnInterface_t, apiVersion.coreApiVersion.major, "apiVersion.coreApiVersion.major");
  O(QnnInterface_t, apiVersion.backendApiVersion.major, "apiVersion.backendApiVersion.major");
#ifndef ACCEL_QNN_VENDOR_HEADERS
  F(propertyHasCapability); F(backendCreate); F(backendSetConfig); F(backendGetApiVersion); F(backendGetBuildId);
  F(backendRegisterOpPackage); F(backendGetSupportedOperations); F(backendValidateOpConfig); F(backendFree);
  F(contextCreate); F(contextSetConfig); F(contextGetBinarySize); F(contextGetBinary); F(contextCreateFromBinary); F(contextFree);
  F(graphCreate); F(graphCreateSubgraph); F(graphSetConfig); F(graphAddNode); F(graphFinalize); F(graphRetrieve);
  F(graphExecute); F(graphExecuteAsync); F(tensorCreateContextTensor); F(tensorCreateGraphTensor);
  F(logCreate); F(logSetLogLevel); F(logFree);
  F(profileCreate); F(profileSetConfig); F(profileGetEvents); F(profileGetSubEvents); F(profileGetEventData);
  F(profileGetExtendedEventData); F(profileFree); F(memRegister); F(memDeRegister);
  F(deviceGetPlatformInfo); F(deviceFreePlatformInfo); F(deviceGetInfrastructure); F(deviceCreate); F(deviceSetConfig);
  F(deviceGetInfo); F(deviceFree); F(signalCreate); F(signalSetConfig); F(signalTrigger); F(signalFree);
#endif
  A(propertyHasCapability); A(backendCreate); A(backendGetApiVersion); A(backendGetBuildId); A(backendRegisterOpPackage);
  A(backendGetSupportedOperations); A(backendValidateOpConfig); A(backendFree); A(contextCreate); A(contextSetConfig);
  A(contextGetBinarySize); A(contextGetBinary); A(contextCreateFromBinary); A(contextFree); A(graphCreate); A(graphSetConfig);
  A(graphAddNode); A(graphFinalize); A(graphRetrieve); A(graphExecute); A(graphExecuteAsync); A(tensorCreateContextTensor);
  A(tensorCreateGraphTensor); A(logCreate); A(logSetLogLevel); A(logFree); A(profileCreate); A(profileGetEvents);
  A(profileGetSubEvents); A(profileGetEventData); A(profileFree); A(memRegister); A(memDeRegister); A(deviceGetPlatformInfo);
  A(deviceFreePlatformInfo); A(deviceGetInfrastructure); A(deviceCreate); A(deviceSetConfig); A(deviceGetInfo); A(deviceFree);
  A(signalCreate); A(signalSetConfig); A(signalTrigger); A(signalFree);

  O(QnnSystemInterface_t, backendId, "backendId"); O(QnnSystemInterface_t, providerName, "providerName");
  O(QnnSystemInterface_t, systemApiVersion.major, "systemApiVersion.major");
  SF(systemContextCreate); SF(systemContextGetBinaryInfo); SF(systemContextGetMetaData); SF(systemContextFree);

  S(QnnSystemContext_GraphInfoV1_t);
  O(QnnSystemContext_GraphInfoV1_t, graphName, "graphName"); O(QnnSystemContext_GraphInfoV1_t, numGraphInputs, "numGraphInputs");
  O(QnnSystemContext_GraphInfoV1_t, graphInputs, "graphInputs"); O(QnnSystemContext_GraphInfoV1_t, numGraphOutputs, "numGraphOutputs");
  O(QnnSystemContext_GraphInfoV1_t, graphOutputs, "graphOutputs");
  O(QnnSystemContext_GraphInfo_t, version, "version"); O(QnnSystemContext_GraphInfo_t, graphInfoV1, "info.graphInfoV1");
  O(QnnSystemContext_BinaryInfoV1_t, backendId, "backendId"); O(QnnSystemContext_BinaryInfoV1_t, buildId, "buildId");
  O(QnnSystemContext_BinaryInfoV1_t, coreApiVersion, "coreApiVersion"); O(QnnSystemContext_BinaryInfoV1_t, socVersion, "socVersion");
  O(QnnSystemContext_BinaryInfoV1_t, contextBlobSize, "contextBlobSize");
  O(QnnSystemContext_BinaryInfoV1_t, numGraphs, "numGraphs"); O(QnnSystemContext_BinaryInfoV1_t, graphs, "graphs");
  O(QnnSystemContext_BinaryInfo_t, version, "version"); O(QnnSystemContext_BinaryInfo_t, contextBinaryInfoV1, "info.contextBinaryInfoV1");

  E(QNN_SUCCESS); E(QNN_COMMON_ERROR_NOT_SUPPORTED); E(QNN_COMMON_ERROR_MEM_ALLOC); E(QNN_COMMON_ERROR_INVALID_ARGUMENT);
  E(QNN_CONTEXT_ERROR_INVALID_ARGUMENT); E(QNN_CONTEXT_ERROR_INVALID_HANDLE); E(QNN_CONTEXT_ERROR_CREATE_FROM_BINARY);
  E(QNN_GRAPH_ERROR_INVALID_ARGUMENT); E(QNN_GRAPH_ERROR_INVALID_HANDLE); E(QNN_GRAPH_ERROR_GRAPH_DOES_NOT_EXIST);
  E(QNN_GRAPH_ERROR_INVALID_TENSOR); E(QNN_MEM_ERROR_INVALID_ARGUMENT); E(QNN_MEM_ERROR_INVALID_HANDLE);
  E(QNN_DEVICE_ERROR_HARDWARE_UNAVAILABLE); E(QNN_SYSTEM_CONTEXT_ERROR_MALFORMED_BINARY);
  E(QNN_DATATYPE_INT_8); E(QNN_DATATYPE_INT_16); E(QNN_DATATYPE_INT_32); E(QNN_DATATYPE_INT_64);
  E(QNN_DATATYPE_UINT_8); E(QNN_DATATYPE_UINT_16); E(QNN_DATATYPE_UINT_32); E(QNN_DATATYPE_UINT_64);
  E(QNN_DATATYPE_FLOAT_16); E(QNN_DATATYPE_FLOAT_32);
  E(QNN_DATATYPE_SFIXED_POINT_8); E(QNN_DATATYPE_SFIXED_POINT_16); E(QNN_DATATYPE_SFIXED_POINT_32);
  E(QNN_DATATYPE_UFIXED_POINT_8); E(QNN_DATATYPE_UFIXED_POINT_16); E(QNN_DATATYPE_UFIXED_POINT_32);
  E(QNN_DATATYPE_BOOL_8); E(QNN_DATATYPE_UNDEFINED);
  E(QNN_TENSOR_TYPE_APP_WRITE); E(QNN_TENSOR_TYPE_APP_READ); E(QNN_TENSOR_VERSION_1);
  E(QNN_TENSORMEMTYPE_RAW); E(QNN_TENSORMEMTYPE_MEMHANDLE); E(QNN_TENSOR_DATA_FORMAT_FLAT_BUFFER);
  E(QNN_DEFINITION_UNDEFINED); E(QNN_QUANTIZATION_ENCODING_UNDEFINED); E(QNN_QUANTIZATION_ENCODING_SCALE_OFFSET);
  E(QNN_MEM_TYPE_ION); E(QNN_MEM_TYPE_CUSTOM);
  E(QNN_LOG_LEVEL_ERROR); E(QNN_LOG_LEVEL_WARN); E(QNN_LOG_LEVEL_INFO); E(QNN_LOG_LEVEL_VERBOSE); E(QNN_LOG_LEVEL_DEBUG);
  return 0;
}
