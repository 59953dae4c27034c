/*
 * Accel's QNN STAND-IN: a small shared library, written for Accel's tests, that implements the
 * subset of Qualcomm's QNN C API the binding calls (QnnInterface_getProviders and the interface-table
 * members Accel uses, QnnSystemInterface_getProviders and the system context) over a toy
 * "context binary". It is NOT Qualcomm's runtime and drives no hardware. It records what it was called
 * with (pointers, sizes, counts) so the ABI contract test can check what the Java side passed, and it
 * fails on request with a chosen QNN error code.
 *
 * Toy context binary (little-endian):
 *   char     magic[8] = "ACQNNSI1"
 *   uint32_t nameLength; char name[nameLength]     -- the graph's name
 *   uint32_t n                 -- inputs "a", "b": f32[1, n]; output "out": f32[1, n]
 * The graph computes out = a * 2 + b. Two inputs make the Qnn_Tensor_t array stride matter: the
 * stand-in reads element 1 at the stride of the API version it serves, as a real backend would.
 *
 * The provider's core API version is chosen by accel_stand_in_set_api(minor): 7 serves the
 * QNN API 2.7 interface table and Qnn_Tensor_t stride (120 bytes), 14 and later the current ones.
 */
#include "qnn_api_transcribed.h"

#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

/* ---- recording ------------------------------------------------------------------------------ */

typedef struct {
  int logs, backends, devices, contexts, systemContexts, memHandles; /* live objects */
  int logCreates, backendCreates, deviceCreates, contextCreates, systemCreates, memRegisters, executes;
  const void* lastBinary; uint64_t lastBinarySize;
  const void* lastInputData; uint32_t lastInputSize; const void* lastInput1Data; const void* lastOutputData; uint32_t lastOutputSize;
  uint32_t lastNumInputs, lastNumOutputs;
  uint32_t lastInputId;
  int32_t lastMemFd; uint32_t lastMemType; uint32_t lastMemDataType; uint32_t lastMemNumDim;
  uint32_t lastLogLevel;
  char failFunction[64]; uint64_t failCode;
  uint32_t apiMinor;
} Record;

static Record rec = { .apiMinor = 14 };

EXPORT void accel_stand_in_reset(void) {
  uint32_t minor = rec.apiMinor;
  memset(&rec, 0, sizeof rec);
  rec.apiMinor = minor;
}
EXPORT void accel_stand_in_set_api(uint32_t minor) { rec.apiMinor = minor; }
/* The next call of `function` (a table member name, e.g. "graphExecute") returns `code`. */
EXPORT void accel_stand_in_fail_next(const char* function, uint64_t code) {
  strncpy(rec.failFunction, function, sizeof rec.failFunction - 1);
  rec.failCode = code;
}
/* Reads one recorded value by name; unknown names give -1. */
EXPORT int64_t accel_stand_in_get(const char* key) {
#define K(name, expr) if (strcmp(key, name) == 0) return (int64_t) (expr)
  K("logs", rec.logs); K("backends", rec.backends); K("devices", rec.devices); K("contexts", rec.contexts);
  K("systemContexts", rec.systemContexts); K("memHandles", rec.memHandles);
  K("logCreates", rec.logCreates); K("backendCreates", rec.backendCreates); K("deviceCreates", rec.deviceCreates);
  K("contextCreates", rec.contextCreates); K("systemCreates", rec.systemCreates); K("memRegisters", rec.memRegisters);
  K("executes", rec.executes);
  K("lastBinary", (intptr_t) rec.lastBinary); K("lastBinarySize", rec.lastBinarySize);
  K("lastInputData", (intptr_t) rec.lastInputData); K("lastInput1Data", (intptr_t) rec.lastInput1Data); K("lastInputSize", rec.lastInputSize);
  K("lastOutputData", (intptr_t) rec.lastOutputData); K("lastOutputSize", rec.lastOutputSize);
  K("lastNumInputs", rec.lastNumInputs); K("lastNumOutputs", rec.lastNumOutputs); K("lastInputId", rec.lastInputId);
  K("lastMemFd", rec.lastMemFd); K("lastMemType", rec.lastMemType); K("lastMemDataType", rec.lastMemDataType);
  K("lastMemNumDim", rec.lastMemNumDim); K("lastLogLevel", rec.lastLogLevel);
#undef K
  return -1;
}

