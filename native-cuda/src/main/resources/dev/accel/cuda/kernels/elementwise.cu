// Elementwise kernels of the Accel CUDA backend: binary ops with broadcasting, unary ops and scale,
// dtype conversion (cast), copies, fills and gather. Launched by dev.accel.cuda.ops.CudaOps.
//
// Rules: grid-stride loops (any grid size is correct); strided operands are addressed through Desc
// (collapsed shapes of rank <= 8, strides in elements, stride 0 = broadcast); kernels suffixed _i32 index
// with 32-bit integers (up to 2^31 - 1 - 65535 * 1024 elements: Launcher.INT_INDEX_LIMIT), _i64 with
// 64-bit; _c32 computes in f32, _c64 in f64.
// Op codes are the prelude's OP_* macros; OP_SCALE is x * factor.

#include "accel_prelude.cuh"

// ---- math in the compute type ----

__device__ __forceinline__ float m_exp(float x) { return expf(x); }
__device__ __forceinline__ double m_exp(double x) { return exp(x); }
__device__ __forceinline__ float m_tanh(float x) { return tanhf(x); }
__device__ __forceinline__ double m_tanh(double x) { return tanh(x); }
__device__ __forceinline__ float m_erfc(float x) { return erfcf(x); }
__device__ __forceinline__ double m_erfc(double x) { return erfc(x); }

template <typename C>
__device__ __forceinline__ C binary_op(int op, C a, C b) {
    switch (op) {
        case OP_ADD: return a + b;
        case OP_SUB: return a - b;
        case OP_MUL: return a * b;
        default: return a / b;
    }
}

// GELU (erf) as 0.5 x erfc(-x / sqrt 2), which keeps its relative accuracy for negative x; GELU (tanh) as
// x * sigmoid(2u) = 0.5 x (1 + tanh u); SILU as x / (1 + e^-x); RELU keeps NaN and maps -0 to +0.
template <typename C>
__device__ __forceinline__ C unary_op(int op, C x, C factor) {
    switch (op) {
        case OP_EXP: return m_exp(x);
        case OP_TANH: return m_tanh(x);
        case OP_GELU_ERF: return (C) 0.5 * x * m_erfc(-x * (C) 0.70710678118654752440);
        case OP_GELU_TANH: {
            C u = (x * x * (C) 0.044715 + (C) 1) * x * (C) 0.79788456080286535588;
            return x / (m_exp((C) -2 * u) + (C) 1);
        }
        case OP_SILU: return x / ((C) 1 + m_exp(-x));
        case OP_RELU: return (x > (C) 0 || x != x) ? x : (C) 0;
        default: return x * factor;
    }
}

// ---- binary ----

template <int OP>
__device__ __forceinline__ void binary_f32_loop(const float* a, const float* b, float* o, long long n) {
    long long tid = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    long long step = (long long) gridDim.x * blockDim.x;
    long long start = 0;
    if (((((unsigned long long) a) | ((unsigned long long) b) | ((unsigned long long) o)) & 15ULL) == 0) {
        long long n4 = n >> 2;
        for (long long i = tid; i < n4; i += step) {
            float4 x = ((const float4*) a)[i];
            float4 y = ((const float4*) b)[i];
            float4 r;
            r.x = binary_op<float>(OP, x.x, y.x);
            r.y = binary_op<float>(OP, x.y, y.y);
            r.z = binary_op<float>(OP, x.z, y.z);
            r.w = binary_op<float>(OP, x.w, y.w);
            ((float4*) o)[i] = r;
        }
        start = n4 << 2;
    }
    for (long long i = start + tid; i < n; i += step) {
        o[i] = binary_op<float>(OP, a[i], b[i]);
    }
}

// All three operands f32, contiguous, same shape; 16-byte vector loads when all are 16-byte aligned.
extern "C" __global__ void binary_contig_f32(const float* a, const float* b, float* o, long long n, int op) {
    switch (op) {
        case OP_ADD: binary_f32_loop<OP_ADD>(a, b, o, n); break;
        case OP_SUB: binary_f32_loop<OP_SUB>(a, b, o, n); break;
        case OP_MUL: binary_f32_loop<OP_MUL>(a, b, o, n); break;
        default: binary_f32_loop<OP_DIV>(a, b, o, n); break;
    }
}

template <typename C>
__device__ __forceinline__ void binary_contig(const void* a, int at, const void* b, int bt, void* o, int ot, long long n, int op) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        store_fp(o, ot, i, binary_op<C>(op, load_fp<C>(a, at, i), load_fp<C>(b, bt, i)));
    }
}

