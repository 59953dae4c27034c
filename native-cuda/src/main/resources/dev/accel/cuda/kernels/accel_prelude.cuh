// The prelude of every Accel CUDA kernel source: the strided descriptor, the dtype and op codes, index
// arithmetic and the float conversions of Ops.cast. Each kernel source starts with
//     #include "accel_prelude.cuh"
// and every compiler gets this file under that name: NVRTC as a named header (dev.accel.cuda.CudaKernels
// passes it to nvrtcCreateProgram), nvcc -ptx and the tests' host emulation (g++) through -I <dir>.
// Its text is part of every kernel's cache key (dev.accel.cuda.nvrtc.KernelCache), so editing it
// recompiles the kernels. The numbers are Java's: KernelSourcesTest checks them against DTypeCode, OpCode
// and StridedDesc.
//
// Device code only, and it includes nothing itself (f16 conversions use PTX cvt instructions), so that no
// NVRTC version's built-in header set matters.
#ifndef ACCEL_PRELUDE_CUH
#define ACCEL_PRELUDE_CUH

#define ACCEL_MAX_RANK 8

// Shape and strides (in elements) of one operand, passed by value. Java packs it in
// dev.accel.cuda.ops.StridedDesc: 8 + 8 int64, then the int32 rank; 136 bytes, 8-aligned.
struct Desc {
    long long shape[ACCEL_MAX_RANK];
    long long strides[ACCEL_MAX_RANK];
    int rank;
};
static_assert(sizeof(Desc) == 136 && alignof(Desc) == 8, "Desc must have the layout of dev.accel.cuda.ops.StridedDesc");

// dtype codes, as dev.accel.cuda.ops.DTypeCode numbers them.
#define DT_F64 0
#define DT_F32 1
#define DT_F16 2
#define DT_BF16 3
#define DT_I64 4
#define DT_I32 5
#define DT_I16 6
#define DT_I8 7
#define DT_U8 8
#define DT_BOOL 9

// op codes, as dev.accel.cuda.ops.OpCode numbers them.
#define OP_ADD 0
#define OP_SUB 1
#define OP_MUL 2
#define OP_DIV 3
#define OP_EXP 0
#define OP_TANH 1
#define OP_GELU_ERF 2
#define OP_GELU_TANH 3
#define OP_SILU 4
#define OP_RELU 5
#define OP_SCALE 6
#define OP_SUM 0
#define OP_MEAN 1
#define OP_MAX 2

// Element offset of the element with row-major linear index i. I is int (fewer than 2^31 elements) or long long.
template <typename I>
__device__ __forceinline__ long long desc_offset(const Desc& d, I i) {
    if (d.rank == 1) {
        return (long long) i * d.strides[0];
    }
    long long off = 0;
    for (int k = d.rank - 1; k > 0; --k) {
        I s = (I) d.shape[k];
        I q = i / s;
        off += (long long) (i - q * s) * d.strides[k];
        i = q;
    }
    return off + (long long) i * d.strides[0];
}

__device__ __forceinline__ float f_nan() { return __int_as_float(0x7fc00000); }
__device__ __forceinline__ double d_nan() { return __longlong_as_double(0x7ff8000000000000LL); }
__device__ __forceinline__ bool is_nan_f(float x) { return x != x; }
__device__ __forceinline__ bool is_nan_d(double x) { return x != x; }

// f64 -> f16 bits, rounded once to nearest even (as dev.accel.tensor.HalfFloats.doubleToF16).
__device__ unsigned short d2h_bits(double v) {
    unsigned long long bits = (unsigned long long) __double_as_longlong(v);
    unsigned int sign = (unsigned int) (bits >> 48) & 0x8000u;
    int exp = (int) (bits >> 52) & 0x7FF;
    unsigned long long mant = bits & 0x000FFFFFFFFFFFFFULL;
    if (exp == 0x7FF) {
        if (mant == 0) return (unsigned short) (sign | 0x7C00u);
        return (unsigned short) (sign | 0x7E00u | ((unsigned int) (mant >> 42) & 0x1FFu));
    }
    int e = exp - 1023;
    if (e > 15) return (unsigned short) (sign | 0x7C00u);
    if (exp == 0) return (unsigned short) sign;
    unsigned long long sig = mant | (1ULL << 52);
    int shift;
    int outExp;
    if (e >= -14) {
        shift = 42;
        outExp = e + 15;
    } else {
        shift = 42 + (-14 - e);
        outExp = 0;
        if (shift > 53) return (unsigned short) sign;
    }
    unsigned long long kept = sig >> shift;
    unsigned long long rem = sig & ((1ULL << shift) - 1);
    unsigned long long half = 1ULL << (shift - 1);
    if (rem > half || (rem == half && (kept & 1ULL))) kept++;
    unsigned int result = outExp == 0 ? (unsigned int) kept : ((unsigned int) outExp << 10) + (unsigned int) (kept - 1024ULL);
    if (result >= 0x7C00u) return (unsigned short) (sign | 0x7C00u);
    return (unsigned short) (sign | result);
}

