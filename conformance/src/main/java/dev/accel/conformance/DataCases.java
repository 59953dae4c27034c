package dev.accel.conformance;

import dev.accel.ErrorCode;
import dev.accel.backend.OpKind;
import dev.accel.conformance.Harness.Operand;
import dev.accel.conformance.Harness.View;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Cases for the data-movement ops, defined for every dtype: gather, cast, concat and copy. All exact but casts to floats. */
final class DataCases {
    /** Values that probe the cast rules: NaN, signed zero, halves, the edges of every integer width, beyond i64, infinities. */
    private static final double[] CAST_EDGES = {Double.NaN, -0.0, 0.5, -0.5, 1.5, -2.5, 127.9, 128.5, -129.7, 255.9, 256.2, -1.0,
            32767.5, -32769.0, 65504, 65519.0, 65520, 1e-8, 3e9, -3e9, 1e10, -1e10, 1e20, -1e20, 3e38,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    private DataCases() {
    }

    static List<OpCase> gather(DType t, KitOptions o, SplittableRandom shapes) {
        record Spec(String name, long[] table, View tv, long[] idx, DType it, View iv) {
        }
        List<Spec> specs = new ArrayList<>(List.of(
                new Spec("i64 indices", new long[] {7, 5}, View.CONTIGUOUS, new long[] {3}, DType.I64, View.CONTIGUOUS),
                new Spec("rank-0 index", new long[] {7, 5}, View.CONTIGUOUS, new long[] {}, DType.I32, View.CONTIGUOUS),
                new Spec("rank-2 i32 indices", new long[] {9, 3}, View.CONTIGUOUS, new long[] {2, 3}, DType.I32, View.CONTIGUOUS),
                new Spec("no indices", new long[] {4, 3}, View.CONTIGUOUS, new long[] {0}, DType.I64, View.CONTIGUOUS),
                new Spec("table transposed", new long[] {6, 4}, View.TRANSPOSED, new long[] {5}, DType.I64, View.CONTIGUOUS),
                new Spec("table strided", new long[] {5, 7}, View.STRIDED, new long[] {4}, DType.I32, View.CONTIGUOUS),
                new Spec("indices strided", new long[] {8, 3}, View.OFFSET, new long[] {2, 5}, DType.I64, View.STRIDED),
                new Spec("indices transposed", new long[] {8, 3}, View.CONTIGUOUS, new long[] {3, 4}, DType.I32, View.TRANSPOSED)));
        if (o.largeSizes()) {
            specs.add(new Spec("embedding table 1031 x 33", new long[] {1031, 33}, View.CONTIGUOUS, new long[] {2, 64}, DType.I64, View.CONTIGUOUS));
        }
        for (int i = 0; i < o.randomCases(); i++) {
            long[] table = {1 + shapes.nextInt(20), ShapeGen.shape(shapes, 1, 1)[0]};
            specs.add(new Spec("random " + i, table, ShapeGen.view(shapes), ShapeGen.shape(shapes, 0, 3),
                    shapes.nextBoolean() ? DType.I32 : DType.I64, ShapeGen.view(shapes)));
        }
        List<OpCase> cases = new ArrayList<>();
        for (Spec s : specs) {
            String name = s.name + ": table " + Harness.describe(t, s.tv, s.table) + ", indices " + Harness.describe(s.it, s.iv, s.idx);
            cases.add(new OpCase(OpKind.GATHER, t, name, h -> {
                Operand table = h.operandIn(t, s.tv, -100, 100, s.table);
                Operand idx = h.operand(s.it, s.iv, () -> h.rng.nextLong(s.table[0]), s.idx);
                long[] indices = idx.host().toLongArray();
                double[] expected = Reference.gather(table.values(), s.table[1], indices);
                Tensor out = h.empty(t, Shapes.gather(s.table, s.idx));
                h.device.ops().gather(table.device(), idx.device(), out);
                return Comparison.of(expected, h.fetch(out), Tolerance.EXACT);
            }));
        }
        cases.add(new OpCase(OpKind.GATHER, t, "index out of range is rejected: table " + t + "[4, 3], index 4", h -> {
            Operand table = h.operand(t, View.CONTIGUOUS, 4, 3);
            Operand idx = h.operandOf(DType.I64, new double[] {1, 4}, 2);
            Tensor out = h.empty(t, 2, 3);
            return Expect.thrown(IndexOutOfBoundsException.class, () -> h.device.ops().gather(table.device(), idx.device(), out));
        }));
        return cases;
    }

    /** Casts from {@code from} to every dtype, on random values, the edge values, and a transposed view. */
    static List<OpCase> cast(DType from, KitOptions o) {
        List<OpCase> cases = new ArrayList<>();
        for (DType to : DType.values()) {
            Tolerance tol = to.isFloatingPoint() ? Tolerance.rounding(to) : Tolerance.EXACT;
            cases.add(new OpCase(OpKind.CAST, from, "random values to " + to + ": " + Harness.describe(from, View.CONTIGUOUS, new long[] {3, 17}),
                    h -> castCase(h, h.operandIn(from, View.CONTIGUOUS, -300, 300, 3, 17), to, tol)));
            cases.add(new OpCase(OpKind.CAST, from, "transposed to " + to + ": " + Harness.describe(from, View.TRANSPOSED, new long[] {5, 4}),
                    h -> castCase(h, h.operandIn(from, View.TRANSPOSED, -300, 300, 5, 4), to, tol)));
            if (from.isFloatingPoint()) {
                cases.add(new OpCase(OpKind.CAST, from, "edge values to " + to + " (NaN, -0, halves, integer edges, beyond i64, inf): "
                        + from + "[" + CAST_EDGES.length + "]", h -> castCase(h, h.operandOf(from, CAST_EDGES, CAST_EDGES.length), to, tol)));
            }
        }
        cases.add(new OpCase(OpKind.CAST, from, "rank 0 and empty to f32", h -> {
            Comparison c = castCase(h, h.operandIn(from, View.CONTIGUOUS, -3, 3), DType.F32, Tolerance.rounding(DType.F32));
            return c.passed() ? castCase(h, h.operandIn(from, View.CONTIGUOUS, -3, 3, 0, 4), DType.F32, Tolerance.rounding(DType.F32)) : c;
        }));
        if (o.largeSizes()) {
            DType to = from == DType.F32 ? DType.F16 : DType.F32;
            cases.add(new OpCase(OpKind.CAST, from, "odd size 4099 to " + to, h -> castCase(h, h.operandIn(from, View.CONTIGUOUS, -300, 300, 4099), to,
                    Tolerance.rounding(to))));
        }
        cases.add(new OpCase(OpKind.CAST, from, "wrong out shape is rejected: " + from + "[2, 3] into f32[3, 2]", h -> {
            Operand x = h.operand(from, View.CONTIGUOUS, 2, 3);
            Tensor out = h.empty(DType.F32, 3, 2);
            return Expect.error(ErrorCode.SHAPE_MISMATCH, () -> h.device.ops().cast(x.device(), out));
        }));
        return cases;
    }

    private static Comparison castCase(Harness h, Operand x, DType to, Tolerance tol) {
        DType from = x.host().dtype();
        double[] values = x.values();
        double[] expected = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            expected[i] = Reference.cast(values[i], from, to);
        }
        Tensor out = h.empty(to, x.shape());
        h.device.ops().cast(x.device(), out);
        return Comparison.of(expected, h.fetch(out), tol);
    }