extern "C" __global__ void binary_contig_c32(const void* a, int at, const void* b, int bt, void* o, int ot, long long n, int op) {
    binary_contig<float>(a, at, b, bt, o, ot, n, op);
}

extern "C" __global__ void binary_contig_c64(const void* a, int at, const void* b, int bt, void* o, int ot, long long n, int op) {
    binary_contig<double>(a, at, b, bt, o, ot, n, op);
}

template <typename C, typename I>
__device__ __forceinline__ void binary_strided(const void* a, const Desc& da, int at, const void* b, const Desc& db, int bt,
                                               void* o, const Desc& dout, int ot, long long n, int op) {
    I step = (I) (gridDim.x * blockDim.x);
    for (I i = (I) (blockIdx.x * blockDim.x + threadIdx.x); i < (I) n; i += step) {
        C x = load_fp<C>(a, at, desc_offset<I>(da, i));
        C y = load_fp<C>(b, bt, desc_offset<I>(db, i));
        store_fp(o, ot, desc_offset<I>(dout, i), binary_op<C>(op, x, y));
    }
}

#define BINARY_STRIDED(NAME, C, I) \
    extern "C" __global__ void NAME(const void* a, Desc da, int at, const void* b, Desc db, int bt, \
                                    void* o, Desc dout, int ot, long long n, int op) { \
        binary_strided<C, I>(a, da, at, b, db, bt, o, dout, ot, n, op); \
    }
BINARY_STRIDED(binary_strided_c32_i32, float, int)
BINARY_STRIDED(binary_strided_c32_i64, float, long long)
BINARY_STRIDED(binary_strided_c64_i32, double, int)
BINARY_STRIDED(binary_strided_c64_i64, double, long long)

// ---- unary and scale ----

template <int OP>
__device__ __forceinline__ void unary_f32_loop(const float* x, float* o, long long n, float factor) {
    long long tid = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    long long step = (long long) gridDim.x * blockDim.x;
    long long start = 0;
    if (((((unsigned long long) x) | ((unsigned long long) o)) & 15ULL) == 0) {
        long long n4 = n >> 2;
        for (long long i = tid; i < n4; i += step) {
            float4 v = ((const float4*) x)[i];
            float4 r;
            r.x = unary_op<float>(OP, v.x, factor);
            r.y = unary_op<float>(OP, v.y, factor);
            r.z = unary_op<float>(OP, v.z, factor);
            r.w = unary_op<float>(OP, v.w, factor);
            ((float4*) o)[i] = r;
        }
        start = n4 << 2;
    }
    for (long long i = start + tid; i < n; i += step) {
        o[i] = unary_op<float>(OP, x[i], factor);
    }
}

// f32 in and out, contiguous; 16-byte vector loads when both are 16-byte aligned.
extern "C" __global__ void unary_contig_f32(const float* x, float* o, long long n, int op, double factor) {
    float f = (float) factor;
    switch (op) {
        case OP_EXP: unary_f32_loop<OP_EXP>(x, o, n, f); break;
        case OP_TANH: unary_f32_loop<OP_TANH>(x, o, n, f); break;
        case OP_GELU_ERF: unary_f32_loop<OP_GELU_ERF>(x, o, n, f); break;
        case OP_GELU_TANH: unary_f32_loop<OP_GELU_TANH>(x, o, n, f); break;
        case OP_SILU: unary_f32_loop<OP_SILU>(x, o, n, f); break;
        case OP_RELU: unary_f32_loop<OP_RELU>(x, o, n, f); break;
        default: unary_f32_loop<OP_SCALE>(x, o, n, f); break;
    }
}

template <typename C>
__device__ __forceinline__ void unary_contig(const void* x, int xt, void* o, int ot, long long n, int op, double factor) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        store_fp(o, ot, i, unary_op<C>(op, load_fp<C>(x, xt, i), (C) factor));
    }
}

extern "C" __global__ void unary_contig_c32(const void* x, int xt, void* o, int ot, long long n, int op, double factor) {
    unary_contig<float>(x, xt, o, ot, n, op, factor);
}

extern "C" __global__ void unary_contig_c64(const void* x, int xt, void* o, int ot, long long n, int op, double factor) {
    unary_contig<double>(x, xt, o, ot, n, op, factor);
}

