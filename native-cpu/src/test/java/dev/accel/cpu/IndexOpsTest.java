package dev.accel.cpu;

import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.accel.cpu.TestSupport.assertClose;
import static dev.accel.cpu.TestSupport.describe;
import static dev.accel.cpu.TestSupport.ops;
import static dev.accel.cpu.TestSupport.roundTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** cast, copy, concat and gather: exact data movement and conversion for every dtype. */
class IndexOpsTest {
    private static final double[] FLOAT_VALUES = {0, -0.0, 1, -1, 0.5, -0.5, 3.7, -3.7, 127.9, 128, 255.9, 256, -128.5, -129,
        65504, 65520, 1e5, -1e5, 3e9, -3e9, 1e20, -1e20, 1.00390625, 1.0048828125, 1e-6, 6e-8, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    private static final long[] INT_VALUES = {0, 1, -1, 127, 128, 255, 256, -128, -129, 32767, 32768, -32769, 65535,
        2147483647L, 2147483648L, -2147483649L, 16777217L, (1L << 53) + 1, Long.MAX_VALUE, Long.MIN_VALUE};

    /** A tensor of {@code t} holding the test values (rounded or wrapped on store), in a strided layout. */
    private static Tensor values(MemoryScope s, DType t) {
        int n = t.isFloatingPoint() ? FLOAT_VALUES.length : INT_VALUES.length;
        Tensor x = TestSupport.empty(s, t, TestSupport.Layout.STRIDED, n);
        for (int i = 0; i < n; i++) {
            if (t.isFloatingPoint()) {
                x.setDouble(FLOAT_VALUES[i], i);
            } else {
                x.setLong(INT_VALUES[i], i);
            }
        }
        return x;
    }

    private static long wrap(long v, DType t) {
        return switch (t) {
            case I64 -> v;
            case I32 -> (int) v;
            case I16 -> (short) v;
            case I8 -> (byte) v;
            case U8 -> v & 0xFF;
            case BOOL -> v != 0 ? 1 : 0;
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    @Test
    void castBetweenEveryPairOfDtypes() {
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                try (MemoryScope s = MemoryScope.confined()) {
                    Tensor x = values(s, from);
                    Tensor out = ops().cast(x, to, s);
                    String what = "cast " + from + " -> " + to;
                    if (to.isFloatingPoint()) {
                        double[] src = from.isFloatingPoint() ? x.toDoubleArray() : Arrays.stream(x.toLongArray()).asDoubleStream().toArray();
                        assertClose(roundTo(to, src), out, 0, 0, what);
                    } else {
                        long[] want;
                        if (from.isFloatingPoint()) {
                            double[] src = x.toDoubleArray();
                            want = new long[src.length];
                            for (int i = 0; i < src.length; i++) {
                                want[i] = to == DType.BOOL ? (src[i] != 0 ? 1 : 0) : wrap((long) src[i], to);
                            }
                        } else {
                            want = Arrays.stream(x.toLongArray()).map(v -> wrap(v, to)).toArray();
                        }
                        assertArrayEquals(want, out.toLongArray(), what);
                    }
                }
            }
        }
    }

    @Test
    void castLargeF32ToHalfAndBackInParallel() {
        Random rnd = new Random(51);
        try (MemoryScope s = MemoryScope.shared()) {
            Tensor x = TestSupport.random(s, rnd, DType.F32, TestSupport.Layout.CONTIGUOUS, 512, 300);
            for (DType t : new DType[] {DType.F16, DType.BF16, DType.F64}) {
                Tensor h = ops().cast(x, t, s);
                assertClose(roundTo(t, x.toDoubleArray()), h, 0, 0, "f32 -> " + t);
                Tensor back = ops().cast(h, DType.F32, s);
                assertClose(h.toDoubleArray(), back, 0, 0, t + " -> f32");
            }
        }
    }

    @Test
    void copyAnyLayoutsEveryDtype() {
        Random rnd = new Random(52);
        for (DType t : DType.values()) {
            for (int c = 0; c < 10; c++) {
                long[] shape = ElementwiseOpsTest.randomShape(rnd, 4);
                try (MemoryScope s = MemoryScope.confined()) {
                    Tensor src = TestSupport.random(s, rnd, t, ElementwiseOpsTest.randomLayout(rnd), shape);
                    Tensor dst = TestSupport.empty(s, t, ElementwiseOpsTest.randomLayout(rnd), shape);
                    ops().copy(src, dst);
                    assertArrayEquals(src.toLongArray(), dst.toLongArray(), "copy " + describe(src) + " -> " + describe(dst));
                    if (t.isFloatingPoint()) {
                        assertArrayEquals(src.toDoubleArray(), dst.toDoubleArray(), "copy " + describe(src));
                    }
                }
            }
        }
    }

    @Test
    void concatAlongEachAxis() {
        Random rnd = new Random(53);
        DType[] types = {DType.F32, DType.I16, DType.BF16, DType.U8, DType.F64};
        for (int c = 0; c < 60; c++) {
            DType t = types[c % types.length];
            long[] shape = ElementwiseOpsTest.randomShape(rnd, 3);
            if (shape.length == 0) {
                shape = new long[] {4};
            }
            int axis = rnd.nextInt(shape.length);
            int count = 1 + rnd.nextInt(3);
            try (MemoryScope s = MemoryScope.confined()) {
                List<Tensor> parts = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    long[] ps = shape.clone();
                    ps[axis] = rnd.nextInt(4);
                    parts.add(TestSupport.random(s, rnd, t, ElementwiseOpsTest.randomLayout(rnd), ps));
                }
                Tensor out = ops().concat(parts, axis - (c % 2 == 0 ? shape.length : 0), s);
                long start = 0;
                for (Tensor p : parts) {
                    Tensor slice = out.narrow(axis, start, p.size(axis));
                    assertArrayEquals(p.toLongArray(), slice.toLongArray(), "concat axis " + axis + " part " + describe(p));
                    assertArrayEquals(p.toDoubleArray(), slice.toDoubleArray(), "concat axis " + axis + " part " + describe(p));
                    start += p.size(axis);
                }
                assertEquals(start, out.size(axis));
            }
        }
    }

