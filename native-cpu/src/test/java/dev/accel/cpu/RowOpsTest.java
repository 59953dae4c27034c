package dev.accel.cpu;

import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.accel.cpu.TestSupport.assertClose;
import static dev.accel.cpu.TestSupport.describe;
import static dev.accel.cpu.TestSupport.ops;
import static dev.accel.cpu.TestSupport.roundTo;
import static dev.accel.cpu.TestSupport.tol;

/** Softmax, layer norm and RMS norm against float64 loops over the last axis. */
class RowOpsTest {
    private static final DType[][] DTYPES = { // x, out
        {DType.F32, DType.F32}, {DType.F64, DType.F64}, {DType.F16, DType.F16}, {DType.BF16, DType.BF16}, {DType.BF16, DType.F32},
    };

    private enum Op { SOFTMAX, LAYER_NORM, RMS_NORM }

    /** Rows of {@code x} (row-major, last axis {@code d}) through the float64 definition. */
    private static double[] expect(Op op, double[] x, int d, double[] gamma, double[] beta, double eps) {
        double[] out = x.clone();
        for (int r = 0; d > 0 && r < x.length / d; r++) {
            int o = r * d;
            switch (op) {
                case SOFTMAX -> {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < d; i++) {
                        max = Math.max(max, x[o + i]);
                    }
                    double sum = 0;
                    for (int i = 0; i < d; i++) {
                        sum += Math.exp(x[o + i] - max);
                    }
                    for (int i = 0; i < d; i++) {
                        out[o + i] = Math.exp(x[o + i] - max) / sum;
                    }
                }
                case LAYER_NORM -> {
                    double mean = 0;
                    for (int i = 0; i < d; i++) {
                        mean += x[o + i] / d;
                    }
                    double var = 0;
                    for (int i = 0; i < d; i++) {
                        var += (x[o + i] - mean) * (x[o + i] - mean) / d;
                    }
                    for (int i = 0; i < d; i++) {
                        out[o + i] = (x[o + i] - mean) / Math.sqrt(var + eps) * gamma[i] + beta[i];
                    }
                }
                case RMS_NORM -> {
                    double ms = 0;
                    for (int i = 0; i < d; i++) {
                        ms += x[o + i] * x[o + i] / d;
                    }
                    for (int i = 0; i < d; i++) {
                        out[o + i] = x[o + i] / Math.sqrt(ms + eps) * gamma[i];
                    }
                }
            }
        }
        return out;
    }

    private static void check(Op op, MemoryScope s, Random rnd, DType xt, DType ot, TestSupport.Layout xl, TestSupport.Layout ol, long... shape) {
        Tensor x = TestSupport.random(s, rnd, xt, xl, shape);
        Tensor out = TestSupport.empty(s, ot, ol, shape);
        int d = shape.length == 0 ? 1 : (int) shape[shape.length - 1];
        Tensor gamma = TestSupport.random(s, rnd, xt, TestSupport.Layout.STRIDED, d);
        Tensor beta = TestSupport.random(s, rnd, xt, TestSupport.Layout.CONTIGUOUS, d);
        double eps = 1e-5;
        switch (op) {
            case SOFTMAX -> ops().softmax(x, out);
            case LAYER_NORM -> ops().layerNorm(x, gamma, beta, eps, out);
            case RMS_NORM -> ops().rmsNorm(x, gamma, eps, out);
        }
        double[] want = expect(op, x.toDoubleArray(), d, gamma.toDoubleArray(), beta.toDoubleArray(), eps);
        double scale = op == Op.SOFTMAX ? 1e-3 : 1 + Math.sqrt(d);
        double t = tol(xt, ot) * (op == Op.SOFTMAX ? 4 : 1);
        assertClose(roundTo(ot, want), out, t, scale, op + " " + describe(x) + " -> " + describe(out));
    }

    @Test
    void randomShapesDtypesAndLayouts() {
        Random rnd = new Random(21);
        for (Op op : Op.values()) {
            for (DType[] types : DTYPES) {
                for (int c = 0; c < 25; c++) {
                    long[] shape = ElementwiseOpsTest.randomShape(rnd, 3);
                    try (MemoryScope s = MemoryScope.confined()) {
                        check(op, s, rnd, types[0], types[1], ElementwiseOpsTest.randomLayout(rnd), ElementwiseOpsTest.randomLayout(rnd), shape);
                    }
                }
            }
        }
    }

    @Test
    void f32FastPathRowLengths() {
        Random rnd = new Random(22);
        for (Op op : Op.values()) {
            for (long d : new long[] {1, 7, 8, 16, 33, 257, 1000}) {
                try (MemoryScope s = MemoryScope.confined()) {
                    check(op, s, rnd, DType.F32, DType.F32, TestSupport.Layout.CONTIGUOUS, TestSupport.Layout.CONTIGUOUS, 3, d);
                }
            }
        }
    }

    @Test
    void largeRowsRunInParallel() {
        Random rnd = new Random(23);
        for (Op op : Op.values()) {
            try (MemoryScope s = MemoryScope.shared()) {
                check(op, s, rnd, DType.F32, DType.F32, TestSupport.Layout.CONTIGUOUS, TestSupport.Layout.CONTIGUOUS, 512, 1024);
                check(op, s, rnd, DType.F16, DType.F32, TestSupport.Layout.TRANSPOSED, TestSupport.Layout.CONTIGUOUS, 256, 512);
            }
        }
    }

    @Test
    void softmaxIsStableForLargeLogitsAndWorksInPlace() {
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor x = Tensor.copyOf(s, new float[] {1000, 1001, 1002, -1e30f, 1000, 1000}, 2, 3);
            ops().softmax(x, x);
            double e1 = Math.exp(-1);
            double e2 = Math.exp(-2);
            double sum = 1 + e1 + e2;
            assertClose(new double[] {e2 / sum, e1 / sum, 1 / sum, 0, 0.5, 0.5}, x, 1e-6, 0, "softmax in place");
        }
    }

    @Test
    void normsAcceptScalarAndLeadingOneParameters() {
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor x = Tensor.copyOf(s, new float[] {1, 2, 3, 4, 6, 8}, 2, 3);
            Tensor gamma = Tensor.copyOf(s, new float[] {2}, 1, 1);
            Tensor beta = Tensor.copyOf(s, new double[] {1, 0, -1}, 1, 3);
            Tensor out = Tensor.zeros(s, DType.F32, 2, 3);
            ops().layerNorm(x, gamma, beta, 0, out);
            double r = Math.sqrt(1.5);
            assertClose(new double[] {-2 * r + 1, 0, 2 * r - 1, -2 * r + 1, 0, 2 * r - 1}, out, 1e-6, 0, "layer_norm, scalar gamma");
        }
    }
}