template <typename C, typename I>
__device__ __forceinline__ void unary_strided(const void* x, const Desc& dx, int xt, void* o, const Desc& dout, int ot,
                                              long long n, int op, double factor) {
    I step = (I) (gridDim.x * blockDim.x);
    for (I i = (I) (blockIdx.x * blockDim.x + threadIdx.x); i < (I) n; i += step) {
        C v = load_fp<C>(x, xt, desc_offset<I>(dx, i));
        store_fp(o, ot, desc_offset<I>(dout, i), unary_op<C>(op, v, (C) factor));
    }
}

#define UNARY_STRIDED(NAME, C, I) \
    extern "C" __global__ void NAME(const void* x, Desc dx, int xt, void* o, Desc dout, int ot, long long n, int op, double factor) { \
        unary_strided<C, I>(x, dx, xt, o, dout, ot, n, op, factor); \
    }
UNARY_STRIDED(unary_strided_c32_i32, float, int)
UNARY_STRIDED(unary_strided_c32_i64, float, long long)
UNARY_STRIDED(unary_strided_c64_i32, double, int)
UNARY_STRIDED(unary_strided_c64_i64, double, long long)

// ---- conversion between any two dtypes (the rules of Ops.cast) ----

__device__ __forceinline__ bool is_fp(int dt) { return dt <= DT_BF16; }

__device__ __forceinline__ long long load_int(const void* p, int dt, long long i) {
    switch (dt) {
        case DT_I64: return ((const long long*) p)[i];
        case DT_I32: return ((const int*) p)[i];
        case DT_I16: return ((const short*) p)[i];
        case DT_I8: return ((const signed char*) p)[i];
        case DT_U8: return ((const unsigned char*) p)[i];
        default: return ((const unsigned char*) p)[i] != 0 ? 1 : 0;
    }
}

// Integers wrap to the narrower width (two's complement); bool is v != 0.
__device__ __forceinline__ void store_int(void* p, int dt, long long i, long long v) {
    unsigned long long u = (unsigned long long) v;
    switch (dt) {
        case DT_I64: ((unsigned long long*) p)[i] = u; break;
        case DT_I32: ((unsigned int*) p)[i] = (unsigned int) u; break;
        case DT_I16: ((unsigned short*) p)[i] = (unsigned short) u; break;
        case DT_I8:
        case DT_U8: ((unsigned char*) p)[i] = (unsigned char) u; break;
        default: ((unsigned char*) p)[i] = v != 0 ? 1 : 0; break;
    }
}

// Truncation toward zero; NaN gives 0; beyond the int64 range saturates (as Java's (long) cast).
__device__ __forceinline__ long long d2ll(double v) {
    if (v != v) return 0;
    if (v >= 9223372036854775808.0) return 0x7FFFFFFFFFFFFFFFLL;
    if (v <= -9223372036854775808.0) return (long long) 0x8000000000000000ULL;
    return (long long) v;
}

// v rounded to odd at 53 bits: rounds correctly, once, to f16 and bf16 afterwards.
__device__ __forceinline__ double round_to_odd(long long v) {
    unsigned long long mag = v < 0 ? 0ULL - (unsigned long long) v : (unsigned long long) v;
    int bits = 64 - __clzll((long long) mag);
    if (bits <= 53) return (double) v;
    int shift = bits - 53;
    unsigned long long kept = mag >> shift;
    if (mag & ((1ULL << shift) - 1)) kept |= 1ULL;
    double d = ldexp((double) kept, shift);
    return v < 0 ? -d : d;
}

__device__ __forceinline__ void convert_elem(const void* s, int st, long long si, void* d, int dt, long long di) {
    if (!is_fp(st)) {
        long long v = load_int(s, st, si);
        if (!is_fp(dt)) {
            store_int(d, dt, di, v);
        } else if (dt == DT_F64) {
            ((double*) d)[di] = (double) v;
        } else if (dt == DT_F32) {
            ((float*) d)[di] = (float) v; // one rounding from the integer
        } else {
            store_fp(d, dt, di, round_to_odd(v));
        }
    } else {
        double v = load_fp<double>(s, st, si);
        if (is_fp(dt)) {
            store_fp(d, dt, di, v);
        } else if (dt == DT_BOOL) {
            ((unsigned char*) d)[di] = v != 0.0 ? 1 : 0; // NaN is non-zero
        } else {
            store_int(d, dt, di, d2ll(v));
        }
    }
}

