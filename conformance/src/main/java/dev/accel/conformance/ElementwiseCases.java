package dev.accel.conformance;

import dev.accel.ErrorCode;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.OpKind;
import dev.accel.backend.UnaryOp;
import dev.accel.conformance.Harness.Operand;
import dev.accel.conformance.Harness.View;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Cases for the elementwise ops: binary (with broadcasting), unary and scale. */
final class ElementwiseCases {
    private ElementwiseCases() {
    }

    static List<OpCase> binary(BinaryOp op, DType t, KitOptions o, SplittableRandom shapes) {
        List<OpCase> cases = new ArrayList<>();
        double lo = op == BinaryOp.DIV ? 0.5 : -1;
        double hi = op == BinaryOp.DIV ? 2 : 1;
        record Spec(String name, long[] a, View va, long[] b, View vb, boolean inPlace) {
        }
        List<Spec> specs = new ArrayList<>(List.of(
                new Spec("rank 0", new long[] {}, View.CONTIGUOUS, new long[] {}, View.CONTIGUOUS, false),
                new Spec("rank 1", new long[] {17}, View.CONTIGUOUS, new long[] {17}, View.CONTIGUOUS, false),
                new Spec("size 1", new long[] {1}, View.CONTIGUOUS, new long[] {1}, View.CONTIGUOUS, false),
                new Spec("empty", new long[] {0, 3}, View.CONTIGUOUS, new long[] {0, 3}, View.CONTIGUOUS, false),
                new Spec("empty broadcast", new long[] {0, 3}, View.CONTIGUOUS, new long[] {3}, View.CONTIGUOUS, false),
                new Spec("broadcast both", new long[] {3, 1, 5}, View.CONTIGUOUS, new long[] {4, 1}, View.CONTIGUOUS, false),
                new Spec("broadcast scalar", new long[] {2, 3}, View.CONTIGUOUS, new long[] {}, View.CONTIGUOUS, false),
                new Spec("broadcast row", new long[] {5, 7}, View.CONTIGUOUS, new long[] {7}, View.CONTIGUOUS, false),
                new Spec("transposed", new long[] {5, 7}, View.TRANSPOSED, new long[] {5, 7}, View.CONTIGUOUS, false),
                new Spec("strided", new long[] {4, 9}, View.CONTIGUOUS, new long[] {4, 9}, View.STRIDED, false),
                new Spec("offset", new long[] {3, 5}, View.OFFSET, new long[] {3, 5}, View.OFFSET, false),
                new Spec("stride 0", new long[] {4, 6}, View.BROADCAST, new long[] {4, 6}, View.TRANSPOSED, false),
                new Spec("in place", new long[] {3, 17}, View.CONTIGUOUS, new long[] {17}, View.CONTIGUOUS, true),
                new Spec("in place strided", new long[] {3, 9}, View.STRIDED, new long[] {3, 9}, View.CONTIGUOUS, true)));
        if (o.largeSizes()) {
            specs.add(new Spec("odd size 1023", new long[] {1023}, View.CONTIGUOUS, new long[] {1023}, View.CONTIGUOUS, false));
            specs.add(new Spec("odd size 4099 x 3", new long[] {3, 4099}, View.CONTIGUOUS, new long[] {3, 1}, View.CONTIGUOUS, false));
        }
        for (int i = 0; i < o.randomCases(); i++) {
            long[] a = ShapeGen.shape(shapes, 0, 4);
            long[] b = ShapeGen.broadcastPartner(shapes, a);
            boolean swap = shapes.nextBoolean();
            specs.add(new Spec("random " + i, swap ? b : a, ShapeGen.view(shapes), swap ? a : b, ShapeGen.view(shapes), false));
        }
        for (Spec s : specs) {
            String name = s.name + ": " + Harness.describe(t, s.va, s.a) + " " + op.name().toLowerCase() + " " + Harness.describe(t, s.vb, s.b)
                    + (s.inPlace ? " into a" : "");
            cases.add(new OpCase(op.kind(), t, name, h -> {
                Operand a = h.operandIn(t, s.va, lo, hi, s.a);
                Operand b = h.operandIn(t, s.vb, lo, hi, s.b);
                double[] expected = Reference.binary(op, a.values(), s.a, b.values(), s.b);
                Tensor out = s.inPlace ? a.device() : h.empty(t, Shapes.broadcast(s.a, s.b));
                h.device.ops().binary(op, a.device(), b.device(), out);
                return Comparison.of(expected, h.fetch(out), Tolerance.of(t, 1));
            }));
        }
        if (t.isFloatingPoint() && t != DType.F32) {
            cases.add(new OpCase(op.kind(), t, "mixed dtypes: " + t + "[3, 17] " + op.name().toLowerCase() + " f32[17] into f32", h -> {
                Mixed.require(h, op.kind(), t);
                Operand a = h.operandIn(t, View.CONTIGUOUS, lo, hi, 3, 17);
                Operand b = h.operandIn(DType.F32, View.CONTIGUOUS, lo, hi, 17);
                double[] expected = Reference.binary(op, a.values(), a.shape(), b.values(), b.shape());
                Tensor out = h.empty(DType.F32, 3, 17);
                h.device.ops().binary(op, a.device(), b.device(), out);
                return Comparison.of(expected, h.fetch(out), Tolerance.of(Tolerance.leastPrecise(t, DType.F32), 1));
            }));
        }
        cases.add(new OpCase(op.kind(), t, "wrong out shape is rejected: " + t + "[2, 3] and [2, 3] into [3, 2]", h -> {
            Operand a = h.operand(t, View.CONTIGUOUS, 2, 3);
            Tensor out = h.empty(t, 3, 2);
            return Expect.error(ErrorCode.SHAPE_MISMATCH, () -> h.device.ops().binary(op, a.device(), a.device(), out));
        }));
        return cases;
    }