    static List<OpCase> concat(DType t, KitOptions o, SplittableRandom shapes) {
        record Spec(String name, long[][] parts, View view, int axis) {
        }
        List<Spec> specs = new ArrayList<>(List.of(
                new Spec("axis 0", new long[][] {{2, 3}, {4, 3}}, View.CONTIGUOUS, 0),
                new Spec("last axis, three parts", new long[][] {{3, 2}, {3, 5}, {3, 1}}, View.CONTIGUOUS, -1),
                new Spec("middle axis", new long[][] {{2, 3, 4}, {2, 1, 4}}, View.CONTIGUOUS, 1),
                new Spec("empty part", new long[][] {{2, 0, 3}, {2, 4, 3}}, View.CONTIGUOUS, 1),
                new Spec("one part", new long[][] {{3, 5}}, View.CONTIGUOUS, 0),
                new Spec("rank 1", new long[][] {{5}, {7}}, View.CONTIGUOUS, 0),
                new Spec("transposed parts", new long[][] {{4, 3}, {4, 6}}, View.TRANSPOSED, 1),
                new Spec("strided parts", new long[][] {{3, 5}, {2, 5}}, View.STRIDED, 0),
                new Spec("stride-0 parts", new long[][] {{3, 5}, {3, 2}}, View.BROADCAST, 1)));
        if (o.largeSizes()) {
            specs.add(new Spec("odd size 1023 + 4099", new long[][] {{1023}, {4099}}, View.CONTIGUOUS, 0));
        }
        for (int i = 0; i < o.randomCases(); i++) {
            long[] s = ShapeGen.shape(shapes, 1, 4);
            int axis = shapes.nextInt(s.length);
            int n = 1 + shapes.nextInt(3);
            long[][] parts = new long[n][];
            for (int p = 0; p < n; p++) {
                parts[p] = s.clone();
                parts[p][axis] = shapes.nextInt(5);
            }
            specs.add(new Spec("random " + i, parts, ShapeGen.view(shapes), axis));
        }
        List<OpCase> cases = new ArrayList<>();
        for (Spec s : specs) {
            int axis = Shapes.axis(s.axis, s.parts[0].length);
            String name = s.name + ": " + Arrays.stream(s.parts).map(p -> Harness.describe(t, s.view, p)).toList() + " along axis " + s.axis;
            cases.add(new OpCase(OpKind.CONCAT, t, name, h -> {
                List<Operand> parts = Arrays.stream(s.parts).map(p -> h.operandIn(t, s.view, -100, 100, p)).toList();
                double[] expected = Reference.concat(parts.stream().map(Operand::values).toList(), Arrays.asList(s.parts), axis);
                Tensor out = h.empty(t, Shapes.concat(s.parts, s.axis));
                h.device.ops().concat(parts.stream().map(Operand::device).toList(), s.axis, out);
                return Comparison.of(expected, h.fetch(out), Tolerance.EXACT);
            }));
        }
        cases.add(new OpCase(OpKind.CONCAT, t, "mismatched parts are rejected: " + t + "[2, 3] and [2, 4] along axis 0", h -> {
            Operand a = h.operand(t, View.CONTIGUOUS, 2, 3);
            Operand b = h.operand(t, View.CONTIGUOUS, 2, 4);
            Tensor out = h.empty(t, 4, 3);
            return Expect.error(ErrorCode.SHAPE_MISMATCH, () -> h.device.ops().concat(List.of(a.device(), b.device()), 0, out));
        }));
        return cases;
    }

