/*
 * A fake CUDA driver (libcuda.so.1 test double) for testing Accel's checked layer without a GPU: one device
 * whose "device memory" is host memory from malloc, copies that are plain memcpy (synchronous), streams and events
 * that are counters. Prototypes follow cuda.h (CUDA 13.0); only the functions Accel binds are here, plus a few
 * knobs (fake_*) the tests call. NOT a CUDA implementation: kernels cannot run (cuModuleLoadData fails with
 * CUDA_ERROR_NOT_SUPPORTED).
 * Built by CudaFakeDriverTest with: cc -shared -fPIC -O1 -o libcuda.so.1 fake_cuda.c
 */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef void *CUcontext, *CUstream, *CUevent, *CUmodule, *CUfunction;

static int initialized;
static size_t total_mem = (size_t) 1 << 30;
static size_t used_mem;
static long live_allocations, alloc_calls, free_calls, host_registers;
static int events_created, events_destroyed, streams_created, streams_destroyed;
static int fail_register_without_read_only = 1;
static char context_token, stream_tokens[4096], event_tokens[65536];

typedef struct { CUdeviceptr p; size_t n; } block;
static block blocks[65536];

#define CHECK_INIT if (!initialized) return 3 /* CUDA_ERROR_NOT_INITIALIZED */

CUresult cuInit(unsigned int flags) { if (flags) return 1; initialized = 1; return 0; }
CUresult cuDriverGetVersion(int *v) { *v = 13000; return 0; }
CUresult cuDeviceGetCount(int *c) { CHECK_INIT; *c = 1; return 0; }
CUresult cuDeviceGet(CUdevice *d, int ordinal) { CHECK_INIT; if (ordinal != 0) return 101; *d = 0; return 0; }
CUresult cuDeviceGetName(char *name, int len, CUdevice d) {
    const char *n = "Fake GPU (test double)"; strncpy(name, n, len); name[len - 1] = 0; return 0;
}
CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice d) { *bytes = total_mem; return 0; }
CUresult cuDeviceGetAttribute(int *v, int attribute, CUdevice d) {
    switch (attribute) {
        case 75: *v = 9; break;            /* compute capability major */
        case 76: *v = 0; break;            /* minor */
        case 16: *v = 132; break;          /* SMs */
        case 99: *v = 1; break;            /* host register supported */
        case 113: *v = 1; break;           /* read-only host register supported */
        default: *v = 0;
    }
    return 0;
}
CUresult cuDevicePrimaryCtxRetain(CUcontext *c, CUdevice d) { CHECK_INIT; *c = &context_token; return 0; }
CUresult cuDevicePrimaryCtxRelease_v2(CUdevice d) { return 0; }
CUresult cuCtxSetCurrent(CUcontext c) { return c == &context_token ? 0 : 201; }
CUresult cuCtxSynchronize(void) { return 0; }

CUresult cuMemAlloc_v2(CUdeviceptr *p, size_t n) {
    CHECK_INIT;
    if (used_mem + n > total_mem) return 2;   /* CUDA_ERROR_OUT_OF_MEMORY */
    void *m = malloc(n ? n : 1);
    if (!m) return 2;
    for (int i = 0; i < 65536; i++) {
        if (!blocks[i].p) { blocks[i].p = (CUdeviceptr) (uintptr_t) m; blocks[i].n = n; break; }
    }
    used_mem += n; live_allocations++; alloc_calls++;
    *p = (CUdeviceptr) (uintptr_t) m;
    return 0;
}
CUresult cuMemFree_v2(CUdeviceptr p) {
    for (int i = 0; i < 65536; i++) {
        if (blocks[i].p == p) {
            used_mem -= blocks[i].n; blocks[i].p = 0; free((void *) (uintptr_t) p); live_allocations--; free_calls++;
            return 0;
        }
    }
    return 1; /* CUDA_ERROR_INVALID_VALUE: not ours */
}
CUresult cuMemHostAlloc(void **pp, size_t n, unsigned int flags) { *pp = malloc(n ? n : 1); return *pp ? 0 : 2; }
CUresult cuMemFreeHost(void *p) { free(p); return 0; }
CUresult cuMemHostRegister_v2(void *p, size_t n, unsigned int flags) {
    /* like the H100 measurement: registering without CU_MEMHOSTREGISTER_READ_ONLY is refused when asked to */
    if (fail_register_without_read_only && !(flags & 0x08)) return 1;
    host_registers++; return 0;
}
CUresult cuMemHostUnregister(void *p) { host_registers--; return 0; }
CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void *src, size_t n, CUstream s) { memcpy((void *) (uintptr_t) dst, src, n); return 0; }
CUresult cuMemcpyDtoHAsync_v2(void *dst, CUdeviceptr src, size_t n, CUstream s) { memcpy(dst, (void *) (uintptr_t) src, n); return 0; }
CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t n, CUstream s) { memmove((void *) (uintptr_t) dst, (void *) (uintptr_t) src, n); return 0; }
CUresult cuMemsetD8Async(CUdeviceptr dst, unsigned char v, size_t n, CUstream s) { memset((void *) (uintptr_t) dst, v, n); return 0; }
CUresult cuMemGetInfo_v2(size_t *f, size_t *t) { *f = total_mem - used_mem; *t = total_mem; return 0; }
CUresult cuStreamCreate(CUstream *s, unsigned int flags) { *s = &stream_tokens[streams_created++ % 4096]; return 0; }
CUresult cuStreamDestroy_v2(CUstream s) { streams_destroyed++; return 0; }
CUresult cuStreamSynchronize(CUstream s) { return 0; }
CUresult cuStreamWaitEvent(CUstream s, CUevent e, unsigned int flags) { return 0; }
CUresult cuEventCreate(CUevent *e, unsigned int flags) { *e = &event_tokens[events_created++ % 65536]; return 0; }
CUresult cuEventRecord(CUevent e, CUstream s) { return 0; }
CUresult cuEventSynchronize(CUevent e) { return 0; }
CUresult cuEventQuery(CUevent e) { return 0; }
CUresult cuEventElapsedTime(float *ms, CUevent a, CUevent b) { *ms = 0.5f; return 0; }
CUresult cuEventElapsedTime_v2(float *ms, CUevent a, CUevent b) { *ms = 0.25f; return 0; }
CUresult cuEventDestroy_v2(CUevent e) { events_destroyed++; return 0; }
CUresult cuModuleLoadData(CUmodule *m, const void *image) { return 801; /* CUDA_ERROR_NOT_SUPPORTED */ }
CUresult cuModuleGetFunction(CUfunction *f, CUmodule m, const char *name) { return 500; }
CUresult cuModuleUnload(CUmodule m) { return 0; }
CUresult cuLaunchKernel(CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shared, CUstream s, void **params, void **extra) { return 400; }
CUresult cuGetErrorName(CUresult e, const char **s) { *s = e == 2 ? "CUDA_ERROR_OUT_OF_MEMORY" : "CUDA_ERROR_UNKNOWN"; return 0; }
CUresult cuGetErrorString(CUresult e, const char **s) { *s = e == 2 ? "out of memory" : "fake driver error"; return 0; }

/* knobs for the tests */
long fake_live_allocations(void) { return live_allocations; }
long fake_alloc_calls(void) { return alloc_calls; }
long fake_free_calls(void) { return free_calls; }
long fake_host_registers(void) { return host_registers; }
int fake_live_events(void) { return events_created - events_destroyed; }
int fake_live_streams(void) { return streams_created - streams_destroyed; }
void fake_set_total_memory(long bytes) { total_mem = (size_t) bytes; }
