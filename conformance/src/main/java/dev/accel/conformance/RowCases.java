package dev.accel.conformance;

import dev.accel.ErrorCode;
import dev.accel.backend.OpKind;
import dev.accel.backend.ReduceOp;
import dev.accel.conformance.Harness.Operand;
import dev.accel.conformance.Harness.View;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Cases for the ops over the last axis (softmax, layer norm, RMS norm) and the reductions over one axis. */
final class RowCases {
    private static final double EPS = 1e-5;

    private RowCases() {
    }

    private record Spec(String name, long[] shape, View view, View paramView, double lo, double hi) {
    }

    private static List<Spec> rowSpecs(KitOptions o, SplittableRandom shapes) {
        List<Spec> specs = new ArrayList<>(List.of(
                new Spec("rank 1", new long[] {17}, View.CONTIGUOUS, View.CONTIGUOUS, -2, 2),
                new Spec("size 1", new long[] {1}, View.CONTIGUOUS, View.CONTIGUOUS, -2, 2),
                new Spec("rows", new long[] {3, 17}, View.CONTIGUOUS, View.CONTIGUOUS, -2, 2),
                new Spec("no rows", new long[] {0, 5}, View.CONTIGUOUS, View.CONTIGUOUS, -2, 2),
                new Spec("transposed", new long[] {5, 7}, View.TRANSPOSED, View.CONTIGUOUS, -2, 2),
                new Spec("strided", new long[] {3, 9}, View.STRIDED, View.STRIDED, -2, 2),
                new Spec("offset", new long[] {4, 6}, View.OFFSET, View.OFFSET, -2, 2),
                new Spec("stride 0", new long[] {3, 8}, View.BROADCAST, View.CONTIGUOUS, -2, 2),
                new Spec("rank 3", new long[] {2, 3, 5}, View.CONTIGUOUS, View.CONTIGUOUS, -2, 2),
                new Spec("large values", new long[] {2, 9}, View.CONTIGUOUS, View.CONTIGUOUS, 80, 90)));
        if (o.largeSizes()) {
            specs.add(new Spec("BERT width 384", new long[] {4, 384}, View.CONTIGUOUS, View.CONTIGUOUS, -2, 2));
            specs.add(new Spec("odd size 2 x 4099", new long[] {2, 4099}, View.CONTIGUOUS, View.CONTIGUOUS, -2, 2));
        }
        for (int i = 0; i < o.randomCases(); i++) {
            long[] s = ShapeGen.shape(shapes, 1, 4);
            if (s[s.length - 1] == 0) {
                s[s.length - 1] = 3; // rows of no elements have no mean; leave empty tensors to the leading axes
            }
            specs.add(new Spec("random " + i, s, ShapeGen.view(shapes), ShapeGen.view(shapes), -2, 2));
        }
        return specs;
    }

    static List<OpCase> softmax(DType t, KitOptions o, SplittableRandom shapes) {
        List<OpCase> cases = new ArrayList<>();
        for (Spec s : rowSpecs(o, shapes)) {
            long d = s.shape[s.shape.length - 1];
            double lo = s.lo == -2 ? -5 : s.lo;
            double hi = s.lo == -2 ? 5 : s.hi;
            cases.add(new OpCase(OpKind.SOFTMAX, t, s.name + ": softmax " + Harness.describe(t, s.view, s.shape), h -> {
                Operand x = h.operandIn(t, s.view, lo, hi, s.shape);
                double[] expected = Reference.softmax(x.values(), d);
                Tensor out = h.empty(t, s.shape);
                h.device.ops().softmax(x.device(), out);
                return Comparison.of(expected, h.fetch(out), Tolerance.of(t, d));
            }));
        }
        cases.add(new OpCase(OpKind.SOFTMAX, t, "wrong out shape is rejected: softmax " + t + "[2, 3] into [3, 2]", h -> {
            Operand x = h.operand(t, View.CONTIGUOUS, 2, 3);
            Tensor out = h.empty(t, 3, 2);
            return Expect.error(ErrorCode.SHAPE_MISMATCH, () -> h.device.ops().softmax(x.device(), out));
        }));
        return cases;
    }

    static List<OpCase> norm(OpKind kind, DType t, KitOptions o, SplittableRandom shapes) {
        boolean layer = kind == OpKind.LAYER_NORM;
        String label = layer ? "layer_norm" : "rms_norm";
        List<Spec> specs = new ArrayList<>(rowSpecs(o, shapes));
        specs.add(new Spec("gamma broadcast [1]", new long[] {3, 7}, View.CONTIGUOUS, null, -2, 2));
        List<OpCase> cases = new ArrayList<>();
        for (Spec s : specs) {
            long d = s.shape[s.shape.length - 1];
            long[] pShape = s.paramView == null ? new long[] {1} : new long[] {d};
            View pView = s.paramView == null ? View.CONTIGUOUS : s.paramView;
            String name = s.name + ": " + label + " " + Harness.describe(t, s.view, s.shape) + ", gamma " + Harness.describe(t, pView, pShape);
            cases.add(new OpCase(kind, t, name, h -> {
                Operand x = h.operandIn(t, s.view, s.lo, s.hi, s.shape);
                Operand gamma = h.operandIn(t, pView, 0.5, 1.5, pShape);
                Operand beta = h.operandIn(t, pView, -0.5, 0.5, pShape);
                Tensor out = h.empty(t, s.shape);
                double[] expected;
                if (layer) {
                    expected = Reference.layerNorm(x.values(), d, gamma.values(), beta.values(), EPS);
                    h.device.ops().layerNorm(x.device(), gamma.device(), beta.device(), EPS, out);
                } else {
                    expected = Reference.rmsNorm(x.values(), d, gamma.values(), EPS);
                    h.device.ops().rmsNorm(x.device(), gamma.device(), EPS, out);
                }
                Tolerance tol = Tolerance.of(t, d);
                return Comparison.of(expected, h.fetch(out), layer ? tol.scaled(condition(x.values(), d)) : tol);
            }));
        }
        cases.add(new OpCase(kind, t, "gamma of the wrong length is rejected: " + label + " " + t + "[2, 5], gamma [4]", h -> {
            Operand x = h.operand(t, View.CONTIGUOUS, 2, 5);
            Operand g = h.operand(t, View.CONTIGUOUS, 4);
            Tensor out = h.empty(t, 2, 5);
            return Expect.error(ErrorCode.SHAPE_MISMATCH, () -> {
                if (layer) {
                    h.device.ops().layerNorm(x.device(), g.device(), g.device(), EPS, out);
                } else {
                    h.device.ops().rmsNorm(x.device(), g.device(), EPS, out);
                }
            });
        }));
        return cases;
    }