    @Test
    void gatherRowsWithBothIndexTypesAndConversion() {
        Random rnd = new Random(54);
        DType[][] types = {{DType.F32, DType.F32}, {DType.F16, DType.F16}, {DType.BF16, DType.F32}, {DType.I8, DType.I8}, {DType.F32, DType.F64}};
        for (int c = 0; c < 40; c++) {
            DType[] t = types[c % types.length];
            DType it = c % 2 == 0 ? DType.I32 : DType.I64;
            long rows = 1 + rnd.nextInt(40);
            long d = new long[] {1, 3, 8, 33, 0}[rnd.nextInt(5)];
            long[] idxShape = ElementwiseOpsTest.randomShape(rnd, 3);
            if (Shapes.numel(idxShape) > 2000) {
                idxShape = new long[] {5, 7};
            }
            try (MemoryScope s = MemoryScope.confined()) {
                Tensor table = TestSupport.random(s, rnd, t[0], ElementwiseOpsTest.randomLayout(rnd), rows, d);
                Tensor idx = TestSupport.empty(s, it, ElementwiseOpsTest.randomLayout(rnd), idxShape);
                long[] iv = new long[(int) Shapes.numel(idxShape)];
                long[] pos = new long[idxShape.length];
                for (int i = 0; i < iv.length; i++) {
                    iv[i] = rnd.nextInt((int) rows);
                    idx.setLong(iv[i], pos);
                    for (int a = pos.length - 1; a >= 0; a--) {
                        if (++pos[a] < idxShape[a]) {
                            break;
                        }
                        pos[a] = 0;
                    }
                }
                Tensor out = TestSupport.empty(s, t[1], ElementwiseOpsTest.randomLayout(rnd), Shapes.gather(table.shape(), idxShape));
                ops().gather(table, idx, out);
                double[] tv = table.toDoubleArray();
                double[] want = new double[(int) (iv.length * d)];
                for (int i = 0; i < iv.length; i++) {
                    System.arraycopy(tv, (int) (iv[i] * d), want, (int) (i * d), (int) d);
                }
                assertClose(roundTo(t[1], want), out, 0, 0, "gather " + describe(table) + " by " + describe(idx));
            }
        }
    }
}