    /** Input range where each unary op is interesting and well-conditioned. */
    private static double range(UnaryOp op) {
        return switch (op) {
            case EXP, GELU_ERF, GELU_TANH -> 5;
            case TANH -> 4;
            case SILU -> 8;
            case RELU -> 1;
        };
    }

    static List<OpCase> unary(UnaryOp op, DType t, KitOptions o, SplittableRandom shapes) {
        double r = range(op);
        return unaryLike(op.kind(), t, o, shapes, op.name().toLowerCase(), -r, r, (h, x, out) -> h.device.ops().unary(op, x, out),
                x -> Reference.unary(op, x));
    }

    static List<OpCase> scale(DType t, KitOptions o, SplittableRandom shapes) {
        double factor = -2.375;
        return unaryLike(OpKind.SCALE, t, o, shapes, "scale by " + factor, -4, 4, (h, x, out) -> h.device.ops().scale(x, factor, out),
                x -> Reference.scale(x, factor));
    }

    interface Call {
        void run(Harness h, Tensor x, Tensor out);
    }

    private static List<OpCase> unaryLike(OpKind kind, DType t, KitOptions o, SplittableRandom shapes, String label, double lo, double hi,
                                          Call call, java.util.function.UnaryOperator<double[]> reference) {
        record Spec(String name, long[] shape, View view, boolean inPlace) {
        }
        List<Spec> specs = new ArrayList<>(List.of(
                new Spec("rank 0", new long[] {}, View.CONTIGUOUS, false),
                new Spec("rank 1", new long[] {17}, View.CONTIGUOUS, false),
                new Spec("empty", new long[] {3, 0}, View.CONTIGUOUS, false),
                new Spec("transposed", new long[] {5, 7}, View.TRANSPOSED, false),
                new Spec("strided", new long[] {3, 9}, View.STRIDED, false),
                new Spec("offset", new long[] {4, 3}, View.OFFSET, false),
                new Spec("stride 0", new long[] {4, 5}, View.BROADCAST, false),
                new Spec("in place", new long[] {3, 17}, View.CONTIGUOUS, true),
                new Spec("in place offset", new long[] {2, 5}, View.OFFSET, true)));
        if (o.largeSizes()) {
            specs.add(new Spec("odd size 1023", new long[] {1023}, View.CONTIGUOUS, false));
            specs.add(new Spec("odd size 2 x 4099", new long[] {2, 4099}, View.CONTIGUOUS, false));
        }
        for (int i = 0; i < o.randomCases(); i++) {
            specs.add(new Spec("random " + i, ShapeGen.shape(shapes, 0, 4), ShapeGen.view(shapes), false));
        }
        List<OpCase> cases = new ArrayList<>();
        for (Spec s : specs) {
            String name = s.name + ": " + label + " " + Harness.describe(t, s.view, s.shape) + (s.inPlace ? " in place" : "");
            cases.add(new OpCase(kind, t, name, h -> {
                Operand x = h.operandIn(t, s.view, lo, hi, s.shape);
                double[] expected = reference.apply(x.values());
                Tensor out = s.inPlace ? x.device() : h.empty(t, s.shape);
                call.run(h, x.device(), out);
                return Comparison.of(expected, h.fetch(out), Tolerance.of(t, 1));
            }));
        }
        cases.add(new OpCase(kind, t, "wrong out shape is rejected: " + label + " " + t + "[2, 3] into [6]", h -> {
            Operand x = h.operand(t, View.CONTIGUOUS, 2, 3);
            Tensor out = h.empty(t, 6);
            return Expect.error(ErrorCode.SHAPE_MISMATCH, () -> call.run(h, x.device(), out));
        }));
        return cases;
    }
}
