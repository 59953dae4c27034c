package dev.accel.conformance;

import dev.accel.ErrorCode;
import dev.accel.backend.OpKind;
import dev.accel.backend.PreparedMatrix;
import dev.accel.conformance.Harness.Operand;
import dev.accel.conformance.Harness.View;
import dev.accel.cpu.CpuBackend;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cases for matmul: odd sizes, k = 0 and m = 0, broadcast batch axes, every view for either operand; and the same
 * shapes for matmul with a prepared right operand ({@link #preparedCases}).
 */
final class MatmulCases {
    private MatmulCases() {
    }

    /** One product's shapes and views. */
    private record Spec(String name, long[] a, View va, long[] b, View vb) {
    }

    /** The fixed edge shapes, the large ones (when asked), then {@code o.randomCases()} random ones drawn from {@code shapes}. */
    private static List<Spec> specs(KitOptions o, SplittableRandom shapes) {
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
        return specs;
    }

    static List<OpCase> cases(DType t, KitOptions o, SplittableRandom shapes) {
        List<OpCase> cases = new ArrayList<>();
        for (Spec s : specs(o, shapes)) {
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

    /**
     * Cases for {@code matmul(a, ops.prepare(b, scope), out)}: matmul's shapes and views with {@code b} cut to its
     * last two axes (a prepared matrix is rank 2; {@code a} keeps its batch axes and views), each compared with the
     * reference under matmul's tolerance and with the same device's plain {@code matmul(a, b, out)}: within that
     * tolerance, and to the bit on the reference CPU backend ({@link #sameAsPlain}). Then reuse of one prepared
     * matrix, mixed dtypes, and the errors (k mismatch, a rank-3 source).
     */
    static List<OpCase> preparedCases(DType t, KitOptions o, SplittableRandom shapes) {
        List<OpCase> cases = new ArrayList<>();
        for (Spec s : specs(o, shapes)) {
            int r = s.b.length;
            long[] b = {s.b[r - 2], s.b[r - 1]};
            String name = s.name + (r > 2 ? " (b cut to [k, n])" : "") + ": " + Harness.describe(t, s.va, s.a) + " x prepared "
                    + Harness.describe(t, s.vb, b);
            cases.add(new OpCase(OpKind.MATMUL, OpCatalog.MATMUL_PREPARED, t, name, h -> {
                Operand a = h.operand(t, s.va, s.a);
                Operand bm = h.operand(t, s.vb, b);
                return prepared(h, a, bm, t);
            }));
        }
        cases.add(new OpCase(OpKind.MATMUL, OpCatalog.MATMUL_PREPARED, t, "one prepared " + t + "[17, 9] used by two products: "
                + t + "[3, 17] and " + t + "[2, 5, 17] transposed", h -> {
            Operand bm = h.operand(t, View.CONTIGUOUS, 17, 9);
            PreparedMatrix p = h.device.ops().prepare(bm.device(), h.scope);
            Comparison first = product(h, h.operand(t, View.CONTIGUOUS, 3, 17), bm, p, t);
            return first.passed() ? product(h, h.operand(t, View.TRANSPOSED, 2, 5, 17), bm, p, t) : first;
        }));
        if (t.isFloatingPoint() && t != DType.F32) {
            cases.add(new OpCase(OpKind.MATMUL, OpCatalog.MATMUL_PREPARED, t, "mixed dtypes: " + t + "[5, 33] x prepared f32[33, 7] into f32", h -> {
                Mixed.require(h, OpKind.MATMUL, t);
                Operand a = h.operand(t, View.CONTIGUOUS, 5, 33);
                Operand bm = h.operand(DType.F32, View.CONTIGUOUS, 33, 7);
                return prepared(h, a, bm, DType.F32);
            }));
        }
        cases.add(new OpCase(OpKind.MATMUL, OpCatalog.MATMUL_PREPARED, t, "k mismatch is rejected: " + t + "[2, 3] x prepared [4, 2]", h -> {
            Operand a = h.operand(t, View.CONTIGUOUS, 2, 3);
            PreparedMatrix p = h.device.ops().prepare(h.operand(t, View.CONTIGUOUS, 4, 2).device(), h.scope);
            Tensor out = h.empty(t, 2, 2);
            return Expect.error(ErrorCode.SHAPE_MISMATCH, () -> h.device.ops().matmul(a.device(), p, out));
        }));
        cases.add(new OpCase(OpKind.MATMUL, OpCatalog.MATMUL_PREPARED, t, "prepare of a rank-3 " + t + "[2, 3, 4] is rejected (SHAPE_MISMATCH)",
                h -> Expect.error(ErrorCode.SHAPE_MISMATCH, () -> h.device.ops().prepare(h.operand(t, View.CONTIGUOUS, 2, 3, 4).device(), h.scope))));
        return cases;
    }

    /** Prepares {@code b} in the case's scope, checks what the prepared matrix says of itself, and runs one product. */
    private static Comparison prepared(Harness h, Operand a, Operand b, DType out) {
        PreparedMatrix p = h.device.ops().prepare(b.device(), h.scope);
        String bad = describes(h, p, b);
        if (!bad.isEmpty()) {
            return new Comparison(false, Double.NaN, Double.NaN, bad);
        }
        return product(h, a, b, p, out);
    }

    /** "" when {@code p} names the device, dtype and shape of its source {@code b}, else what it got wrong. */
    private static String describes(Harness h, PreparedMatrix p, Operand b) {
        if (p == null) {
            return "prepare returned null";
        }
        try {
            return describesItself(h, p, b);
        } catch (RuntimeException e) {
            StackTraceElement[] st = e.getStackTrace();
            return "asking the prepared matrix what it is (device, sourceDtype, rows, columns, preparedBytes, layout, toString) threw "
                    + e + (st.length > 0 ? " at " + st[0] : "");
        }
    }

    private static String describesItself(Harness h, PreparedMatrix p, Operand b) {
        if (p.device() != h.device) {
            return "the prepared matrix belongs to " + p.device() + ", not to " + h.device.name() + " whose ops prepared it";
        }
        if (p.sourceDtype() != b.host().dtype() || p.rows() != b.shape()[0] || p.columns() != b.shape()[1]) {
            return "the prepared matrix says " + p.sourceDtype() + "[" + p.rows() + ", " + p.columns() + "], its source is "
                    + b.host().dtype() + Shapes.format(b.shape());
        }
        if (p.preparedBytes() < 0 || p.layout() == null || p.layout().isBlank() || p.toString() == null) {
            return "the prepared matrix reports preparedBytes() = " + p.preparedBytes() + " and layout() = '" + p.layout() + "'";
        }
        return "";
    }

    /** {@code a x p} into a new tensor of {@code outType}: against the reference, then against the plain product with {@code b}. */
    private static Comparison product(Harness h, Operand a, Operand b, PreparedMatrix p, DType outType) {
        long k = b.shape()[0];
        long[] outShape = Shapes.matmul(a.shape(), b.shape());
        Tolerance tol = Tolerance.of(Tolerance.leastPrecise(a.host().dtype(), b.host().dtype(), outType), k);
        Tensor out = h.empty(outType, outShape);
        h.device.ops().matmul(a.device(), p, out);
        double[] got = h.fetch(out);
        Comparison vsReference = Comparison.of(Reference.matmul(a.values(), a.shape(), b.values(), b.shape()), got, tol);
        if (!vsReference.passed()) {
            return vsReference;
        }
        Tensor plain = h.empty(outType, outShape);
        h.device.ops().matmul(a.device(), b.device(), plain);
        String differs = sameAsPlain(h, h.fetch(plain), got, tol);
        return differs.isEmpty() ? vsReference
                : new Comparison(false, vsReference.maxAbsError(), vsReference.maxRelError(), differs);
    }

    /**
     * "" when the prepared product {@code got} equals the same device's plain product: to the bit (up to NaN payloads)
     * on the reference CPU backend, whose contract says so, within {@code tol} elsewhere.
     */
    static String sameAsPlain(Harness h, double[] plain, double[] got, Tolerance tol) {
        boolean reference = h.device.backend() instanceof CpuBackend;
        if (!reference) {
            Comparison c = Comparison.of(plain, got, tol);
            return c.passed() ? "" : "the prepared product differs from " + h.device.name() + "'s plain matmul beyond the tolerance: "
                    + c.firstMismatch();
        }
        if (plain.length != got.length) {
            return "the prepared product has " + got.length + " elements, the plain matmul " + plain.length;
        }
        for (int i = 0; i < got.length; i++) {
            if (Double.doubleToLongBits(plain[i]) != Double.doubleToLongBits(got[i])) {
                return "the prepared product differs from the plain matmul of the reference CPU backend, which must match it to the bit: element "
                        + i + ": plain " + Comparison.format(plain[i]) + " (" + Double.toHexString(plain[i]) + "), prepared "
                        + Comparison.format(got[i]) + " (" + Double.toHexString(got[i]) + ")";
            }
        }
        return "";
    }

    private static long[] concat(long[] x, long[] y) {
        long[] r = new long[x.length + y.length];
        System.arraycopy(x, 0, r, 0, x.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        return r;
    }
}
