package dev.accel.cpu;

import dev.accel.tensor.DType;
import dev.accel.tensor.Elements;
import dev.accel.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static dev.accel.cpu.ElementwiseKernels.F32;
import static dev.accel.cpu.ElementwiseKernels.ORDER;

/**
 * Kernels over the last axis, one row at a time: softmax, layer norm and RMS norm. Rows of f32 with a
 * contiguous last axis (in and out) run on the Vector API, accumulating in f32 lanes; other rows are read
 * into a float64 buffer, computed in float64 and written back. A rank-0 tensor is one row of one element.
 * Callers have checked dtypes and shapes.
 */
final class RowKernels {
    private static final VectorSpecies<Float> S = ElementwiseKernels.SPECIES;

    private enum Kind { SOFTMAX, LAYER_NORM, RMS_NORM }

    private RowKernels() {
    }

    static void softmax(Tensor x, Tensor out) {
        run(Kind.SOFTMAX, x, null, null, 0, out);
    }

    /** {@code gamma} and {@code beta} hold one value per column (already broadcast to the row length). */
    static void layerNorm(Tensor x, double[] gamma, double[] beta, double eps, Tensor out) {
        run(Kind.LAYER_NORM, x, gamma, beta, eps, out);
    }

    static void rmsNorm(Tensor x, double[] gamma, double eps, Tensor out) {
        run(Kind.RMS_NORM, x, gamma, null, eps, out);
    }

    private static void run(Kind kind, Tensor x, double[] gamma, double[] beta, double eps, Tensor out) {
        if (x.rank() == 0) {
            x = x.unsqueeze(0);
            out = out.unsqueeze(0);
        }
        long d = x.size(-1);
        if (x.numel() == 0) {
            return;
        }
        int r = x.rank();
        long[] shape = x.shape();
        Layout rows = Layout.of(Arrays.copyOf(shape, r - 1), Arrays.copyOf(x.strides(), r - 1), Arrays.copyOf(out.strides(), r - 1));
        long[] base = {x.offset(), out.offset()};
        MemorySegment xs = x.memory().hostSegment();
        MemorySegment os = out.memory().hostSegment();
        DType xt = x.dtype();
        DType ot = out.dtype();
        long sx = x.stride(-1);
        long so = out.stride(-1);
        boolean fast = xt == DType.F32 && ot == DType.F32 && (sx == 1 || d == 1) && (so == 1 || d == 1);
        float[] g = toFloats(gamma);
        float[] b = toFloats(beta);
        int n = Math.toIntExact(d);
        CpuParallel.forRange(rows.numel, 4 * d, CpuParallel.shareable(x, out), (from, to) -> {
            double[] buf = fast ? null : new double[n];
            rows.forSpans(from, to, base, (off, len) -> {
                for (long j = 0; j < len; j++) {
                    long xo = off[0] + j * rows.innerStride(0);
                    long oo = off[1] + j * rows.innerStride(1);
                    if (fast) {
                        switch (kind) {
                            case SOFTMAX -> softmaxF32(xs, xo * 4, os, oo * 4, n);
                            case LAYER_NORM -> layerNormF32(xs, xo * 4, g, b, (float) eps, os, oo * 4, n);
                            case RMS_NORM -> rmsNormF32(xs, xo * 4, g, (float) eps, os, oo * 4, n);
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            buf[i] = Elements.getDouble(xs, (xo + i * sx) * xt.byteSize(), xt);
                        }
                        switch (kind) {
                            case SOFTMAX -> softmax(buf);
                            case LAYER_NORM -> layerNorm(buf, gamma, beta, eps);
                            case RMS_NORM -> rmsNorm(buf, gamma, eps);
                        }
                        for (int i = 0; i < n; i++) {
                            Elements.setDouble(os, (oo + i * so) * ot.byteSize(), ot, buf[i]);
                        }
                    }
                }
            });
        });
    }

