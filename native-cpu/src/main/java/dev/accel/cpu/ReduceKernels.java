package dev.accel.cpu;

import dev.accel.backend.ReduceOp;
import dev.accel.tensor.DType;
import dev.accel.tensor.Elements;
import dev.accel.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

import static dev.accel.cpu.ElementwiseKernels.F32;
import static dev.accel.cpu.ElementwiseKernels.ORDER;

/**
 * Reductions over one axis. Every output element reduces a strided line of the input; lines of f32 with
 * stride 1 (the last axis of a contiguous tensor) run on the Vector API with f32 lane accumulators, other
 * lines accumulate in float64. MAX propagates NaN ({@link Math#max} semantics).
 * Callers have checked dtypes and shapes (and that MAX has a non-empty axis).
 */
final class ReduceKernels {
    private static final VectorSpecies<Float> S = ElementwiseKernels.SPECIES;

    private ReduceKernels() {
    }

    /** Reduces {@code axis} of {@code x} into {@code out}, whose shape is {@code x}'s without that axis. */
    static void reduce(ReduceOp op, Tensor x, int axis, Tensor outRemoved) {
        long[] xShape = x.shape();
        long[] xStrides = x.strides();
        int r = xShape.length;
        long[] shape = new long[r - 1];
        long[] xs = new long[r - 1];
        for (int i = 0, j = 0; i < r; i++) {
            if (i != axis) {
                shape[j] = xShape[i];
                xs[j++] = xStrides[i];
            }
        }
        Layout l = Layout.of(shape, xs, outRemoved.strides());
        if (l.numel == 0) {
            return;
        }
        long n = xShape[axis];
        long step = xStrides[axis];
        long[] base = {x.offset(), outRemoved.offset()};
        MemorySegment xseg = x.memory().hostSegment();
        MemorySegment oseg = outRemoved.memory().hostSegment();
        DType xt = x.dtype();
        DType ot = outRemoved.dtype();
        boolean fast = xt == DType.F32 && (step == 1 || n <= 1);
        CpuParallel.forRange(l.numel, Math.max(1, n), CpuParallel.shareable(x, outRemoved), (from, to) -> l.forSpans(from, to, base, (off, len) -> {
            for (long j = 0; j < len; j++) {
                long xo = off[0] + j * l.innerStride(0);
                double v = fast ? lineF32(op, xseg, xo * 4, n) : line(op, xseg, xt, xo, step, n);
                Elements.setDouble(oseg, (off[1] + j * l.innerStride(1)) * ot.byteSize(), ot, v);
            }
        }));
    }

    private static double line(ReduceOp op, MemorySegment s, DType t, long off, long step, long n) {
        int size = t.byteSize();
        if (op == ReduceOp.MAX) {
            double m = Double.NEGATIVE_INFINITY;
            for (long i = 0; i < n; i++) {
                m = Math.max(m, Elements.getDouble(s, (off + i * step) * size, t));
            }
            return m;
        }
        double sum = 0;
        for (long i = 0; i < n; i++) {
            sum += Elements.getDouble(s, (off + i * step) * size, t);
        }
        return op == ReduceOp.MEAN ? sum / n : sum;
    }

    /** A contiguous f32 line at byte offset {@code xo}. */
    private static double lineF32(ReduceOp op, MemorySegment s, long xo, long n) {
        int lanes = S.length();
        long bound = n - n % lanes;
        long i = 0;
        if (op == ReduceOp.MAX) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; i < bound; i += lanes) {
                acc = acc.max(FloatVector.fromMemorySegment(S, s, xo + 4 * i, ORDER));
            }
            float m = acc.reduceLanes(VectorOperators.MAX);
            for (; i < n; i++) {
                m = Math.max(m, s.get(F32, xo + 4 * i));
            }
            return m;
        }
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        long bound2 = n - n % (2L * lanes);
        for (; i < bound2; i += 2L * lanes) {
            acc0 = acc0.add(FloatVector.fromMemorySegment(S, s, xo + 4 * i, ORDER));
            acc1 = acc1.add(FloatVector.fromMemorySegment(S, s, xo + 4 * (i + lanes), ORDER));
        }
        for (; i < bound; i += lanes) {
            acc0 = acc0.add(FloatVector.fromMemorySegment(S, s, xo + 4 * i, ORDER));
        }
        double sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += s.get(F32, xo + 4 * i);
        }
        return op == ReduceOp.MEAN ? sum / n : sum;
    }
}
