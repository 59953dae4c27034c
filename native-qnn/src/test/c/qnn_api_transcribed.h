/*
 * A transcription, written for Accel's tests, of the subset of Qualcomm's QNN C API that Accel's
 * binding (dev.accel.qnn) uses: type layouts, enum values and the order of the interface tables.
 * It is NOT Qualcomm's header and holds none of its text; each definition names the vendor header
 * (QNN SDK include/QNN/...) it was checked against. See docs/backends/qnn.md for the SDK versions.
 *
 * Used by qnn_layout_probe.c (prints sizes and offsets for the layout test) and by qnn_stand_in.c
 * (a stand-in backend library for the ABI contract test). Plain C11.
 */
#ifndef ACCEL_QNN_API_TRANSCRIBED_H
#define ACCEL_QNN_API_TRANSCRIBED_H

#include <stdint.h>
#include <stddef.h>

/* QnnCommon.h */
typedef uint64_t Qnn_ErrorHandle_t;
typedef void* Qnn_Handle_t;
typedef Qnn_Handle_t Qnn_BackendHandle_t;
typedef Qnn_Handle_t Qnn_ContextHandle_t;
typedef Qnn_Handle_t Qnn_DeviceHandle_t;
typedef Qnn_Handle_t Qnn_GraphHandle_t;
typedef Qnn_Handle_t Qnn_LogHandle_t;
typedef Qnn_Handle_t Qnn_MemHandle_t;
typedef Qnn_Handle_t Qnn_ProfileHandle_t;
typedef Qnn_Handle_t Qnn_SignalHandle_t;

#define QNN_SUCCESS 0
#define QNN_COMMON_ERROR_NOT_SUPPORTED 1000
#define QNN_COMMON_ERROR_MEM_ALLOC 1002
#define QNN_COMMON_ERROR_INVALID_ARGUMENT 1004
#define QNN_CONTEXT_ERROR_INVALID_ARGUMENT 5000
#define QNN_CONTEXT_ERROR_INVALID_HANDLE 5002
#define QNN_CONTEXT_ERROR_CREATE_FROM_BINARY 5005
#define QNN_GRAPH_ERROR_INVALID_ARGUMENT 6000
#define QNN_GRAPH_ERROR_INVALID_HANDLE 6001
#define QNN_GRAPH_ERROR_GRAPH_DOES_NOT_EXIST 6002
#define QNN_GRAPH_ERROR_INVALID_TENSOR 6004
#define QNN_MEM_ERROR_INVALID_ARGUMENT 8000
#define QNN_MEM_ERROR_INVALID_HANDLE 8001
#define QNN_DEVICE_ERROR_HARDWARE_UNAVAILABLE 14002
#define QNN_SYSTEM_CONTEXT_ERROR_MALFORMED_BINARY 30010

/* QnnTypes.h */
typedef enum {
  QNN_DATATYPE_INT_8 = 0x0008, QNN_DATATYPE_INT_16 = 0x0016, QNN_DATATYPE_INT_32 = 0x0032, QNN_DATATYPE_INT_64 = 0x0064,
  QNN_DATATYPE_UINT_8 = 0x0108, QNN_DATATYPE_UINT_16 = 0x0116, QNN_DATATYPE_UINT_32 = 0x0132, QNN_DATATYPE_UINT_64 = 0x0164,
  QNN_DATATYPE_FLOAT_16 = 0x0216, QNN_DATATYPE_FLOAT_32 = 0x0232, QNN_DATATYPE_FLOAT_64 = 0x0264,
  QNN_DATATYPE_SFIXED_POINT_8 = 0x0308, QNN_DATATYPE_SFIXED_POINT_16 = 0x0316, QNN_DATATYPE_SFIXED_POINT_32 = 0x0332,
  QNN_DATATYPE_UFIXED_POINT_8 = 0x0408, QNN_DATATYPE_UFIXED_POINT_16 = 0x0416, QNN_DATATYPE_UFIXED_POINT_32 = 0x0432,
  QNN_DATATYPE_BOOL_8 = 0x0508,
  QNN_DATATYPE_UNDEFINED = 0x7FFFFFFF
} Qnn_DataType_t;

typedef enum {
  QNN_TENSOR_TYPE_APP_WRITE = 0, QNN_TENSOR_TYPE_APP_READ = 1, QNN_TENSOR_TYPE_APP_READWRITE = 2,
  QNN_TENSOR_TYPE_NATIVE = 3, QNN_TENSOR_TYPE_STATIC = 4, QNN_TENSOR_TYPE_NULL = 5,
  QNN_TENSOR_TYPE_UNDEFINED = 0x7FFFFFFF
} Qnn_TensorType_t;

