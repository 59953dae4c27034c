// Row kernels of the Accel CUDA backend: softmax, layer norm and RMS norm over the last axis, and
// reductions (SUM, MEAN, MAX) over one axis. Launched by dev.accel.cuda.ops.CudaOps.
//
// Row kernels run one block per row (grid-stride over rows; blockDim a multiple of 32, at most 1024, for
// which __launch_bounds__ reserves registers) and combine partial results with warp shuffles and one
// shared slot per warp. Rows are addressed through Desc (the shape without the reduced axis, collapsed);
// the reduced axis has its own length and stride.
// _c32 computes in f32, _c64 in f64 (when an operand is f64). Reduce op codes: OP_SUM, OP_MEAN, OP_MAX.
// MAX propagates NaN (as Java's Math.max).

#include "accel_prelude.cuh"

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
