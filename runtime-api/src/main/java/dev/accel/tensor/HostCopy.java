package dev.accel.tensor;

import java.lang.foreign.MemorySegment;

/** Strided copies between host-accessible tensors of the same dtype and shape. */
final class HostCopy {
    private HostCopy() {
    }

    static void copy(Tensor src, Tensor dst) {
        long n = src.numel();
        if (n == 0) {
            return;
        }
        MemorySegment s = src.memory().hostSegment();
        MemorySegment d = dst.memory().hostSegment();
        int esize = src.dtype().byteSize();
        if (src.isContiguous() && dst.isContiguous()) {
            MemorySegment.copy(s, src.offset() * esize, d, dst.offset() * esize, n * esize);
            return;
        }
        long[] shape = src.shape();
        long[] ss = src.strides();
        long[] ds = dst.strides();
        int r = shape.length;
        long inner = shape[r - 1];
        long sInner = ss[r - 1];
        long dInner = ds[r - 1];
        long outer = n / inner;
        long[] idx = new long[r];
        long sOff = src.offset();
        long dOff = dst.offset();
        for (long o = 0; o < outer; o++) {
            if (sInner == 1 && dInner == 1) {
                MemorySegment.copy(s, sOff * esize, d, dOff * esize, inner * esize);
            } else {
                long so = sOff * esize;
                long dof = dOff * esize;
                for (long i = 0; i < inner; i++) {
                    Elements.copyElement(s, so, d, dof, esize);
                    so += sInner * esize;
                    dof += dInner * esize;
                }
            }
            for (int k = r - 2; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    sOff += ss[k];
                    dOff += ds[k];
                    break;
                }
                sOff -= (shape[k] - 1) * ss[k];
                dOff -= (shape[k] - 1) * ds[k];
                idx[k] = 0;
            }
        }
    }
}