typedef enum { QNN_DEFINITION_IMPL_GENERATED = 0, QNN_DEFINITION_DEFINED = 1, QNN_DEFINITION_UNDEFINED = 0x7FFFFFFF } Qnn_Definition_t;

typedef struct { uint32_t major; uint32_t minor; uint32_t patch; } Qnn_Version_t;
typedef struct { Qnn_Version_t coreApiVersion; Qnn_Version_t backendApiVersion; } Qnn_ApiVersion_t;

typedef enum {
  QNN_QUANTIZATION_ENCODING_SCALE_OFFSET = 0, QNN_QUANTIZATION_ENCODING_AXIS_SCALE_OFFSET = 1,
  QNN_QUANTIZATION_ENCODING_BW_SCALE_OFFSET = 2, QNN_QUANTIZATION_ENCODING_BW_AXIS_SCALE_OFFSET = 3,
  QNN_QUANTIZATION_ENCODING_UNDEFINED = 0x7FFFFFFF
} Qnn_QuantizationEncoding_t;

typedef struct { float scale; int32_t offset; } Qnn_ScaleOffset_t;
typedef struct { int32_t axis; uint32_t numScaleOffsets; Qnn_ScaleOffset_t* scaleOffset; } Qnn_AxisScaleOffset_t;
typedef struct { uint32_t bitwidth; float scale; int32_t offset; } Qnn_BwScaleOffset_t;
typedef struct { uint32_t bitwidth; int32_t axis; uint32_t numElements; float* scales; int32_t* offsets; } Qnn_BwAxisScaleOffset_t;

/* Later SDKs add blockEncoding (a value no larger than Qnn_BwAxisScaleOffset_t) and two pointers to
   this union; none makes it larger than 32 bytes on LP64. */
typedef struct {
  Qnn_Definition_t encodingDefinition;
  Qnn_QuantizationEncoding_t quantizationEncoding;
  union {
    Qnn_ScaleOffset_t scaleOffsetEncoding;
    Qnn_AxisScaleOffset_t axisScaleOffsetEncoding;
    Qnn_BwScaleOffset_t bwScaleOffsetEncoding;
    Qnn_BwAxisScaleOffset_t bwAxisScaleOffsetEncoding;
  };
} Qnn_QuantizeParams_t;

typedef uint32_t Qnn_TensorDataFormat_t;
#define QNN_TENSOR_DATA_FORMAT_FLAT_BUFFER 0

typedef enum { QNN_TENSORMEMTYPE_RAW = 0, QNN_TENSORMEMTYPE_MEMHANDLE = 1, QNN_TENSORMEMTYPE_UNDEFINED = 0x7FFFFFFF } Qnn_TensorMemType_t;

typedef struct { void* data; uint32_t dataSize; } Qnn_ClientBuffer_t;

typedef struct {
  uint32_t id;
  const char* name;
  Qnn_TensorType_t type;
  Qnn_TensorDataFormat_t dataFormat;
  Qnn_DataType_t dataType;
  Qnn_QuantizeParams_t quantizeParams;
  uint32_t rank;
  uint32_t* dimensions;
  Qnn_TensorMemType_t memType;
  union { Qnn_ClientBuffer_t clientBuf; Qnn_MemHandle_t memHandle; };
} Qnn_TensorV1_t;

typedef enum { QNN_SPARSE_LAYOUT_HYBRID_COO = 0, QNN_SPARSE_LAYOUT_UNDEFINED = 0x7FFFFFFF } Qnn_SparseLayoutType_t;
typedef struct { uint32_t numSpecifiedElements; uint32_t numSparseDimensions; } Qnn_SparseLayoutHybridCoo_t;
typedef struct { Qnn_SparseLayoutType_t type; union { Qnn_SparseLayoutHybridCoo_t hybridCoo; }; } Qnn_SparseParams_t;

/* V2: the V1 members (its data union also holds a Qnn_TensorRetrieveRaw_t*), then three more. */
typedef struct {
  uint32_t id;
  const char* name;
  Qnn_TensorType_t type;
  Qnn_TensorDataFormat_t dataFormat;
  Qnn_DataType_t dataType;
  Qnn_QuantizeParams_t quantizeParams;
  uint32_t rank;
  uint32_t* dimensions;
  Qnn_TensorMemType_t memType;
  union { Qnn_ClientBuffer_t clientBuf; Qnn_MemHandle_t memHandle; void* retrieveRaw; };
  uint8_t* isDynamicDimensions;
  Qnn_SparseParams_t sparseParams;
  uint8_t isProduced;
} Qnn_TensorV2_t;

