package dev.accel.conformance;

import dev.accel.backend.ReduceOp;
import dev.accel.tensor.DType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The float64 reference against values worked out by hand, and the tolerance rules. */
class ReferenceTest {
    @Test
    void matmulBroadcastsBatches() {
        // a [2, 1, 2] (two batches of a 1x2 row), b [2, 1] shared by both
        double[] r = Reference.matmul(new double[] {1, 2, 3, 4}, new long[] {2, 1, 2}, new double[] {10, 100}, new long[] {2, 1});
        assertArrayEquals(new double[] {210, 430}, r);
    }

    @Test
    void castFollowsTheOpsContract() {
        assertEquals(44, Reference.cast(300.7, DType.F32, DType.I8));      // 300 wraps to 44
        assertEquals(255, Reference.cast(-1.5, DType.F32, DType.U8));      // -1 wraps to 255
        assertEquals(0, Reference.cast(Double.NaN, DType.F32, DType.I32)); // NaN gives 0
        assertEquals(-1, Reference.cast(Double.POSITIVE_INFINITY, DType.F32, DType.I32)); // saturates to i64 max, then wraps
        assertEquals(Long.MAX_VALUE, (long) Reference.cast(1e20, DType.F64, DType.I64));
        assertEquals(1, Reference.cast(Double.NaN, DType.F32, DType.BOOL));
        assertEquals(0, Reference.cast(-0.0, DType.F32, DType.BOOL));
        assertEquals(Double.POSITIVE_INFINITY, Reference.cast(65520, DType.F64, DType.F16)); // halfway to the next binade: rounds to even, inf
        assertEquals(65504, Reference.cast(65519, DType.F64, DType.F16));
    }

    @Test
    void reductionsOfEmptyAxes() {
        assertArrayEquals(new double[] {0, 0}, Reference.reduce(ReduceOp.SUM, new double[0], new long[] {2, 0}, 1));
        assertTrue(Double.isNaN(Reference.reduce(ReduceOp.MEAN, new double[0], new long[] {1, 0}, 1)[0]));
        assertArrayEquals(new double[] {3, 4}, Reference.reduce(ReduceOp.MAX, new double[] {1, 4, 3, 2}, new long[] {2, 2}, 0));
    }

    @Test
    void softmaxAndNorms() {
        double[] s = Reference.softmax(new double[] {0, Math.log(3)}, 2);
        assertEquals(0.25, s[0], 1e-15);
        double[] ln = Reference.layerNorm(new double[] {1, 3}, 2, new double[] {1}, new double[] {0}, 0);
        assertArrayEquals(new double[] {-1, 1}, ln, 1e-15);
        double[] rms = Reference.rmsNorm(new double[] {3, 4}, 2, new double[] {2, 1}, 0);
        assertArrayEquals(new double[] {6 / Math.sqrt(12.5), 4 / Math.sqrt(12.5)}, rms, 1e-15);
    }

    @Test
    void concatAndGather() {
        double[] c = Reference.concat(List.of(new double[] {1, 2, 3, 4}, new double[] {5, 6}), List.of(new long[] {2, 2}, new long[] {2, 1}), 1);
        assertArrayEquals(new double[] {1, 2, 5, 3, 4, 6}, c);
        assertArrayEquals(new double[] {3, 4, 1, 2}, Reference.gather(new double[] {1, 2, 3, 4}, 2, new long[] {1, 0}));
    }

    @Test
    void tolerances() {
        Tolerance f32 = Tolerance.of(DType.F32, 1);
        assertTrue(f32.accepts(1.0, 1.0 + 5e-6));
        assertFalse(f32.accepts(1.0, 1.0 + 5e-5));
        assertTrue(f32.accepts(Double.NaN, Double.NaN));
        assertFalse(f32.accepts(1, Double.NaN));
        assertFalse(f32.accepts(Double.POSITIVE_INFINITY, 1e308));
        assertTrue(Tolerance.of(DType.F32, 1000).atol() > f32.atol(), "atol grows with the reduction length");
        assertEquals(Tolerance.EXACT, Tolerance.of(DType.I32, 10));
        assertFalse(Tolerance.EXACT.accepts(3, 3.0000001));
        Comparison cmp = Comparison.of(new double[] {1, 2}, new double[] {1, 2.5}, Tolerance.of(DType.F16, 1));
        assertFalse(cmp.passed());
        assertEquals(0.5, cmp.maxAbsError());
        assertTrue(cmp.firstMismatch().startsWith("element 1"), cmp.firstMismatch());
    }
}
