// Host emulation of the CUDA kernel sources, for tests on machines without a GPU. Force-included when a
// kernel source is compiled as C++ for the host, with the directory of the sources' prelude header
// (accel_prelude.cuh, a resource beside them) on the include path:
//   g++ -std=c++20 -O1 -shared -fPIC -x c++ -include emulation.hpp -I <dir of accel_prelude.cuh> elementwise.cu -o libemu.so
// It provides the CUDA built-ins the sources use. A launch runs one block, with one host thread per CUDA
// thread (__syncthreads is a barrier; warp shuffles exchange through memory between two barriers), so kernels
// must handle any grid by grid-stride loops (they do).
#pragma once
#include <barrier>
#include <cmath>
#include <cstring>
#include <math.h>
#include <mutex>

struct dim3 {
    unsigned int x = 1, y = 1, z = 1;
};
struct float4 {
    float x, y, z, w;
};
struct uint4 {
    unsigned int x, y, z, w;
};

static dim3 gridDim, blockDim, blockIdx;
static thread_local dim3 threadIdx = {0, 0, 0};

#define __global__
#define __device__
#define __forceinline__ inline
#define __launch_bounds__(threads)
#define __shared__ static
#define ACCEL_HOST_EMULATION 1

static inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
static inline int __float_as_int(float f) { int i; std::memcpy(&i, &f, 4); return i; }
static inline double __longlong_as_double(long long i) { double d; std::memcpy(&d, &i, 8); return d; }
static inline long long __double_as_longlong(double d) { long long i; std::memcpy(&i, &d, 8); return i; }
static inline int __clzll(long long x) { return x == 0 ? 64 : __builtin_clzll((unsigned long long) x); }

static inline float accel_emu_h2f(unsigned short b) { _Float16 h; std::memcpy(&h, &b, 2); return (float) h; }
static inline unsigned short accel_emu_f2h(float f) { _Float16 h = (_Float16) f; unsigned short b; std::memcpy(&b, &h, 2); return b; }

static std::barrier<>* accel_emu_barrier = nullptr;

static inline void __syncthreads() {
    if (accel_emu_barrier != nullptr) accel_emu_barrier->arrive_and_wait();
}

static double accel_emu_exchange[1024];

template <typename T>
static inline T __shfl_xor_sync(unsigned int, T v, int laneMask) {
    unsigned int t = threadIdx.x;
    accel_emu_exchange[t] = (double) v;
    __syncthreads();
    unsigned int from = t ^ (unsigned int) laneMask;
    T r = from < blockDim.x ? (T) accel_emu_exchange[from] : v;
    __syncthreads();
    return r;
}

static inline unsigned long long atomicMin(unsigned long long* p, unsigned long long v) {
    static std::mutex* m = new std::mutex();
    std::lock_guard<std::mutex> g(*m);
    unsigned long long old = *p;
    if (v < old) *p = v;
    return old;
}

// One block at a time: accel_emu_begin sets the geometry (grid 1: kernels are grid-stride loops), then
// each of `block` host threads calls accel_emu_thread with its index and runs the kernel, then accel_emu_end.
extern "C" void accel_emu_begin(unsigned int block) {
    gridDim.x = 1;
    blockIdx.x = 0;
    blockDim.x = block;
    accel_emu_barrier = block > 1 ? new std::barrier<>((std::ptrdiff_t) block) : nullptr;
}

extern "C" void accel_emu_thread(unsigned int t) {
    threadIdx.x = t;
}

extern "C" void accel_emu_end() {
    delete accel_emu_barrier;
    accel_emu_barrier = nullptr;
}