    /** The largest {@code max |x| / std(x)} over the rows (at least 1): how much centring a row amplifies rounding errors. */
    static double condition(double[] x, long d) {
        double worst = 1;
        for (int row = 0; row + d <= x.length && d > 0; row += (int) d) {
            double mean = 0;
            double max = 0;
            for (int i = 0; i < d; i++) {
                mean += x[row + i];
                max = Math.max(max, Math.abs(x[row + i]));
            }
            mean /= d;
            double var = 0;
            for (int i = 0; i < d; i++) {
                var += (x[row + i] - mean) * (x[row + i] - mean);
            }
            double std = Math.sqrt(var / d + EPS);
            worst = Math.max(worst, max / std);
        }
        return worst;
    }

    static List<OpCase> reduce(ReduceOp op, DType t, KitOptions o, SplittableRandom shapes) {
        record Spec(String name, long[] shape, View view, int axis, boolean keep) {
        }
        List<Spec> specs = new ArrayList<>(List.of(
                new Spec("rank 1 to rank 0", new long[] {17}, View.CONTIGUOUS, 0, false),
                new Spec("size 1", new long[] {1}, View.CONTIGUOUS, 0, true),
                new Spec("last axis", new long[] {3, 17}, View.CONTIGUOUS, -1, false),
                new Spec("first axis kept", new long[] {3, 17}, View.CONTIGUOUS, 0, true),
                new Spec("middle axis", new long[] {4, 5, 6}, View.CONTIGUOUS, 1, false),
                new Spec("transposed", new long[] {5, 7}, View.TRANSPOSED, 1, false),
                new Spec("strided", new long[] {3, 9}, View.STRIDED, 1, true),
                new Spec("offset", new long[] {4, 6}, View.OFFSET, 0, false),
                new Spec("stride 0", new long[] {4, 6}, View.BROADCAST, 0, false),
                new Spec("empty outer", new long[] {0, 5}, View.CONTIGUOUS, 1, false)));
        if (op != ReduceOp.MAX) {
            specs.add(new Spec("empty axis", new long[] {5, 0}, View.CONTIGUOUS, 1, false));
        }
        if (o.largeSizes()) {
            specs.add(new Spec("odd size 3 x 4099", new long[] {3, 4099}, View.CONTIGUOUS, 1, false));
            specs.add(new Spec("odd size 1023 x 3 over axis 0", new long[] {1023, 3}, View.CONTIGUOUS, 0, false));
        }
        for (int i = 0; i < o.randomCases(); i++) {
            long[] s = ShapeGen.shape(shapes, 1, 4);
            int axis = shapes.nextInt(s.length);
            if (op == ReduceOp.MAX && s[axis] == 0) {
                s[axis] = 2;
            }
            specs.add(new Spec("random " + i, s, ShapeGen.view(shapes), axis, shapes.nextBoolean()));
        }
        String label = op.name().toLowerCase();
        List<OpCase> cases = new ArrayList<>();
        for (Spec s : specs) {
            int axis = Shapes.axis(s.axis, s.shape.length);
            long[] outShape = Shapes.reduce(s.shape, axis, s.keep);
            String name = s.name + ": " + label + " over axis " + s.axis + (s.keep ? " (kept)" : "") + " of " + Harness.describe(t, s.view, s.shape);
            cases.add(new OpCase(op.kind(), t, name, h -> {
                Operand x = h.operandIn(t, s.view, -2, 2, s.shape);
                double[] expected = Reference.reduce(op, x.values(), s.shape, axis);
                Tensor out = h.empty(t, outShape);
                h.device.ops().reduce(op, x.device(), s.axis, out);
                return Comparison.of(expected, h.fetch(out), Tolerance.of(t, s.shape[axis]));
            }));
        }
        if (op == ReduceOp.MAX) {
            cases.add(new OpCase(op.kind(), t, "max over an empty axis is rejected: " + t + "[5, 0] over axis 1", h -> {
                Operand x = h.operand(t, View.CONTIGUOUS, 5, 0);
                Tensor out = h.empty(t, 5);
                return Expect.error(ErrorCode.INVALID_ARGUMENT, () -> h.device.ops().reduce(op, x.device(), 1, out));
            }));
        }
        cases.add(new OpCase(op.kind(), t, "wrong out shape is rejected: " + label + " over axis 1 of " + t + "[2, 3] into [3]", h -> {
            Operand x = h.operand(t, View.CONTIGUOUS, 2, 3);
            Tensor out = h.empty(t, 3);
            return Expect.error(ErrorCode.SHAPE_MISMATCH, () -> h.device.ops().reduce(op, x.device(), 1, out));
        }));
        return cases;
    }
}