static int failing(const char* function, Qnn_ErrorHandle_t* code) {
  if (rec.failFunction[0] != 0 && strcmp(rec.failFunction, function) == 0) {
    *code = rec.failCode;
    rec.failFunction[0] = 0;
    return 1;
  }
  return 0;
}
#define FAIL_IF_ASKED(name) do { Qnn_ErrorHandle_t c_; if (failing(name, &c_)) return c_; } while (0)

/* ---- objects -------------------------------------------------------------------------------- */

typedef struct { uint32_t magic; } Log;
typedef struct { uint32_t magic; Log* log; } Backend;
typedef struct { uint32_t magic; } Device;
typedef struct { uint32_t magic; char* graphName; uint32_t n; } Context;
typedef struct { uint32_t magic; Context* context; } Graph;
typedef struct { uint32_t magic; int32_t fd; } Mem;
enum { LOG_MAGIC = 0x4c4f4721, BACKEND_MAGIC = 0x42414b21, DEVICE_MAGIC = 0x44455621, CONTEXT_MAGIC = 0x43545821,
       MEM_MAGIC = 0x4d454d21 };

static Graph graphOf[64]; /* one graph per context slot; contexts are few in tests */

static int parseBinary(const void* buffer, uint64_t size, char** name, uint32_t* n) {
  const unsigned char* b = buffer;
  uint32_t length;
  if (buffer == NULL || size < 16 || memcmp(b, "ACQNNSI1", 8) != 0) return 0;
  memcpy(&length, b + 8, 4);
  if (length == 0 || length > 256 || 12 + (uint64_t) length + 4 != size) return 0;
  *name = malloc(length + 1);
  memcpy(*name, b + 12, length);
  (*name)[length] = 0;
  memcpy(n, b + 12 + length, 4);
  return *n > 0;
}

/* ---- interface table members ---------------------------------------------------------------- */

static Qnn_ErrorHandle_t hasCapability(QnnProperty_Key_t key) { (void) key; return QNN_SUCCESS; }

