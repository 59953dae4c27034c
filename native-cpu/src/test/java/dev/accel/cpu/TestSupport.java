package dev.accel.cpu;

import dev.accel.backend.Backend;
import dev.accel.backend.Device;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared helpers for the CPU backend tests: random tensors in several layouts, and comparison with a
 * float64 reference.
 *
 * <h2>Tolerances</h2>
 * A value passes when {@code |got - want| <= tol * (|want| + scale)}, where {@code tol} comes from the
 * output dtype (or the least precise operand, when an input is narrower than the output) and {@code scale}
 * is the typical magnitude of the result (1 for elementwise ops; the reduction length for sums, matmul
 * and norms, whose rounding grows with the number of terms):
 * <table>
 *   <tr><th>dtype</th><th>tol</th><th>why</th></tr>
 *   <tr><td>f64</td><td>1e-12</td><td>float64 arithmetic, as the reference</td></tr>
 *   <tr><td>f32</td><td>1e-5</td><td>f32 rounding (6e-8) times a few ops, and vector exp/tanh (a few ulp)</td></tr>
 *   <tr><td>f16</td><td>1e-3</td><td>one f16 rounding is 4.9e-4</td></tr>
 *   <tr><td>bf16</td><td>1e-2</td><td>one bf16 rounding is 3.9e-3</td></tr>
 * </table>
 */
final class TestSupport {
    static final DType[] FLOATS = {DType.F32, DType.F64, DType.F16, DType.BF16};

    private TestSupport() {
    }

    static Device cpu() {
        return new CpuBackend().devices().getFirst();
    }

    static CpuOps ops() {
        return (CpuOps) cpu().ops();
    }

    static double tol(DType t) {
        return switch (t) {
            case F64 -> 1e-12;
            case F32 -> 1e-5;
            case F16 -> 1e-3;
            case BF16 -> 1e-2;
            default -> 0;
        };
    }

    /** The looser tolerance of several dtypes. */
    static double tol(DType... types) {
        double t = 0;
        for (DType d : types) {
            t = Math.max(t, tol(d));
        }
        return t;
    }

    /** How a test tensor is laid out in memory. */
    enum Layout {
        /** Packed, row-major, offset 0. */
        CONTIGUOUS,
        /** Allocated with the axes reversed, then permuted back: every stride differs from row-major. */
        TRANSPOSED,
        /** Every other element of a larger buffer along each axis, starting at an offset. */
        STRIDED
    }

    /** Random values roughly in [-3, 3], in the given layout. */
    static Tensor random(MemoryScope scope, Random rnd, DType t, Layout layout, long... shape) {
        Tensor x = empty(scope, t, layout, shape);
        fill(x, rnd);
        return x;
    }

    static void fill(Tensor x, Random rnd) {
        long n = x.numel();
        long[] idx = new long[x.rank()];
        long[] shape = x.shape();
        for (long c = 0; c < n; c++) {
            if (x.dtype().isFloatingPoint()) {
                x.setDouble(rnd.nextGaussian() * 1.5, idx);
            } else {
                x.setLong(rnd.nextInt(200) - 100, idx);
            }
            for (int d = idx.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }

    /** A zero-filled tensor of {@code shape} in the given layout. */
    static Tensor empty(MemoryScope scope, DType t, Layout layout, long... shape) {
        int r = shape.length;
        return switch (layout) {
            case CONTIGUOUS -> Tensor.zeros(scope, t, shape);
            case TRANSPOSED -> {
                long[] rev = new long[r];
                int[] perm = new int[r];
                for (int i = 0; i < r; i++) {
                    rev[i] = shape[r - 1 - i];
                    perm[i] = r - 1 - i;
                }
                yield Tensor.zeros(scope, t, rev).permute(perm);
            }
            case STRIDED -> {
                long[] big = new long[r + 1];
                big[0] = 2; // the offset: start in the second half of an extra leading axis
                for (int i = 0; i < r; i++) {
                    big[i + 1] = shape[i] * 2 + 1;
                }
                Tensor v = Tensor.zeros(scope, t, big).select(0, 1);
                for (int i = 0; i < r; i++) {
                    v = v.slice(i, 1, 1 + shape[i] * 2, 2);
                }
                yield v;
            }
        };
    }

    /** Asserts {@code got} matches {@code want} (row-major) within {@code tol * (|want| + scale)}. */
    static void assertClose(double[] want, Tensor got, double tol, double scale, String what) {
        assertEquals(want.length, got.numel(), what + ": element count");
        double[] g = got.toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            double w = want[i];
            double v = g[i];
            if (Double.isNaN(w) || Double.isNaN(v) || Double.isInfinite(w)) {
                if (Double.compare(w, v) != 0 && !(Double.isNaN(w) && Double.isNaN(v))) {
                    fail(what + ": element " + i + " of " + Shapes.format(got.shape()) + " is " + v + ", expected " + w);
                }
                continue;
            }
            if (!(Math.abs(v - w) <= tol * (Math.abs(w) + scale))) {
                fail(what + ": element " + i + " of " + Shapes.format(got.shape()) + " is " + v + ", expected " + w
                        + " (diff " + Math.abs(v - w) + ", allowed " + tol * (Math.abs(w) + scale) + ")");
            }
        }
    }

    /** Rounds each value to {@code t}, as storing it in a tensor of {@code t} would. */
    static double[] roundTo(DType t, double[] values) {
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor x = Tensor.zeros(s, t, values.length);
            for (int i = 0; i < values.length; i++) {
                x.setDouble(values[i], i);
            }
            return x.toDoubleArray();
        }
    }

    static long[] shape(long... s) {
        return s;
    }

    static String describe(Tensor t) {
        return t.dtype() + Arrays.toString(t.shape()) + " strides " + Arrays.toString(t.strides());
    }

    static Backend backend() {
        return cpu().backend();
    }
}
