package dev.accel.conformance;

import dev.accel.ErrorCode;
import dev.accel.backend.OpKind;
import dev.accel.conformance.Harness.Operand;
import dev.accel.conformance.Harness.View;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Cases for matmul: odd sizes, k = 0 and m = 0, broadcast batch axes, every view for either operand. */
final class MatmulCases {
    private MatmulCases() {
    }

    static List<OpCase> cases(DType t, KitOptions o, SplittableRandom shapes) {
        record Spec(String name, long[] a, View va, long[] b, View vb) {
        }
        List<Spec> specs = new ArrayList<>(List.of(
                new Spec("1 x 1", new long[] {1, 1}, View.CONTIGUOUS, new long[] {1, 1}, View.CONTIGUOUS),
                new Spec("odd sizes", new long[] {3, 17}, View.CONTIGUOUS, new long[] {17, 5}, View.CONTIGUOUS),
                new Spec("k = 0 gives zeros", new long[] {3, 0}, View.CONTIGUOUS, new long[] {0, 4}, View.CONTIGUOUS),
                new Spec("m = 0", new long[] {0, 5}, View.CONTIGUOUS, new long[] {5, 3}, View.CONTIGUOUS),
                new Spec("batch, b broadcast", new long[] {2, 3, 5}, View.CONTIGUOUS, new long[] {5, 4}, View.CONTIGUOUS),
                new Spec("batch broadcast both", new long[] {2, 1, 3, 4}, View.CONTIGUOUS, new long[] {3, 4, 5}, View.CONTIGUOUS),
                new Spec("a transposed", new long[] {7, 9}, View.TRANSPOSED, new long[] {9, 6}, View.CONTIGUOUS),
                new Spec("b transposed", new long[] {7, 9}, View.CONTIGUOUS, new long[] {9, 6}, View.TRANSPOSED),
                new Spec("a strided", new long[] {4, 9}, View.STRIDED, new long[] {9, 3}, View.CONTIGUOUS),
                new Spec("b offset", new long[] {5, 4}, View.CONTIGUOUS, new long[] {4, 6}, View.OFFSET),
                new Spec("batch stride 0", new long[] {3, 4, 5}, View.BROADCAST, new long[] {3, 5, 2}, View.CONTIGUOUS)));
        if (o.largeSizes()) {
            specs.add(new Spec("k = 1023", new long[] {3, 1023}, View.CONTIGUOUS, new long[] {1023, 5}, View.CONTIGUOUS));
            specs.add(new Spec("blocked 65 x 67 x 63", new long[] {65, 67}, View.CONTIGUOUS, new long[] {67, 63}, View.CONTIGUOUS));
            specs.add(new Spec("attention-like [2, 4, 33, 16] x [2, 4, 16, 33]^T", new long[] {2, 4, 33, 16}, View.CONTIGUOUS,
                    new long[] {2, 4, 16, 33}, View.TRANSPOSED));
        }
        for (int i = 0; i < o.randomCases(); i++) {
            long[] batch = ShapeGen.shape(shapes, 0, 2);
            long[] mk = ShapeGen.shape(shapes, 2, 2);
            long n = ShapeGen.shape(shapes, 1, 1)[0];
            long[] a = concat(batch, mk);
            long[] b = concat(ShapeGen.broadcastPartner(shapes, batch), new long[] {mk[1], n});
            specs.add(new Spec("random " + i, a, ShapeGen.view(shapes), b, ShapeGen.view(shapes)));
        }
        List<OpCase> cases = new ArrayList<>();
        for (Spec s : specs) {
            long k = s.a[s.a.length - 1];
            String name = s.name + ": " + Harness.describe(t, s.va, s.a) + " x " + Harness.describe(t, s.vb, s.b);
            cases.add(new OpCase(OpKind.MATMUL, t, name, h -> {
                Operand a = h.operand(t, s.va, s.a);
                Operand b = h.operand(t, s.vb, s.b);
                double[] expected = Reference.matmul(a.values(), s.a, b.values(), s.b);
                Tensor out = h.empty(t, Shapes.matmul(s.a, s.b));
                h.device.ops().matmul(a.device(), b.device(), out);
                return Comparison.of(expected, h.fetch(out), Tolerance.of(t, k));
            }));
        }
        if (t.isFloatingPoint() && t != DType.F32) {
            cases.add(new OpCase(OpKind.MATMUL, t, "mixed dtypes: " + t + "[5, 33] x f32[33, 7] into f32", h -> {
                Mixed.require(h, OpKind.MATMUL, t);
                Operand a = h.operand(t, View.CONTIGUOUS, 5, 33);
                Operand b = h.operand(DType.F32, View.CONTIGUOUS, 33, 7);
                double[] expected = Reference.matmul(a.values(), a.shape(), b.values(), b.shape());
                Tensor out = h.empty(DType.F32, 5, 7);
                h.device.ops().matmul(a.device(), b.device(), out);
                return Comparison.of(expected, h.fetch(out), Tolerance.of(Tolerance.leastPrecise(t, DType.F32), 33));
            }));
        }
        cases.add(new OpCase(OpKind.MATMUL, t, "k mismatch is rejected: " + t + "[2, 3] x [4, 2]", h -> {
            Operand a = h.operand(t, View.CONTIGUOUS, 2, 3);
            Operand b = h.operand(t, View.CONTIGUOUS, 4, 2);
            Tensor out = h.empty(t, 2, 2);
            return Expect.error(ErrorCode.SHAPE_MISMATCH, () -> h.device.ops().matmul(a.device(), b.device(), out));
        }));
        return cases;
    }

    private static long[] concat(long[] x, long[] y) {
        long[] r = new long[x.length + y.length];
        System.arraycopy(x, 0, r, 0, x.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        return r;
    }
}
