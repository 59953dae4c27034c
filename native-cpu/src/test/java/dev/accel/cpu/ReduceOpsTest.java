package dev.accel.cpu;

import dev.accel.backend.ReduceOp;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.accel.cpu.TestSupport.assertClose;
import static dev.accel.cpu.TestSupport.describe;
import static dev.accel.cpu.TestSupport.ops;
import static dev.accel.cpu.TestSupport.roundTo;
import static dev.accel.cpu.TestSupport.tol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sum, mean and max over one axis against float64 loops. */
class ReduceOpsTest {
    private static final DType[][] DTYPES = {{DType.F32, DType.F32}, {DType.F64, DType.F64}, {DType.F16, DType.F32}, {DType.BF16, DType.BF16}};

    static double[] expect(ReduceOp op, Tensor x, int axis) {
        long[] shape = x.shape();
        long n = shape[axis];
        // move the axis last, then reduce consecutive runs of n values
        int r = shape.length;
        int[] perm = new int[r];
        for (int i = 0, j = 0; i < r; i++) {
            if (i != axis) {
                perm[j++] = i;
            }
        }
        perm[r - 1] = axis;
        double[] v = x.permute(perm).toDoubleArray();
        int outN = (int) Shapes.numel(Shapes.reduce(shape, axis, false));
        double[] out = new double[outN];
        for (int o = 0; o < outN; o++) {
            double acc = op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : 0;
            for (int i = 0; i < n; i++) {
                double e = v[(int) (o * n + i)];
                acc = op == ReduceOp.MAX ? Math.max(acc, e) : acc + e;
            }
            out[o] = op == ReduceOp.MEAN ? acc / n : acc;
        }
        return out;
    }

    @Test
    void randomShapesAxesDtypesLayoutsAndKeepDim() {
        Random rnd = new Random(31);
        for (ReduceOp op : ReduceOp.values()) {
            for (DType[] types : DTYPES) {
                for (int c = 0; c < 30; c++) {
                    long[] shape = ElementwiseOpsTest.randomShape(rnd, 4);
                    if (shape.length == 0) {
                        shape = new long[] {33};
                    }
                    int axis = rnd.nextInt(shape.length);
                    if (op == ReduceOp.MAX && shape[axis] == 0) {
                        shape[axis] = 7;
                    }
                    boolean keep = rnd.nextBoolean();
                    try (MemoryScope s = MemoryScope.confined()) {
                        Tensor x = TestSupport.random(s, rnd, types[0], ElementwiseOpsTest.randomLayout(rnd), shape);
                        Tensor out = TestSupport.empty(s, types[1], ElementwiseOpsTest.randomLayout(rnd), Shapes.reduce(shape, axis, keep));
                        ops().reduce(op, x, axis - (rnd.nextBoolean() ? shape.length : 0), out);
                        double scale = op == ReduceOp.SUM ? Math.sqrt(shape[axis]) + 1 : 1;
                        assertClose(roundTo(types[1], expect(op, x, axis)), out, tol(types[0], types[1]), scale,
                                op + " axis " + axis + " of " + describe(x) + " keep " + keep);
                    }
                }
            }
        }
    }

    @Test
    void emptyAxisGivesZeroSumAndNanMean() {
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor x = Tensor.zeros(s, DType.F32, 3, 0);
            Tensor sum = ops().reduce(ReduceOp.SUM, x, 1, false, s);
            Tensor mean = ops().reduce(ReduceOp.MEAN, x, -1, true, s);
            assertEquals(3, sum.numel());
            for (int i = 0; i < 3; i++) {
                assertEquals(0.0, sum.getDouble(i));
                assertTrue(Double.isNaN(mean.getDouble(i, 0)));
            }
        }
    }

    @Test
    void maxPropagatesNanAndHandlesInfinities() {
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor x = Tensor.copyOf(s, new float[] {1, Float.NaN, 3, Float.NEGATIVE_INFINITY, -5, -2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 99}, 2, 9);
            Tensor m = ops().reduce(ReduceOp.MAX, x, 1, false, s);
            assertTrue(Double.isNaN(m.getDouble(0)));
            assertEquals(99.0, m.getDouble(1));
        }
    }

    @Test
    void largeReductionsOverEachAxis() {
        Random rnd = new Random(32);
        try (MemoryScope s = MemoryScope.shared()) {
            Tensor x = TestSupport.random(s, rnd, DType.F32, TestSupport.Layout.CONTIGUOUS, 512, 1024);
            for (ReduceOp op : ReduceOp.values()) {
                for (int axis = 0; axis < 2; axis++) {
                    Tensor out = ops().reduce(op, x, axis, false, s);
                    double scale = op == ReduceOp.SUM ? Math.sqrt(x.size(axis)) + 1 : 1;
                    assertClose(expect(op, x, axis), out, 1e-5, scale, op + " axis " + axis + " of [512, 1024]");
                }
            }
        }
    }
}
