// Row kernels of the Accel CUDA backend: softmax, layer norm and RMS norm over the last axis, and
// reductions (SUM, MEAN, MAX) over one axis. Launched by dev.accel.cuda.ops.CudaOps.
//
// Row kernels run one block per row (grid-stride over rows; blockDim a multiple of 32, at most 1024, for
// which __launch_bounds__ reserves registers) and combine partial results with warp shuffles and one
// shared slot per warp. Rows are addressed through Desc (the shape without the reduced axis, collapsed);
// the reduced axis has its own length and stride.
// _c32 computes in f32, _c64 in f64 (when an operand is f64). Reduce op codes: OP_SUM, OP_MEAN, OP_MAX.
// MAX propagates NaN (as Java's Math.max).

// ---- prelude begin (identical in every kernel source; KernelSourcesTest checks it) ----
// Compiled at run time by NVRTC (and by nvcc -ptx in the tests): no host code and no includes at all
// (f16 conversions use PTX cvt instructions, so that no NVRTC version's header set matters).

#define ACCEL_MAX_RANK 8

// Shape and strides (in elements) of one operand, passed by value. Java packs it in
// dev.accel.cuda.ops.StridedDesc: 8 + 8 int64, then the int32 rank; 136 bytes, 8-aligned.
struct Desc {
    long long shape[ACCEL_MAX_RANK];
    long long strides[ACCEL_MAX_RANK];
    int rank;
};

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
// ---- prelude end ----

__device__ __forceinline__ float m_exp(float x) { return expf(x); }
__device__ __forceinline__ double m_exp(double x) { return exp(x); }

template <typename C> __device__ __forceinline__ C neg_inf();
template <> __device__ __forceinline__ float neg_inf<float>() { return __int_as_float(0xff800000); }
template <> __device__ __forceinline__ double neg_inf<double>() { return __longlong_as_double(0xfff0000000000000LL); }

// max that propagates NaN from either side.
template <typename C>
__device__ __forceinline__ C max_nan(C a, C b) {
    return (a != a || a > b) ? a : b;
}

