package dev.accel.conformance;

import dev.accel.backend.BinaryOp;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.UnaryOp;
import dev.accel.tensor.DType;
import dev.accel.tensor.HalfFloats;
import dev.accel.tensor.Shapes;

import java.util.Arrays;
import java.util.List;

/**
 * The float64 reference every device is compared with: plain loops over dense row-major arrays, written
 * from the {@link dev.accel.backend.Ops} contract and independent of every backend (the CPU backend
 * included). Elementwise math uses {@link UnaryOp#apply} and {@link BinaryOp#apply}, the contract's own
 * float64 definitions.
 */
final class Reference {
    private Reference() {
    }

    /** Row-major strides of a dense shape. */
    static long[] strides(long[] shape) {
        return Shapes.contiguousStrides(shape);
    }

    /** Index into a dense array of {@code shape} for the broadcast coordinate {@code idx} of the output. */
    private static int broadcastIndex(long[] shape, long[] outIdx) {
        int lead = outIdx.length - shape.length;
        long[] st = strides(shape);
        long off = 0;
        for (int i = 0; i < shape.length; i++) {
            long c = shape[i] == 1 ? 0 : outIdx[lead + i];
            off += c * st[i];
        }
        return (int) off;
    }

    private static void increment(long[] idx, long[] shape) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) {
                return;
            }
            idx[d] = 0;
        }
    }

    static double[] binary(BinaryOp op, double[] a, long[] as, double[] b, long[] bs) {
        long[] out = Shapes.broadcast(as, bs);
        int n = (int) Shapes.numel(out);
        double[] r = new double[n];
        long[] idx = new long[out.length];
        for (int i = 0; i < n; i++) {
            r[i] = op.apply(a[broadcastIndex(as, idx)], b[broadcastIndex(bs, idx)]);
            increment(idx, out);
        }
        return r;
    }

    static double[] unary(UnaryOp op, double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = op.apply(x[i]);
        }
        return r;
    }

    static double[] scale(double[] x, double factor) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i] * factor;
        }
        return r;
    }

    /** Batched matmul over the last two axes with broadcast batch axes. */
    static double[] matmul(double[] a, long[] as, double[] b, long[] bs) {
        long[] out = Shapes.matmul(as, bs);
        int r = out.length;
        int m = (int) out[r - 2];
        int n = (int) out[r - 1];
        int k = (int) as[as.length - 1];
        long[] batch = Arrays.copyOf(out, r - 2);
        long[] aBatch = Arrays.copyOf(as, as.length - 2);
        long[] bBatch = Arrays.copyOf(bs, bs.length - 2);
        int batches = (int) Shapes.numel(batch);
        double[] res = new double[(int) Shapes.numel(out)];
        long[] idx = new long[batch.length];
        for (int t = 0; t < batches; t++) {
            int ao = broadcastIndex(aBatch, idx) * m * k;
            int bo = broadcastIndex(bBatch, idx) * k * n;
            int oo = t * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[ao + i * k + p] * b[bo + p * n + j];
                    }
                    res[oo + i * n + j] = s;
                }
            }
            increment(idx, batch);
        }
        return res;
    }

    static double[] softmax(double[] x, long d) {
        double[] r = x.clone();
        for (int row = 0; row + d <= r.length && d > 0; row += (int) d) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < d; i++) {
                max = Math.max(max, r[row + i]);
            }
            double sum = 0;
            for (int i = 0; i < d; i++) {
                r[row + i] = Math.exp(r[row + i] - max);
                sum += r[row + i];
            }
            for (int i = 0; i < d; i++) {
                r[row + i] /= sum;
            }
        }
        return r;
    }

    /** Layer norm over rows of {@code d}; {@code gamma}/{@code beta} have d values (or 1, broadcast). */
    static double[] layerNorm(double[] x, long d, double[] gamma, double[] beta, double eps) {
        double[] r = new double[x.length];
        for (int row = 0; row + d <= x.length && d > 0; row += (int) d) {
            double mean = 0;
            for (int i = 0; i < d; i++) {
                mean += x[row + i];
            }
            mean /= d;
            double var = 0;
            for (int i = 0; i < d; i++) {
                double c = x[row + i] - mean;
                var += c * c;
            }
            var /= d;
            double rstd = 1 / Math.sqrt(var + eps);
            for (int i = 0; i < d; i++) {
                r[row + i] = (x[row + i] - mean) * rstd * param(gamma, i) + param(beta, i);
            }
        }
        return r;
    }

    static double[] rmsNorm(double[] x, long d, double[] gamma, double eps) {
        double[] r = new double[x.length];
        for (int row = 0; row + d <= x.length && d > 0; row += (int) d) {
            double ss = 0;
            for (int i = 0; i < d; i++) {
                ss += x[row + i] * x[row + i];
            }
            double rstd = 1 / Math.sqrt(ss / d + eps);
            for (int i = 0; i < d; i++) {
                r[row + i] = x[row + i] * rstd * param(gamma, i);
            }
        }
        return r;
    }

    private static double param(double[] p, int i) {
        return p.length == 1 ? p[0] : p[i];
    }

    /** Reduces axis {@code axis} of a dense {@code shape}; the result in row-major order of the remaining axes. */
    static double[] reduce(ReduceOp op, double[] x, long[] shape, int axis) {
        long outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        long len = shape[axis];
        long inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        double[] r = new double[(int) (outer * inner)];
        for (long o = 0; o < outer; o++) {
            for (long in = 0; in < inner; in++) {
                double acc = op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : 0;
                for (long j = 0; j < len; j++) {
                    double v = x[(int) ((o * len + j) * inner + in)];
                    acc = op == ReduceOp.MAX ? (Double.isNaN(v) || Double.isNaN(acc) ? Double.NaN : Math.max(acc, v)) : acc + v;
                }
                r[(int) (o * inner + in)] = op == ReduceOp.MEAN ? acc / len : acc; // MEAN of an empty axis: 0/0 = NaN
            }
        }
        return r;
    }

    /** Rows {@code indices[i]} of a dense {@code [rows, d]} table, concatenated. */
    static double[] gather(double[] table, long d, long[] indices) {
        double[] r = new double[(int) (indices.length * d)];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(table, (int) (indices[i] * d), r, (int) (i * d), (int) d);
        }
        return r;
    }

    /** Concatenation of dense parts along {@code axis}. */
    static double[] concat(List<double[]> parts, List<long[]> shapes, int axis) {
        long outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shapes.getFirst()[i];
        }
        int total = parts.stream().mapToInt(p -> p.length).sum();
        double[] r = new double[total];
        int pos = 0;
        for (long o = 0; o < outer; o++) {
            for (int p = 0; p < parts.size(); p++) {
                long[] s = shapes.get(p);
                long chunk = 1;
                for (int i = axis; i < s.length; i++) {
                    chunk *= s[i];
                }
                System.arraycopy(parts.get(p), (int) (o * chunk), r, pos, (int) chunk);
                pos += (int) chunk;
            }
        }
        return r;
    }

    /**
     * {@code v} (a value of dtype {@code from}) converted to {@code to} as {@link dev.accel.backend.Ops#cast}
     * defines it: floats to integers truncate toward zero, NaN gives 0, beyond the i64 range saturate,
     * then wrap to the narrower width; to bool, non-zero (NaN included) is 1; to f16/bf16 round to nearest even.
     */
    static double cast(double v, DType from, DType to) {
        if (to == DType.BOOL) {
            return v != 0 ? 1 : 0;
        }
        if (to.isFloatingPoint()) {
            return round(v, to);
        }
        long l = (long) v; // Java's (long) truncates, saturates and maps NaN to 0
        return switch (to) {
            case I64 -> l;
            case I32 -> (int) l;
            case I16 -> (short) l;
            case I8 -> (byte) l;
            case U8 -> l & 0xFF;
            default -> throw new IllegalStateException("unreachable: " + to);
        };
    }

    /** {@code v} rounded to nearest even in {@code dtype} (a float dtype), as a double. */
    static double round(double v, DType dtype) {
        return switch (dtype) {
            case F64 -> v;
            case F32 -> (float) v;
            case F16 -> HalfFloats.f16ToFloat(HalfFloats.doubleToF16(v));
            case BF16 -> HalfFloats.bf16ToFloat(HalfFloats.doubleToBf16(v));
            default -> throw new IllegalArgumentException(dtype + " is not a float dtype");
        };
    }
}