// f32 -> bf16 bits, nearest even; NaN quieted with its sign (as HalfFloats.floatToBf16).
__device__ __forceinline__ unsigned short f2bf_bits(float v) {
    unsigned int b = (unsigned int) __float_as_int(v);
    if ((b & 0x7FFFFFFFu) > 0x7F800000u) return (unsigned short) ((b >> 16) | 0x0040u);
    return (unsigned short) ((b + 0x7FFFu + ((b >> 16) & 1u)) >> 16);
}

// f64 -> bf16 bits, rounded once (as HalfFloats.doubleToBf16).
__device__ unsigned short d2bf_bits(double v) {
    if (is_nan_d(v)) {
        unsigned long long b = (unsigned long long) __double_as_longlong(v);
        return (unsigned short) (((unsigned int) (b >> 48) & 0x8000u) | 0x7FC0u | ((unsigned int) (b >> 45) & 0x3Fu));
    }
    float f = (float) v;
    unsigned int fb = (unsigned int) __float_as_int(f);
    bool inf = (fb & 0x7FFFFFFFu) == 0x7F800000u;
    if ((fb & 0xFFFFu) == 0x8000u && (double) f != v && !inf) {
        bool above = fabs(v) > fabs((double) f);
        unsigned int t = fb >> 16;
        return (unsigned short) (above ? t + 1 : t);
    }
    return f2bf_bits(f);
}

#ifdef ACCEL_HOST_EMULATION
// Tests only: the host emulation (dev/accel/cuda/ops/emulation.hpp) converts f16 in software.
__device__ __forceinline__ float h2f(unsigned short b) { return accel_emu_h2f(b); }
__device__ __forceinline__ unsigned short f2h_bits(float v) { return accel_emu_f2h(v); }
#else
__device__ __forceinline__ float h2f(unsigned short b) {
    float f;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(b));
    return f;
}

// f32 -> f16 bits, nearest even.
__device__ __forceinline__ unsigned short f2h_bits(float v) {
    unsigned short h;
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(v));
    return h;
}
#endif
__device__ __forceinline__ float bf2f(unsigned short b) { return __int_as_float(((int) b) << 16); }

// Float operands (f64, f32, f16, bf16) read and written in the compute type C (float or double).
template <typename C>
__device__ __forceinline__ C load_fp(const void* p, int dt, long long i) {
    switch (dt) {
        case DT_F64: return (C) ((const double*) p)[i];
        case DT_F32: return (C) ((const float*) p)[i];
        case DT_F16: return (C) h2f(((const unsigned short*) p)[i]);
        default: return (C) bf2f(((const unsigned short*) p)[i]);
    }
}

__device__ __forceinline__ void store_fp(void* p, int dt, long long i, float v) {
    switch (dt) {
        case DT_F64: ((double*) p)[i] = (double) v; break;
        case DT_F32: ((float*) p)[i] = v; break;
        case DT_F16: ((unsigned short*) p)[i] = f2h_bits(v); break;
        default: ((unsigned short*) p)[i] = f2bf_bits(v); break;
    }
}

__device__ __forceinline__ void store_fp(void* p, int dt, long long i, double v) {
    switch (dt) {
        case DT_F64: ((double*) p)[i] = v; break;
        case DT_F32: ((float*) p)[i] = (float) v; break;
        case DT_F16: ((unsigned short*) p)[i] = d2h_bits(v); break;
        default: ((unsigned short*) p)[i] = d2bf_bits(v); break;
    }
}

#endif // ACCEL_PRELUDE_CUH