    static List<OpCase> copy(DType t, KitOptions o, SplittableRandom shapes) {
        record Spec(String name, long[] shape, View src, boolean dstTransposed) {
        }
        List<Spec> specs = new ArrayList<>(List.of(
                new Spec("rank 0", new long[] {}, View.CONTIGUOUS, false),
                new Spec("rank 1", new long[] {17}, View.CONTIGUOUS, false),
                new Spec("empty", new long[] {0, 4}, View.CONTIGUOUS, false),
                new Spec("from transposed", new long[] {5, 7}, View.TRANSPOSED, false),
                new Spec("from strided", new long[] {3, 9}, View.STRIDED, false),
                new Spec("from offset", new long[] {4, 3}, View.OFFSET, false),
                new Spec("from stride 0", new long[] {4, 6}, View.BROADCAST, false),
                new Spec("into transposed", new long[] {6, 5}, View.CONTIGUOUS, true),
                new Spec("transposed into transposed", new long[] {3, 4}, View.TRANSPOSED, true)));
        if (o.largeSizes()) {
            specs.add(new Spec("odd size 4099", new long[] {4099}, View.CONTIGUOUS, false));
        }
        for (int i = 0; i < o.randomCases(); i++) {
            long[] s = ShapeGen.shape(shapes, 0, 4);
            specs.add(new Spec("random " + i, s, ShapeGen.view(shapes), s.length >= 2 && shapes.nextBoolean()));
        }
        List<OpCase> cases = new ArrayList<>();
        for (Spec s : specs) {
            String name = s.name + ": " + Harness.describe(t, s.src, s.shape) + " into " + (s.dstTransposed ? "a transposed view" : "a dense tensor");
            cases.add(new OpCase(OpKind.COPY, t, name, h -> {
                Operand src = h.operandIn(t, s.src, -100, 100, s.shape);
                Tensor dst;
                if (s.dstTransposed) {
                    int r = s.shape.length;
                    long[] base = s.shape.clone();
                    base[r - 2] = s.shape[r - 1];
                    base[r - 1] = s.shape[r - 2];
                    dst = h.empty(t, base).transpose(r - 2, r - 1);
                } else {
                    dst = h.empty(t, s.shape);
                }
                h.device.ops().copy(src.device(), dst);
                return Comparison.of(src.values(), h.fetch(dst), Tolerance.EXACT);
            }));
        }
        cases.add(new OpCase(OpKind.COPY, t, "dtype mismatch is rejected: " + t + "[3] into " + (t == DType.F32 ? DType.I32 : DType.F32) + "[3]", h -> {
            Operand src = h.operand(t, View.CONTIGUOUS, 3);
            Tensor dst = h.empty(t == DType.F32 ? DType.I32 : DType.F32, 3);
            return Expect.error(ErrorCode.SHAPE_MISMATCH, () -> h.device.ops().copy(src.device(), dst));
        }));
        return cases;
    }
}