typedef enum { QNN_TENSOR_VERSION_1 = 1, QNN_TENSOR_VERSION_2 = 2, QNN_TENSOR_VERSION_UNDEFINED = 0x7FFFFFFF } Qnn_TensorVersion_t;

typedef struct {
  Qnn_TensorVersion_t version;
  union { Qnn_TensorV1_t v1; Qnn_TensorV2_t v2; };
} Qnn_Tensor_t;

/* Qnn_Tensor_t as core API 2.7 (SDK 2.13) defines it, before Qnn_TensorV2_t: a smaller array stride. */
typedef struct {
  Qnn_TensorVersion_t version;
  union { Qnn_TensorV1_t v1; };
} Qnn_Tensor_2_7_t;

typedef uint64_t Qnn_ContextBinarySize_t;

/* QnnLog.h */
typedef enum {
  QNN_LOG_LEVEL_ERROR = 1, QNN_LOG_LEVEL_WARN = 2, QNN_LOG_LEVEL_INFO = 3, QNN_LOG_LEVEL_VERBOSE = 4, QNN_LOG_LEVEL_DEBUG = 5,
  QNN_LOG_LEVEL_MAX = 0x7fffffff
} QnnLog_Level_t;

/* QnnMem.h (QNN_MEM_TYPE_DMA_BUF = 3 and its union member came later; Accel registers one descriptor per call) */
typedef struct { uint32_t numDim; uint32_t* dimSize; const char* shapeConfig; } Qnn_MemShape_t;
typedef enum { QNN_MEM_TYPE_ION = 1, QNN_MEM_TYPE_CUSTOM = 2, QNN_MEM_TYPE_UNDEFINED = 0x7FFFFFFF } Qnn_MemType_t;
typedef struct { int32_t fd; } Qnn_MemIonInfo_t;
typedef struct {
  Qnn_MemShape_t memShape;
  Qnn_DataType_t dataType;
  Qnn_MemType_t memType;
  union { Qnn_MemIonInfo_t ionInfo; void* customInfo; };
} Qnn_MemDescriptor_t;

/* QnnProperty.h */
typedef uint32_t QnnProperty_Key_t;

/* QnnInterface.h: function types of the members Accel calls; the others are kept as void* slots. */
typedef Qnn_ErrorHandle_t (*QnnProperty_HasCapabilityFn_t)(QnnProperty_Key_t key);
typedef Qnn_ErrorHandle_t (*QnnBackend_CreateFn_t)(Qnn_LogHandle_t logger, const void** config, Qnn_BackendHandle_t* backend);
typedef Qnn_ErrorHandle_t (*QnnBackend_GetApiVersionFn_t)(Qnn_ApiVersion_t* pVersion);
typedef Qnn_ErrorHandle_t (*QnnBackend_GetBuildIdFn_t)(const char** id);
typedef Qnn_ErrorHandle_t (*QnnBackend_FreeFn_t)(Qnn_BackendHandle_t backend);
typedef Qnn_ErrorHandle_t (*QnnContext_CreateFromBinaryFn_t)(Qnn_BackendHandle_t backend, Qnn_DeviceHandle_t device,
    const void** config, const void* binaryBuffer, Qnn_ContextBinarySize_t binaryBufferSize,
    Qnn_ContextHandle_t* context, Qnn_ProfileHandle_t profile);
typedef Qnn_ErrorHandle_t (*QnnContext_FreeFn_t)(Qnn_ContextHandle_t context, Qnn_ProfileHandle_t profile);
typedef Qnn_ErrorHandle_t (*QnnGraph_RetrieveFn_t)(Qnn_ContextHandle_t context, const char* graphName, Qnn_GraphHandle_t* graph);
typedef Qnn_ErrorHandle_t (*QnnGraph_ExecuteFn_t)(Qnn_GraphHandle_t graph, const Qnn_Tensor_t* inputs, uint32_t numInputs,
    Qnn_Tensor_t* outputs, uint32_t numOutputs, Qnn_ProfileHandle_t profile, Qnn_SignalHandle_t signal);
