package dev.accel.cpu;

import dev.accel.backend.BinaryOp;
import dev.accel.backend.UnaryOp;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Random;

import static dev.accel.cpu.TestSupport.assertClose;
import static dev.accel.cpu.TestSupport.describe;
import static dev.accel.cpu.TestSupport.ops;
import static dev.accel.cpu.TestSupport.roundTo;
import static dev.accel.cpu.TestSupport.tol;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Binary, unary and scale against float64 loops over {@link BinaryOp#apply} / {@link UnaryOp#apply}. */
class ElementwiseOpsTest {
    private static final long[] SIZES = {1, 2, 3, 7, 33, 1, 5, 0, 257};
    private static final DType[][] DTYPES = { // a, b, out
        {DType.F32, DType.F32, DType.F32}, {DType.F64, DType.F64, DType.F64}, {DType.F16, DType.F16, DType.F16},
        {DType.BF16, DType.BF16, DType.BF16}, {DType.F16, DType.F32, DType.F32}, {DType.F32, DType.BF16, DType.F64},
    };

    /** A random shape of rank 0..4 with at most about 20000 elements. */
    static long[] randomShape(Random rnd, int maxRank) {
        while (true) {
            long[] s = new long[rnd.nextInt(maxRank + 1)];
            for (int i = 0; i < s.length; i++) {
                s[i] = SIZES[rnd.nextInt(rnd.nextInt(10) == 0 ? SIZES.length : SIZES.length - 2)];
            }
            long n = 1;
            for (long d : s) {
                n *= d;
            }
            if (n <= 20000) {
                return s;
            }
        }
    }

    /** {@code out}'s shape reduced for an operand: some leading axes dropped, some axes set to 1. */
    static long[] broadcastSource(Random rnd, long[] out) {
        int drop = rnd.nextInt(3) == 0 ? rnd.nextInt(out.length + 1) : 0;
        long[] s = Arrays.copyOfRange(out, drop, out.length);
        for (int i = 0; i < s.length; i++) {
            if (rnd.nextInt(4) == 0) {
                s[i] = 1;
            }
        }
        return s;
    }

    static TestSupport.Layout randomLayout(Random rnd) {
        return TestSupport.Layout.values()[rnd.nextInt(3)];
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryMatchesReferenceOnRandomShapesLayoutsAndDtypes(BinaryOp op) {
        Random rnd = new Random(op.ordinal() * 31L + 7);
        for (DType[] types : DTYPES) {
            for (int c = 0; c < 40; c++) {
                long[] full = randomShape(rnd, 4);
                long[] aShape = c % 3 == 0 ? full : broadcastSource(rnd, full);
                long[] bShape = c % 3 == 1 ? full : broadcastSource(rnd, full);
                long[] outShape = Shapes.broadcast(aShape, bShape);
                try (MemoryScope s = MemoryScope.confined()) {
                    Tensor a = TestSupport.random(s, rnd, types[0], randomLayout(rnd), aShape);
                    Tensor b = TestSupport.random(s, rnd, types[1], randomLayout(rnd), bShape);
                    if (op == BinaryOp.DIV) {
                        awayFromZero(b);
                    }
                    Tensor out = TestSupport.empty(s, types[2], randomLayout(rnd), outShape);
                    ops().binary(op, a, b, out);
                    assertClose(expectBinary(op, a, b, outShape, types[2]), out, tol(types), 1, op + " " + describe(a) + " , " + describe(b));
                }
            }
        }
    }

    static double[] expectBinary(BinaryOp op, Tensor a, Tensor b, long[] outShape, DType outType) {
        double[] av = a.expand(outShape).toDoubleArray();
        double[] bv = b.expand(outShape).toDoubleArray();
        double[] want = new double[av.length];
        for (int i = 0; i < want.length; i++) {
            want[i] = op.apply(av[i], bv[i]);
        }
        return roundTo(outType, want);
    }

    /** Moves every value to at least 0.5 in magnitude, so that quotients stay in range. */
    static void awayFromZero(Tensor b) {
        double[] v = b.toDoubleArray();
        long[] idx = new long[b.rank()];
        long[] shape = b.shape();
        for (double x : v) {
            b.setDouble(Math.copySign(Math.abs(x) + 0.5, x), idx);
            for (int d = idx.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }

    @Test
    void binaryFastPathShapes() {
        Random rnd = new Random(3);
        long[][][] cases = { // a, b, out
            {{257}, {257}, {257}}, {{257}, {}, {257}}, {{}, {257}, {257}}, {{7, 33}, {33}, {7, 33}}, {{7, 1}, {7, 33}, {7, 33}},
            {{}, {}, {}}, {{1}, {1}, {1}}, {{0, 5}, {5}, {0, 5}}, {{3, 1, 5}, {1, 4, 1}, {3, 4, 5}},
        };
        for (BinaryOp op : BinaryOp.values()) {
            for (long[][] c : cases) {
                try (MemoryScope s = MemoryScope.confined()) {
                    Tensor a = TestSupport.random(s, rnd, DType.F32, TestSupport.Layout.CONTIGUOUS, c[0]);
                    Tensor b = TestSupport.random(s, rnd, DType.F32, TestSupport.Layout.CONTIGUOUS, c[1]);
                    awayFromZero(b);
                    Tensor out = Tensor.zeros(s, DType.F32, c[2]);
                    ops().binary(op, a, b, out);
                    assertClose(expectBinary(op, a, b, c[2], DType.F32), out, 1e-6, 1, op + " " + Arrays.deepToString(c));
                }
            }
        }
    }

    @Test
    void binaryInPlaceAndExpandedViews() {
        Random rnd = new Random(5);
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor a = TestSupport.random(s, rnd, DType.F32, TestSupport.Layout.CONTIGUOUS, 9, 17);
            Tensor row = TestSupport.random(s, rnd, DType.F32, TestSupport.Layout.CONTIGUOUS, 17);
            double[] want = expectBinary(BinaryOp.ADD, a, row, a.shape(), DType.F32);
            ops().binary(BinaryOp.ADD, a, row.expand(9, 17), a); // in place, the row as a stride-0 view
            assertClose(want, a, 1e-6, 1, "in-place add of an expanded row");
        }
    }

    @Test
    void largeBinaryUsesBothCoresAndIsExact() {
        Random rnd = new Random(11);
        try (MemoryScope s = MemoryScope.shared()) {
            int n = 1 << 20;
            Tensor a = TestSupport.random(s, rnd, DType.F32, TestSupport.Layout.CONTIGUOUS, n);
            Tensor b = TestSupport.random(s, rnd, DType.F32, TestSupport.Layout.CONTIGUOUS, n);
            Tensor out = Tensor.zeros(s, DType.F32, n);
            ops().binary(BinaryOp.ADD, a, b, out);
            float[] av = a.toFloatArray();
            float[] bv = b.toFloatArray();
            float[] ov = out.toFloatArray();
            for (int i = 0; i < n; i++) {
                if (ov[i] != av[i] + bv[i]) {
                    throw new AssertionError("element " + i + ": " + ov[i] + " != " + av[i] + " + " + bv[i]);
                }
            }
            Tensor m = TestSupport.random(s, rnd, DType.F32, TestSupport.Layout.TRANSPOSED, 1024, 1024);
            Tensor col = TestSupport.random(s, rnd, DType.F32, TestSupport.Layout.CONTIGUOUS, 1024, 1);
            Tensor o2 = Tensor.zeros(s, DType.F32, 1024, 1024);
            ops().binary(BinaryOp.MUL, m, col, o2);
            assertClose(expectBinary(BinaryOp.MUL, m, col, o2.shape(), DType.F32), o2, 1e-7, 0, "strided large mul");
        }
    }

    private static final double[] SPECIALS = {0, -0.0, 1, -1, 0.5, -0.5, 3, -3, 10, -10, 20, -20, 80, -80, 100, -100,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-3, -1e-3};

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesReferenceIncludingSpecialValues(UnaryOp op) {
        Random rnd = new Random(op.ordinal() + 100);
        for (DType[] types : DTYPES) {
            for (int c = 0; c < 30; c++) {
                long[] shape = c == 0 ? new long[] {SPECIALS.length} : randomShape(rnd, 3);
                try (MemoryScope s = MemoryScope.confined()) {
                    Tensor x = TestSupport.random(s, rnd, types[0], c == 0 ? TestSupport.Layout.CONTIGUOUS : randomLayout(rnd), shape);
                    if (c == 0) {
                        for (int i = 0; i < SPECIALS.length; i++) {
                            x.setDouble(SPECIALS[i], i);
                        }
                    }
                    Tensor out = TestSupport.empty(s, types[2], c == 0 ? TestSupport.Layout.CONTIGUOUS : randomLayout(rnd), shape);
                    ops().unary(op, x, out);
                    double[] xv = x.toDoubleArray();
                    double[] want = new double[xv.length];
                    for (int i = 0; i < want.length; i++) {
                        want[i] = op.apply(xv[i]);
                    }
                    assertClose(roundTo(types[2], want), out, tol(types[0], types[2]), 1e-3, op + " " + describe(x) + " -> " + out.dtype());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryF32VectorPathOnLongRowsAndInPlace(UnaryOp op) {
        Random rnd = new Random(op.ordinal() + 200);
        try (MemoryScope s = MemoryScope.shared()) {
            Tensor x = Tensor.zeros(s, DType.F32, 300_001);
            for (long i = 0; i < x.numel(); i++) {
                x.setDouble(rnd.nextDouble() * 24 - 12, i); // covers the tails of exp, tanh, gelu and silu
            }
            double[] xv = x.toDoubleArray();
            double[] want = new double[xv.length];
            for (int i = 0; i < want.length; i++) {
                want[i] = op.apply(xv[i]);
            }
            ops().unary(op, x, x);
            assertClose(roundTo(DType.F32, want), x, 1e-5, 1e-3, op + " in place on 300001 f32 values");
        }
    }

    @Test
    void scaleMatchesReference() {
        Random rnd = new Random(9);
        for (DType[] types : DTYPES) {
            for (int c = 0; c < 20; c++) {
                long[] shape = randomShape(rnd, 4);
                double factor = rnd.nextGaussian() * 3;
                try (MemoryScope s = MemoryScope.confined()) {
                    Tensor x = TestSupport.random(s, rnd, types[0], randomLayout(rnd), shape);
                    Tensor out = TestSupport.empty(s, types[2], randomLayout(rnd), shape);
                    ops().scale(x, factor, out);
                    double[] xv = x.toDoubleArray();
                    for (int i = 0; i < xv.length; i++) {
                        xv[i] *= factor;
                    }
                    assertClose(roundTo(types[2], xv), out, tol(types[0], types[2]), 1, "scale " + describe(x));
                }
            }
        }
    }

    @Test
    void allocatingConveniencesUseTheFirstOperandsDtype() {
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor a = Tensor.copyOf(s, new float[] {1, 2, 3}, 3);
            Tensor b = Tensor.copyOf(s, new double[] {10}, 1);
            Tensor sum = ops().add(a, b, s);
            assertEquals(DType.F32, sum.dtype());
            assertEquals(Arrays.toString(new float[] {11, 12, 13}), Arrays.toString(sum.toFloatArray()));
            Tensor r = ops().unary(UnaryOp.RELU, Tensor.copyOf(s, new float[] {-1, 0, 2}, 3), s);
            assertEquals(Arrays.toString(new float[] {0, 0, 2}), Arrays.toString(r.toFloatArray()));
        }
    }
}