static Qnn_ErrorHandle_t logCreate(void* callback, QnnLog_Level_t level, Qnn_LogHandle_t* logger) {
  FAIL_IF_ASKED("logCreate");
  (void) callback;
  if (logger == NULL) return QNN_COMMON_ERROR_INVALID_ARGUMENT;
  Log* l = malloc(sizeof *l);
  l->magic = LOG_MAGIC;
  rec.lastLogLevel = level;
  rec.logs++; rec.logCreates++;
  *logger = l;
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t logFree(Qnn_LogHandle_t logger) {
  Log* l = logger;
  if (l == NULL || l->magic != LOG_MAGIC) return 11004; /* QNN_LOG_ERROR_INVALID_HANDLE */
  l->magic = 0; free(l); rec.logs--;
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t backendCreate(Qnn_LogHandle_t logger, const void** config, Qnn_BackendHandle_t* backend) {
  FAIL_IF_ASKED("backendCreate");
  (void) config;
  if (backend == NULL || (logger != NULL && ((Log*) logger)->magic != LOG_MAGIC)) return QNN_COMMON_ERROR_INVALID_ARGUMENT;
  Backend* b = malloc(sizeof *b);
  b->magic = BACKEND_MAGIC; b->log = logger;
  rec.backends++; rec.backendCreates++;
  *backend = b;
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t backendFree(Qnn_BackendHandle_t backend) {
  Backend* b = backend;
  if (b == NULL || b->magic != BACKEND_MAGIC) return 4011; /* QNN_BACKEND_ERROR_INVALID_HANDLE */
  b->magic = 0; free(b); rec.backends--;
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t backendGetApiVersion(Qnn_ApiVersion_t* version) {
  if (version == NULL) return QNN_COMMON_ERROR_INVALID_ARGUMENT;
  version->coreApiVersion = (Qnn_Version_t) { 2, rec.apiMinor, 0 };
  version->backendApiVersion = (Qnn_Version_t) { 0, 1, 0 };
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t backendGetBuildId(const char** id) {
  if (id == NULL) return QNN_COMMON_ERROR_INVALID_ARGUMENT;
  *id = "accel-qnn-stand-in (not Qualcomm's runtime)";
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t deviceCreate(Qnn_LogHandle_t logger, const void** config, Qnn_DeviceHandle_t* device) {
  FAIL_IF_ASKED("deviceCreate");
  (void) logger; (void) config;
  if (device == NULL) return QNN_COMMON_ERROR_INVALID_ARGUMENT;
  Device* d = malloc(sizeof *d);
  d->magic = DEVICE_MAGIC;
  rec.devices++; rec.deviceCreates++;
  *device = d;
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t deviceFree(Qnn_DeviceHandle_t device) {
  Device* d = device;
  if (d == NULL || d->magic != DEVICE_MAGIC) return 14000; /* QNN_DEVICE_ERROR_INVALID_HANDLE */
  d->magic = 0; free(d); rec.devices--;
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t contextCreateFromBinary(Qnn_BackendHandle_t backend, Qnn_DeviceHandle_t device, const void** config,
    const void* binary, Qnn_ContextBinarySize_t size, Qnn_ContextHandle_t* context, Qnn_ProfileHandle_t profile) {
  FAIL_IF_ASKED("contextCreateFromBinary");
  (void) config; (void) profile;
  rec.lastBinary = binary; rec.lastBinarySize = size;
  if (backend == NULL || ((Backend*) backend)->magic != BACKEND_MAGIC || context == NULL) return QNN_CONTEXT_ERROR_INVALID_ARGUMENT;
  if (device != NULL && ((Device*) device)->magic != DEVICE_MAGIC) return QNN_CONTEXT_ERROR_INVALID_ARGUMENT;
  Context* c = malloc(sizeof *c);
  if (!parseBinary(binary, size, &c->graphName, &c->n)) { free(c); return QNN_CONTEXT_ERROR_CREATE_FROM_BINARY; }
  c->magic = CONTEXT_MAGIC;
  rec.contexts++; rec.contextCreates++;
  *context = c;
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t contextFree(Qnn_ContextHandle_t context, Qnn_ProfileHandle_t profile) {
  (void) profile;
  Context* c = context;
  if (c == NULL || c->magic != CONTEXT_MAGIC) return QNN_CONTEXT_ERROR_INVALID_HANDLE;
  for (int i = 0; i < 64; i++) if (graphOf[i].context == c) graphOf[i].context = NULL;
  c->magic = 0; free(c->graphName); free(c); rec.contexts--;
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t graphRetrieve(Qnn_ContextHandle_t context, const char* name, Qnn_GraphHandle_t* graph) {
  FAIL_IF_ASKED("graphRetrieve");
  Context* c = context;
  if (c == NULL || c->magic != CONTEXT_MAGIC || name == NULL || graph == NULL) return QNN_GRAPH_ERROR_INVALID_ARGUMENT;
  if (strcmp(name, c->graphName) != 0) return QNN_GRAPH_ERROR_GRAPH_DOES_NOT_EXIST;
  for (int i = 0; i < 64; i++) {
    if (graphOf[i].context == NULL) {
      graphOf[i].context = c; graphOf[i].magic = CONTEXT_MAGIC;
      *graph = &graphOf[i];
      return QNN_SUCCESS;
    }
  }
  return QNN_COMMON_ERROR_MEM_ALLOC;
}

/* Checks one V1 tensor of the toy graph and returns its client buffer, or NULL. */
static const Qnn_ClientBuffer_t* checkTensor(const Qnn_TensorV1_t* t, uint32_t n, Qnn_TensorType_t type) {
  if (t->type != type || t->dataType != QNN_DATATYPE_FLOAT_32 || t->memType != QNN_TENSORMEMTYPE_RAW) return NULL;
  if (t->rank != 2 || t->dimensions == NULL || t->dimensions[0] != 1 || t->dimensions[1] != n) return NULL;
  if (t->clientBuf.data == NULL || t->clientBuf.dataSize != n * sizeof(float)) return NULL;
  return &t->clientBuf;
}

static Qnn_ErrorHandle_t execute(Qnn_GraphHandle_t graph, const char* inputs, uint32_t numInputs, char* outputs,
                                 uint32_t numOutputs, size_t stride) {
  FAIL_IF_ASKED("graphExecute");
  Graph* g = graph;
  if (g == NULL || g->magic != CONTEXT_MAGIC || g->context == NULL) return QNN_GRAPH_ERROR_INVALID_HANDLE;
  rec.lastNumInputs = numInputs; rec.lastNumOutputs = numOutputs;
  if (numInputs != 2 || numOutputs != 1 || inputs == NULL || outputs == NULL) return QNN_GRAPH_ERROR_INVALID_ARGUMENT;
  const Qnn_Tensor_t* a = (const Qnn_Tensor_t*) inputs;
  const Qnn_Tensor_t* b = (const Qnn_Tensor_t*) (inputs + stride);
  Qnn_Tensor_t* out = (Qnn_Tensor_t*) outputs;
  if (a->version != QNN_TENSOR_VERSION_1 || b->version != QNN_TENSOR_VERSION_1 || out->version != QNN_TENSOR_VERSION_1)
    return QNN_GRAPH_ERROR_INVALID_TENSOR;
  rec.lastInputId = a->v1.id;
  rec.lastInputData = a->v1.clientBuf.data; rec.lastInputSize = a->v1.clientBuf.dataSize;
  rec.lastInput1Data = b->v1.clientBuf.data;
  rec.lastOutputData = out->v1.clientBuf.data; rec.lastOutputSize = out->v1.clientBuf.dataSize;
  if (a->v1.name == NULL || strcmp(a->v1.name, "a") != 0 || b->v1.name == NULL || strcmp(b->v1.name, "b") != 0
      || out->v1.name == NULL || strcmp(out->v1.name, "out") != 0)
    return QNN_GRAPH_ERROR_INVALID_TENSOR;
  uint32_t n = g->context->n;
  const Qnn_ClientBuffer_t* ca = checkTensor(&a->v1, n, QNN_TENSOR_TYPE_APP_WRITE);
  const Qnn_ClientBuffer_t* cb = checkTensor(&b->v1, n, QNN_TENSOR_TYPE_APP_WRITE);
  const Qnn_ClientBuffer_t* co = checkTensor(&out->v1, n, QNN_TENSOR_TYPE_APP_READ);
  if (ca == NULL || cb == NULL || co == NULL) return QNN_GRAPH_ERROR_INVALID_TENSOR;
  const float* x = ca->data;
  const float* y = cb->data;
  float* z = co->data;
  for (uint32_t i = 0; i < n; i++) z[i] = x[i] * 2.0f + y[i];
  rec.executes++;
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t graphExecute(Qnn_GraphHandle_t graph, const Qnn_Tensor_t* inputs, uint32_t numInputs,
    Qnn_Tensor_t* outputs, uint32_t numOutputs, Qnn_ProfileHandle_t profile, Qnn_SignalHandle_t signal) {
  (void) profile; (void) signal;
  return execute(graph, (const char*) inputs, numInputs, (char*) outputs, numOutputs, sizeof(Qnn_Tensor_t));
}

static Qnn_ErrorHandle_t graphExecute27(Qnn_GraphHandle_t graph, const Qnn_Tensor_2_7_t* inputs, uint32_t numInputs,
    Qnn_Tensor_2_7_t* outputs, uint32_t numOutputs, Qnn_ProfileHandle_t profile, Qnn_SignalHandle_t signal) {
  (void) profile; (void) signal;
  return execute(graph, (const char*) inputs, numInputs, (char*) outputs, numOutputs, sizeof(Qnn_Tensor_2_7_t));
}

static Qnn_ErrorHandle_t memRegister(Qnn_ContextHandle_t context, const Qnn_MemDescriptor_t* descriptors, uint32_t count,
                                     Qnn_MemHandle_t* handles) {
  FAIL_IF_ASKED("memRegister");
  Context* c = context;
  if (c == NULL || c->magic != CONTEXT_MAGIC || descriptors == NULL || handles == NULL || count != 1) return QNN_MEM_ERROR_INVALID_ARGUMENT;
  rec.lastMemType = descriptors[0].memType; rec.lastMemDataType = descriptors[0].dataType;
  rec.lastMemNumDim = descriptors[0].memShape.numDim;
  rec.lastMemFd = descriptors[0].memType == QNN_MEM_TYPE_ION ? descriptors[0].ionInfo.fd : -1;
  if (descriptors[0].memType != QNN_MEM_TYPE_ION || descriptors[0].ionInfo.fd < 0) return QNN_MEM_ERROR_INVALID_ARGUMENT;
  Mem* m = malloc(sizeof *m);
  m->magic = MEM_MAGIC; m->fd = descriptors[0].ionInfo.fd;
  rec.memHandles++; rec.memRegisters++;
  handles[0] = m;
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t memDeRegister(const Qnn_MemHandle_t* handles, uint32_t count) {
  if (handles == NULL || count != 1) return QNN_MEM_ERROR_INVALID_ARGUMENT;
  Mem* m = handles[0];
  if (m == NULL || m->magic != MEM_MAGIC) return QNN_MEM_ERROR_INVALID_HANDLE;
  m->magic = 0; free(m); rec.memHandles--;
  return QNN_SUCCESS;
}

/* ---- providers ------------------------------------------------------------------------------ */

static QnnInterface_t current;
static QnnInterface_t v27;
static const QnnInterface_t* providers[1];

EXPORT Qnn_ErrorHandle_t QnnInterface_getProviders(const QnnInterface_t*** providerList, uint32_t* numProviders) {
  if (providerList == NULL || numProviders == NULL) return QNN_COMMON_ERROR_INVALID_ARGUMENT;
  QnnInterface_t* p = rec.apiMinor <= 7 ? &v27 : &current;
  memset(p, 0, sizeof *p);
  p->backendId = 0;
  p->providerName = "ACCEL_QNN_STAND_IN";
  p->apiVersion.coreApiVersion = (Qnn_Version_t) { 2, rec.apiMinor, 0 };
  p->apiVersion.backendApiVersion = (Qnn_Version_t) { 0, 1, 0 };
  if (rec.apiMinor <= 7) {
    QnnInterface_Table2_7_t* t = &p->v2_7;
    t->propertyHasCapability = hasCapability; t->backendCreate = backendCreate; t->backendGetApiVersion = backendGetApiVersion;
    t->backendGetBuildId = backendGetBuildId; t->backendFree = backendFree;
    t->contextCreateFromBinary = contextCreateFromBinary; t->contextFree = contextFree;
    t->graphRetrieve = graphRetrieve; t->graphExecute = (void*) graphExecute27;
    t->logCreate = logCreate; t->logFree = logFree; t->memRegister = memRegister; t->memDeRegister = memDeRegister;
    t->deviceCreate = deviceCreate; t->deviceFree = deviceFree;
  } else {
    QnnInterface_Table_t* t = &p->table;
    t->propertyHasCapability = hasCapability; t->backendCreate = backendCreate; t->backendGetApiVersion = backendGetApiVersion;
    t->backendGetBuildId = backendGetBuildId; t->backendFree = backendFree;
    t->contextCreateFromBinary = contextCreateFromBinary; t->contextFree = contextFree;
    t->graphRetrieve = graphRetrieve; t->graphExecute = graphExecute;
    t->logCreate = logCreate; t->logFree = logFree; t->memRegister = memRegister; t->memDeRegister = memDeRegister;
    t->deviceCreate = deviceCreate; t->deviceFree = deviceFree;
  }
  providers[0] = p;
  *providerList = providers;
  *numProviders = 1;
  return QNN_SUCCESS;
}

/* ---- QnnSystem ------------------------------------------------------------------------------ */

typedef struct {
  uint32_t magic;
  QnnSystemContext_BinaryInfo_t info;
  QnnSystemContext_GraphInfo_t graph;
  void* tensors; /* three tensors (a, b, out) at the provider's stride */
  uint32_t dims[3][2];
  char* name;
} SystemContext;
enum { SYSTEM_MAGIC = 0x53595321 };

static Qnn_ErrorHandle_t systemCreate(QnnSystemContext_Handle_t* handle) {
  FAIL_IF_ASKED("systemContextCreate");
  if (handle == NULL) return QNN_COMMON_ERROR_INVALID_ARGUMENT;
  SystemContext* s = calloc(1, sizeof *s);
  s->magic = SYSTEM_MAGIC;
  rec.systemContexts++; rec.systemCreates++;
  *handle = s;
  return QNN_SUCCESS;
}

static void describe(Qnn_TensorV1_t* t, uint32_t id, const char* name, Qnn_TensorType_t type, uint32_t* dims, uint32_t n) {
  t->id = id; t->name = name; t->type = type; t->dataFormat = QNN_TENSOR_DATA_FORMAT_FLAT_BUFFER;
  t->dataType = QNN_DATATYPE_FLOAT_32;
  t->quantizeParams.encodingDefinition = QNN_DEFINITION_UNDEFINED;
  t->quantizeParams.quantizationEncoding = QNN_QUANTIZATION_ENCODING_UNDEFINED;
  dims[0] = 1; dims[1] = n;
  t->rank = 2; t->dimensions = dims; t->memType = QNN_TENSORMEMTYPE_RAW;
}

static Qnn_ErrorHandle_t systemGetMetaData(QnnSystemContext_Handle_t handle, const void* binary, uint64_t size,
                                           const QnnSystemContext_BinaryInfo_t** info) {
  FAIL_IF_ASKED("systemContextGetMetaData");
  SystemContext* s = handle;
  if (s == NULL || s->magic != SYSTEM_MAGIC || info == NULL) return QNN_COMMON_ERROR_INVALID_ARGUMENT;
  rec.lastBinary = binary; rec.lastBinarySize = size;
  uint32_t n;
  free(s->name); s->name = NULL;
  if (!parseBinary(binary, size, &s->name, &n)) return QNN_SYSTEM_CONTEXT_ERROR_MALFORMED_BINARY;
  size_t stride = rec.apiMinor <= 7 ? sizeof(Qnn_Tensor_2_7_t) : sizeof(Qnn_Tensor_t);
  free(s->tensors);
  s->tensors = calloc(3, stride);
  Qnn_Tensor_t* a = s->tensors;
  Qnn_Tensor_t* b = (Qnn_Tensor_t*) ((char*) s->tensors + stride);
  Qnn_Tensor_t* out = (Qnn_Tensor_t*) ((char*) s->tensors + 2 * stride);
  a->version = QNN_TENSOR_VERSION_1; b->version = QNN_TENSOR_VERSION_1; out->version = QNN_TENSOR_VERSION_1;
  describe(&a->v1, 7, "a", QNN_TENSOR_TYPE_APP_WRITE, s->dims[0], n);
  describe(&b->v1, 8, "b", QNN_TENSOR_TYPE_APP_WRITE, s->dims[1], n);
  describe(&out->v1, 9, "out", QNN_TENSOR_TYPE_APP_READ, s->dims[2], n);
  s->graph.version = 1;
  s->graph.graphInfoV1 = (QnnSystemContext_GraphInfoV1_t) { s->name, 2, a, 1, out };
  memset(&s->info, 0, sizeof s->info);
  s->info.version = 1;
  s->info.contextBinaryInfoV1.buildId = "accel-qnn-stand-in";
  s->info.contextBinaryInfoV1.coreApiVersion = (Qnn_Version_t) { 2, rec.apiMinor, 0 };
  s->info.contextBinaryInfoV1.contextBlobSize = size;
  s->info.contextBinaryInfoV1.numGraphs = 1;
  s->info.contextBinaryInfoV1.graphs = &s->graph;
  *info = &s->info;
  return QNN_SUCCESS;
}

static Qnn_ErrorHandle_t systemFree(QnnSystemContext_Handle_t handle) {
  SystemContext* s = handle;
  if (s == NULL || s->magic != SYSTEM_MAGIC) return QNN_COMMON_ERROR_INVALID_ARGUMENT;
  s->magic = 0; free(s->tensors); free(s->name); free(s); rec.systemContexts--;
  return QNN_SUCCESS;
}

static QnnSystemInterface_t systemProvider;
static const QnnSystemInterface_t* systemProviders[1];

EXPORT Qnn_ErrorHandle_t QnnSystemInterface_getProviders(const QnnSystemInterface_t*** providerList, uint32_t* numProviders) {
  if (providerList == NULL || numProviders == NULL) return QNN_COMMON_ERROR_INVALID_ARGUMENT;
  systemProvider.providerName = "ACCEL_QNN_STAND_IN";
  systemProvider.systemApiVersion = (Qnn_Version_t) { 1, 1, 0 };
  systemProvider.table.systemContextCreate = systemCreate;
  systemProvider.table.systemContextGetBinaryInfo = NULL;
  systemProvider.table.systemContextGetMetaData = systemGetMetaData;
  systemProvider.table.systemContextFree = systemFree;
  systemProviders[0] = &systemProvider;
  *providerList = systemProviders;
  *numProviders = 1;
  return QNN_SUCCESS;
}