    private static float[] toFloats(double[] v) {
        if (v == null) {
            return null;
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    // ---- float64 rows -----------------------------------------------------------------------

    private static void softmax(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            row[i] = Math.exp(row[i] - max);
            sum += row[i];
        }
        for (int i = 0; i < row.length; i++) {
            row[i] /= sum;
        }
    }

    private static void layerNorm(double[] row, double[] gamma, double[] beta, double eps) {
        double mean = 0;
        for (double v : row) {
            mean += v;
        }
        mean /= row.length;
        double var = 0;
        for (double v : row) {
            var += (v - mean) * (v - mean);
        }
        var /= row.length;
        double rstd = 1 / Math.sqrt(var + eps);
        for (int i = 0; i < row.length; i++) {
            row[i] = (row[i] - mean) * rstd * gamma[i] + beta[i];
        }
    }

    private static void rmsNorm(double[] row, double[] gamma, double eps) {
        double ss = 0;
        for (double v : row) {
            ss += v * v;
        }
        double rstd = 1 / Math.sqrt(ss / row.length + eps);
        for (int i = 0; i < row.length; i++) {
            row[i] = row[i] * rstd * gamma[i];
        }
    }

    // ---- f32 rows on the Vector API (byte offsets) --------------------------------------------

    private static void softmaxF32(MemorySegment x, long xo, MemorySegment o, long oo, int n) {
        int lanes = S.length();
        int bound = n - n % lanes;
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += lanes) {
            vmax = vmax.max(FloatVector.fromMemorySegment(S, x, xo + 4L * i, ORDER));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x.get(F32, xo + 4L * i));
        }
        FloatVector vsum = FloatVector.zero(S);
        for (i = 0; i < bound; i += lanes) {
            FloatVector e = FloatVector.fromMemorySegment(S, x, xo + 4L * i, ORDER).sub(max).lanewise(VectorOperators.EXP);
            e.intoMemorySegment(o, oo + 4L * i, ORDER);
            vsum = vsum.add(e);
        }
        float sum = vsum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float e = (float) Math.exp(x.get(F32, xo + 4L * i) - max);
            o.set(F32, oo + 4L * i, e);
            sum += e;
        }
        float inv = 1f / sum;
        for (i = 0; i < bound; i += lanes) {
            FloatVector.fromMemorySegment(S, o, oo + 4L * i, ORDER).mul(inv).intoMemorySegment(o, oo + 4L * i, ORDER);
        }
        for (; i < n; i++) {
            o.set(F32, oo + 4L * i, o.get(F32, oo + 4L * i) * inv);
        }
    }

    private static float sum(MemorySegment x, long xo, int n, float center, boolean squares) {
        int lanes = S.length();
        int bound = n - n % lanes;
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += lanes) {
            FloatVector v = FloatVector.fromMemorySegment(S, x, xo + 4L * i, ORDER).sub(center);
            acc = squares ? v.fma(v, acc) : acc.add(v);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float v = x.get(F32, xo + 4L * i) - center;
            s += squares ? v * v : v;
        }
        return s;
    }

    private static void layerNormF32(MemorySegment x, long xo, float[] g, float[] b, float eps, MemorySegment o, long oo, int n) {
        float mean = sum(x, xo, n, 0f, false) / n;
        float var = sum(x, xo, n, mean, true) / n;
        float rstd = (float) (1 / Math.sqrt((double) var + eps));
        int lanes = S.length();
        int bound = n - n % lanes;
        int i = 0;
        for (; i < bound; i += lanes) {
            FloatVector v = FloatVector.fromMemorySegment(S, x, xo + 4L * i, ORDER).sub(mean).mul(rstd);
            v.fma(FloatVector.fromArray(S, g, i), FloatVector.fromArray(S, b, i)).intoMemorySegment(o, oo + 4L * i, ORDER);
        }
        for (; i < n; i++) {
            o.set(F32, oo + 4L * i, (x.get(F32, xo + 4L * i) - mean) * rstd * g[i] + b[i]);
        }
    }

    private static void rmsNormF32(MemorySegment x, long xo, float[] g, float eps, MemorySegment o, long oo, int n) {
        float ss = sum(x, xo, n, 0f, true);
        float rstd = (float) (1 / Math.sqrt((double) ss / n + eps));
        int lanes = S.length();
        int bound = n - n % lanes;
        int i = 0;
        for (; i < bound; i += lanes) {
            FloatVector.fromMemorySegment(S, x, xo + 4L * i, ORDER).mul(rstd).mul(FloatVector.fromArray(S, g, i))
                    .intoMemorySegment(o, oo + 4L * i, ORDER);
        }
        for (; i < n; i++) {
            o.set(F32, oo + 4L * i, x.get(F32, xo + 4L * i) * rstd * g[i]);
        }
    }
}