typedef Qnn_ErrorHandle_t (*QnnLog_CreateFn_t)(void* callback, QnnLog_Level_t maxLogLevel, Qnn_LogHandle_t* logger);
typedef Qnn_ErrorHandle_t (*QnnLog_FreeFn_t)(Qnn_LogHandle_t logger);
typedef Qnn_ErrorHandle_t (*QnnMem_RegisterFn_t)(Qnn_ContextHandle_t context, const Qnn_MemDescriptor_t* descriptors,
    uint32_t numDescriptors, Qnn_MemHandle_t* handles);
typedef Qnn_ErrorHandle_t (*QnnMem_DeRegisterFn_t)(const Qnn_MemHandle_t* handles, uint32_t numHandles);
typedef Qnn_ErrorHandle_t (*QnnDevice_CreateFn_t)(Qnn_LogHandle_t logger, const void** config, Qnn_DeviceHandle_t* device);
typedef Qnn_ErrorHandle_t (*QnnDevice_FreeFn_t)(Qnn_DeviceHandle_t device);

/* QNN_INTERFACE_VER_TYPE as current SDKs define it (checked for core API >= 2.14): the 2.7 table with
   backendSetConfig, graphCreateSubgraph, profileSetConfig and profileGetExtendedEventData inserted,
   and later members (errorGetMessage, ...) appended after signalFree. */
typedef struct {
  QnnProperty_HasCapabilityFn_t propertyHasCapability;
  QnnBackend_CreateFn_t backendCreate;
  void* backendSetConfig;
  QnnBackend_GetApiVersionFn_t backendGetApiVersion;
  QnnBackend_GetBuildIdFn_t backendGetBuildId;
  void* backendRegisterOpPackage;
  void* backendGetSupportedOperations;
  void* backendValidateOpConfig;
  QnnBackend_FreeFn_t backendFree;
  void* contextCreate;
  void* contextSetConfig;
  void* contextGetBinarySize;
  void* contextGetBinary;
  QnnContext_CreateFromBinaryFn_t contextCreateFromBinary;
  QnnContext_FreeFn_t contextFree;
  void* graphCreate;
  void* graphCreateSubgraph;
  void* graphSetConfig;
  void* graphAddNode;
  void* graphFinalize;
  QnnGraph_RetrieveFn_t graphRetrieve;
  QnnGraph_ExecuteFn_t graphExecute;
  void* graphExecuteAsync;
  void* tensorCreateContextTensor;
  void* tensorCreateGraphTensor;
  QnnLog_CreateFn_t logCreate;
  void* logSetLogLevel;
  QnnLog_FreeFn_t logFree;
  void* profileCreate;
  void* profileSetConfig;
  void* profileGetEvents;
  void* profileGetSubEvents;
  void* profileGetEventData;
  void* profileGetExtendedEventData;
  void* profileFree;
  QnnMem_RegisterFn_t memRegister;
  QnnMem_DeRegisterFn_t memDeRegister;
  void* deviceGetPlatformInfo;
  void* deviceFreePlatformInfo;
  void* deviceGetInfrastructure;
  QnnDevice_CreateFn_t deviceCreate;
  void* deviceSetConfig;
  void* deviceGetInfo;
  QnnDevice_FreeFn_t deviceFree;
  void* signalCreate;
  void* signalSetConfig;
  void* signalTrigger;
  void* signalFree;
} QnnInterface_Table_t;

/* QNN_INTERFACE_VER_TYPE of core API 2.7 (SDK 2.13, QnnInterface_ImplementationV2_7_t). */
typedef struct {
  QnnProperty_HasCapabilityFn_t propertyHasCapability;
  QnnBackend_CreateFn_t backendCreate;
  QnnBackend_GetApiVersionFn_t backendGetApiVersion;
  QnnBackend_GetBuildIdFn_t backendGetBuildId;
  void* backendRegisterOpPackage;
  void* backendGetSupportedOperations;
  void* backendValidateOpConfig;
  QnnBackend_FreeFn_t backendFree;
  void* contextCreate;
  void* contextSetConfig;
  void* contextGetBinarySize;
  void* contextGetBinary;
  QnnContext_CreateFromBinaryFn_t contextCreateFromBinary;
  QnnContext_FreeFn_t contextFree;
  void* graphCreate;
  void* graphSetConfig;
  void* graphAddNode;
  void* graphFinalize;
  QnnGraph_RetrieveFn_t graphRetrieve;
  void* graphExecute; /* takes Qnn_Tensor_2_7_t arrays */
  void* graphExecuteAsync;
  void* tensorCreateContextTensor;
  void* tensorCreateGraphTensor;
  QnnLog_CreateFn_t logCreate;
  void* logSetLogLevel;
  QnnLog_FreeFn_t logFree;
  void* profileCreate;
  void* profileGetEvents;
  void* profileGetSubEvents;
  void* profileGetEventData;
  void* profileFree;
  QnnMem_RegisterFn_t memRegister;
  QnnMem_DeRegisterFn_t memDeRegister;
  void* deviceGetPlatformInfo;
  void* deviceFreePlatformInfo;
  void* deviceGetInfrastructure;
  QnnDevice_CreateFn_t deviceCreate;
  void* deviceSetConfig;
  void* deviceGetInfo;
  QnnDevice_FreeFn_t deviceFree;
  void* signalCreate;
  void* signalSetConfig;
  void* signalTrigger;
  void* signalFree;
} QnnInterface_Table2_7_t;