template <typename I>
__device__ __forceinline__ void convert_strided(const void* s, const Desc& ds, int st, void* d, const Desc& dd, int dt, long long n) {
    I step = (I) (gridDim.x * blockDim.x);
    for (I i = (I) (blockIdx.x * blockDim.x + threadIdx.x); i < (I) n; i += step) {
        convert_elem(s, st, desc_offset<I>(ds, i), d, dt, desc_offset<I>(dd, i));
    }
}

extern "C" __global__ void convert_strided_i32(const void* s, Desc ds, int st, void* d, Desc dd, int dt, long long n) {
    convert_strided<int>(s, ds, st, d, dd, dt, n);
}

extern "C" __global__ void convert_strided_i64(const void* s, Desc ds, int st, void* d, Desc dd, int dt, long long n) {
    convert_strided<long long>(s, ds, st, d, dd, dt, n);
}

// ---- copies and fills ----

// nbytes bytes from s to d (no overlap); 16-byte vectors when both are 16-byte aligned.
extern "C" __global__ void copy_contig(const unsigned char* s, unsigned char* d, long long nbytes) {
    long long tid = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    long long step = (long long) gridDim.x * blockDim.x;
    long long start = 0;
    if (((((unsigned long long) s) | ((unsigned long long) d)) & 15ULL) == 0) {
        long long n16 = nbytes >> 4;
        for (long long i = tid; i < n16; i += step) {
            ((uint4*) d)[i] = ((const uint4*) s)[i];
        }
        start = n16 << 4;
    }
    for (long long i = start + tid; i < nbytes; i += step) {
        d[i] = s[i];
    }
}

template <typename T, typename I>
__device__ __forceinline__ void copy_strided(const T* s, const Desc& ds, T* d, const Desc& dd, long long n) {
    I step = (I) (gridDim.x * blockDim.x);
    for (I i = (I) (blockIdx.x * blockDim.x + threadIdx.x); i < (I) n; i += step) {
        d[desc_offset<I>(dd, i)] = s[desc_offset<I>(ds, i)];
    }
}

// Same-dtype strided copy by element size (bN = N bytes).
#define COPY_STRIDED(NAME, T, I) \
    extern "C" __global__ void NAME(const T* s, Desc ds, T* d, Desc dd, long long n) { copy_strided<T, I>(s, ds, d, dd, n); }
COPY_STRIDED(copy_strided_b1_i32, unsigned char, int)
COPY_STRIDED(copy_strided_b1_i64, unsigned char, long long)
COPY_STRIDED(copy_strided_b2_i32, unsigned short, int)
COPY_STRIDED(copy_strided_b2_i64, unsigned short, long long)
COPY_STRIDED(copy_strided_b4_i32, unsigned int, int)
COPY_STRIDED(copy_strided_b4_i64, unsigned int, long long)
COPY_STRIDED(copy_strided_b8_i32, unsigned long long, int)
COPY_STRIDED(copy_strided_b8_i64, unsigned long long, long long)

// Writes value (converted to the float dtype ot) to every element of a strided float tensor.
extern "C" __global__ void fill_fp_strided(void* o, Desc d, int ot, double value, long long n) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        store_fp(o, ot, desc_offset<long long>(d, i), value);
    }
}

// ---- gather ----

// One thread: *p = v (initializes gather_check's result).
extern "C" __global__ void set_u64(unsigned long long* p, unsigned long long v) {
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        *p = v;
    }
}

// Records in *first the smallest row-major position of an index outside [0, rows) (it starts at ~0).
extern "C" __global__ void gather_check(const void* idx, Desc di, int it, long long n, long long rows, unsigned long long* first) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        long long v = load_int(idx, it, desc_offset<long long>(di, i));
        if (v < 0 || v >= rows) {
            atomicMin(first, (unsigned long long) i);
        }
    }
}

// out[p, j] = table[idx[p], j] converted to out's dtype, for p < n index positions and j < d columns.
// di and dout address the index positions (dout: out without its last axis); indices were checked.
extern "C" __global__ void gather_rows(const void* table, long long tRow, long long tCol, int tt,
                                       const void* idx, Desc di, int it,
                                       void* o, Desc dout, long long oCol, int ot, long long n, long long d) {
    long long total = n * d;
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long e = (long long) blockIdx.x * blockDim.x + threadIdx.x; e < total; e += step) {
        long long p = e / d;
        long long j = e - p * d;
        long long row = load_int(idx, it, desc_offset<long long>(di, p));
        convert_elem(table, tt, row * tRow + j * tCol, o, ot, desc_offset<long long>(dout, p) + j * oCol);
    }
}