template <typename C>
__device__ __forceinline__ C warp_sum(C v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

template <typename C>
__device__ __forceinline__ C warp_max(C v) {
    for (int o = 16; o > 0; o >>= 1) v = max_nan(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// Sum (or NaN-propagating max) over the block; every thread gets the result. blockDim.x % 32 == 0.
template <typename C>
__device__ __forceinline__ C block_reduce(C v, bool isMax, C* slots) {
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    int warps = blockDim.x >> 5;
    v = isMax ? warp_max(v) : warp_sum(v);
    __syncthreads(); // slots may still be read from the previous reduction
    if (lane == 0) slots[warp] = v;
    __syncthreads();
    C r = lane < warps ? slots[lane] : (isMax ? neg_inf<C>() : (C) 0);
    return isMax ? warp_max(r) : warp_sum(r);
}

// ---- softmax ----

template <typename C>
__device__ __forceinline__ void softmax_rows(const void* x, const Desc& dx, long long xCol, int xt,
                                             void* o, const Desc& dout, long long oCol, int ot, long long rows, long long d) {
    __shared__ C slots[32];
    for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
        long long xo = desc_offset<long long>(dx, r);
        long long oo = desc_offset<long long>(dout, r);
        C m = neg_inf<C>();
        for (long long j = threadIdx.x; j < d; j += blockDim.x) m = max_nan(m, load_fp<C>(x, xt, xo + j * xCol));
        m = block_reduce<C>(m, true, slots);
        C s = 0;
        for (long long j = threadIdx.x; j < d; j += blockDim.x) s += m_exp(load_fp<C>(x, xt, xo + j * xCol) - m);
        s = block_reduce<C>(s, false, slots);
        C inv = (C) 1 / s;
        for (long long j = threadIdx.x; j < d; j += blockDim.x) {
            store_fp(o, ot, oo + j * oCol, m_exp(load_fp<C>(x, xt, xo + j * xCol) - m) * inv);
        }
    }
}

extern "C" __global__ void __launch_bounds__(1024) softmax_c32(const void* x, Desc dx, long long xCol, int xt, void* o, Desc dout, long long oCol, int ot,
                                       long long rows, long long d) {
    softmax_rows<float>(x, dx, xCol, xt, o, dout, oCol, ot, rows, d);
}

extern "C" __global__ void __launch_bounds__(1024) softmax_c64(const void* x, Desc dx, long long xCol, int xt, void* o, Desc dout, long long oCol, int ot,
                                       long long rows, long long d) {
    softmax_rows<double>(x, dx, xCol, xt, o, dout, oCol, ot, rows, d);
}

// ---- layer norm and RMS norm ----

// (x - mean) * rstd * gamma + beta (layer norm, centered) or x * rstd * gamma (RMS norm, beta == 0 and
// not centered), rstd = 1 / sqrt(var + eps) computed in f64 from the compute-type variance. gamma and beta
// are read at column j * gCol (gCol 0: one value for every column).
template <typename C>
__device__ __forceinline__ void norm_rows(bool centered, const void* x, const Desc& dx, long long xCol, int xt,
                                          const void* g, long long gCol, int gt, const void* b, long long bCol, int bt,
                                          double eps, void* o, const Desc& dout, long long oCol, int ot, long long rows, long long d) {
    __shared__ C slots[32];
    for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
        long long xo = desc_offset<long long>(dx, r);
        long long oo = desc_offset<long long>(dout, r);
        C mean = 0;
        if (centered) {
            C s = 0;
            for (long long j = threadIdx.x; j < d; j += blockDim.x) s += load_fp<C>(x, xt, xo + j * xCol);
            mean = block_reduce<C>(s, false, slots) / (C) d;
        }
        C ss = 0;
        for (long long j = threadIdx.x; j < d; j += blockDim.x) {
            C v = load_fp<C>(x, xt, xo + j * xCol) - mean;
            ss += v * v;
        }
        ss = block_reduce<C>(ss, false, slots);
        C rstd = (C) (1.0 / sqrt((double) (ss / (C) d) + eps));
        for (long long j = threadIdx.x; j < d; j += blockDim.x) {
            C v = (load_fp<C>(x, xt, xo + j * xCol) - mean) * rstd * load_fp<C>(g, gt, j * gCol);
            if (centered) v += load_fp<C>(b, bt, j * bCol);
            store_fp(o, ot, oo + j * oCol, v);
        }
    }
}

#define NORM_KERNELS(LAYER_NORM, RMS_NORM, C) \
    extern "C" __global__ void __launch_bounds__(1024) LAYER_NORM(const void* x, Desc dx, long long xCol, int xt, \
            const void* g, long long gCol, int gt, const void* b, long long bCol, int bt, double eps, \
            void* o, Desc dout, long long oCol, int ot, long long rows, long long d) { \
        norm_rows<C>(true, x, dx, xCol, xt, g, gCol, gt, b, bCol, bt, eps, o, dout, oCol, ot, rows, d); \
    } \
    extern "C" __global__ void __launch_bounds__(1024) RMS_NORM(const void* x, Desc dx, long long xCol, int xt, \
            const void* g, long long gCol, int gt, double eps, \
            void* o, Desc dout, long long oCol, int ot, long long rows, long long d) { \
        norm_rows<C>(false, x, dx, xCol, xt, g, gCol, gt, g, 0, gt, eps, o, dout, oCol, ot, rows, d); \
    }
NORM_KERNELS(layer_norm_c32, rms_norm_c32, float)
NORM_KERNELS(layer_norm_c64, rms_norm_c64, double)

// ---- reductions over one axis ----

template <typename C>
__device__ __forceinline__ C finish(int op, C acc, long long n) {
    return op == OP_MEAN ? acc / (C) n : acc; // MEAN of an empty axis: 0 / 0 = NaN
}

// One block per output element: for a contiguous (or long) reduced axis.
template <typename C>
__device__ __forceinline__ void reduce_rows(const void* x, const Desc& dx, long long axisStride, int xt,
                                            void* o, const Desc& dout, int ot, long long outs, long long n, int op) {
    __shared__ C slots[32];
    bool isMax = op == OP_MAX;
    for (long long r = blockIdx.x; r < outs; r += gridDim.x) {
        long long xo = desc_offset<long long>(dx, r);
        C acc = isMax ? neg_inf<C>() : (C) 0;
        for (long long j = threadIdx.x; j < n; j += blockDim.x) {
            C v = load_fp<C>(x, xt, xo + j * axisStride);
            acc = isMax ? max_nan(acc, v) : acc + v;
        }
        acc = block_reduce<C>(acc, isMax, slots);
        if (threadIdx.x == 0) store_fp(o, ot, desc_offset<long long>(dout, r), finish<C>(op, acc, n));
    }
}

// One thread per output element: for a strided reduced axis (neighbouring outputs read neighbouring inputs).
template <typename C>
__device__ __forceinline__ void reduce_cols(const void* x, const Desc& dx, long long axisStride, int xt,
                                            void* o, const Desc& dout, int ot, long long outs, long long n, int op) {
    bool isMax = op == OP_MAX;
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long r = (long long) blockIdx.x * blockDim.x + threadIdx.x; r < outs; r += step) {
        long long xo = desc_offset<long long>(dx, r);
        C acc = isMax ? neg_inf<C>() : (C) 0;
        for (long long j = 0; j < n; j++) {
            C v = load_fp<C>(x, xt, xo + j * axisStride);
            acc = isMax ? max_nan(acc, v) : acc + v;
        }
        store_fp(o, ot, desc_offset<long long>(dout, r), finish<C>(op, acc, n));
    }
}

#define REDUCE_KERNEL(NAME, IMPL, C) \
    extern "C" __global__ void __launch_bounds__(1024) NAME(const void* x, Desc dx, long long axisStride, int xt, void* o, Desc dout, int ot, \
                                    long long outs, long long n, int op) { \
        IMPL<C>(x, dx, axisStride, xt, o, dout, ot, outs, n, op); \
    }
REDUCE_KERNEL(reduce_rows_c32, reduce_rows, float)
REDUCE_KERNEL(reduce_rows_c64, reduce_rows, double)
REDUCE_KERNEL(reduce_cols_c32, reduce_cols, float)
REDUCE_KERNEL(reduce_cols_c64, reduce_cols, double)