typedef struct {
  uint32_t backendId;
  const char* providerName;
  Qnn_ApiVersion_t apiVersion;
  union { QnnInterface_Table_t table; QnnInterface_Table2_7_t v2_7; };
} QnnInterface_t;

/* System/QnnSystemContext.h and System/QnnSystemInterface.h */
typedef void* QnnSystemContext_Handle_t;

typedef struct {
  const char* graphName;
  uint32_t numGraphInputs;
  Qnn_Tensor_t* graphInputs;
  uint32_t numGraphOutputs;
  Qnn_Tensor_t* graphOutputs;
} QnnSystemContext_GraphInfoV1_t;

typedef struct {
  uint32_t version; /* QnnSystemContext_GraphInfoVersion_t: 1, 2 or 3 */
  union { QnnSystemContext_GraphInfoV1_t graphInfoV1; };
} QnnSystemContext_GraphInfo_t;

/* The members every BinaryInfo version (1, 2, 3) starts with; later versions append. */
typedef struct {
  uint32_t backendId;
  const char* buildId;
  Qnn_Version_t coreApiVersion;
  Qnn_Version_t backendApiVersion;
  const char* socVersion;
  Qnn_Version_t hwInfoBlobVersion;
  Qnn_Version_t contextBlobVersion;
  uint32_t hwInfoBlobSize;
  void* hwInfoBlob;
  uint64_t contextBlobSize;
  uint32_t numContextTensors;
  Qnn_Tensor_t* contextTensors;
  uint32_t numGraphs;
  QnnSystemContext_GraphInfo_t* graphs;
} QnnSystemContext_BinaryInfoV1_t;

typedef struct {
  uint32_t version; /* QnnSystemContext_BinaryInfoVersion_t: 1, 2 or 3 */
  union { QnnSystemContext_BinaryInfoV1_t contextBinaryInfoV1; };
} QnnSystemContext_BinaryInfo_t;

typedef Qnn_ErrorHandle_t (*QnnSystemContext_CreateFn_t)(QnnSystemContext_Handle_t* handle);
typedef Qnn_ErrorHandle_t (*QnnSystemContext_GetBinaryInfoFn_t)(QnnSystemContext_Handle_t handle, void* binaryBuffer,
    uint64_t binaryBufferSize, const QnnSystemContext_BinaryInfo_t** binaryInfo, Qnn_ContextBinarySize_t* binaryInfoSize);
typedef Qnn_ErrorHandle_t (*QnnSystemContext_GetMetaDataFn_t)(QnnSystemContext_Handle_t handle, const void* binaryBuffer,
    uint64_t binaryBufferSize, const QnnSystemContext_BinaryInfo_t** binaryInfo);
typedef Qnn_ErrorHandle_t (*QnnSystemContext_FreeFn_t)(QnnSystemContext_Handle_t handle);

typedef struct {
  QnnSystemContext_CreateFn_t systemContextCreate;
  QnnSystemContext_GetBinaryInfoFn_t systemContextGetBinaryInfo;
  QnnSystemContext_GetMetaDataFn_t systemContextGetMetaData;
  QnnSystemContext_FreeFn_t systemContextFree;
} QnnSystemInterface_Table_t;

typedef struct {
  uint32_t backendId;
  const char* providerName;
  Qnn_Version_t systemApiVersion;
  union { QnnSystemInterface_Table_t table; };
} QnnSystemInterface_t;

Qnn_ErrorHandle_t QnnInterface_getProviders(const QnnInterface_t*** providerList, uint32_t* numProviders);
Qnn_ErrorHandle_t QnnSystemInterface_getProviders(const QnnSystemInterface_t*** providerList, uint32_t* numProviders);

#endif
