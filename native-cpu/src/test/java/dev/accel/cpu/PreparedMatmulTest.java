package dev.accel.cpu;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.PreparedMatrix;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import static dev.accel.cpu.TestSupport.Layout;
import static dev.accel.cpu.TestSupport.ops;
import static dev.accel.cpu.TestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CpuOps#prepare} and the product with a prepared matrix: the same result as the plain product to the bit,
 * over the sizes that reach every path of {@link Sgemm#multiplyPacked} (one thread and several, few rows and many,
 * partial panels and depth blocks), every layout of the left operand, and the dtypes; and the errors.
 */
class PreparedMatmulTest {
    private static final int[] MS = {1, 3, 4, 5, 16, 17, 19, 64, 129, 300};
    private static final int[] KS = {1, 7, 256, 257, 384};
    private static final int[] NS = {1, 15, 16, 17, 100, 384};

    @Test
    void sameBitsAsThePlainProductForEverySize() {
        CpuOps ops = ops();
        Random rnd = new Random(11);
        try (MemoryScope scope = MemoryScope.shared()) {
            for (int k : KS) {
                for (int n : NS) {
                    Tensor b = random(scope, rnd, DType.F32, rnd.nextBoolean() ? Layout.CONTIGUOUS : Layout.STRIDED, k, n);
                    PreparedMatrix p = ops.prepare(b, scope);
                    assertEquals(Sgemm.packedFloats(k, n) * Float.BYTES, p.preparedBytes());
                    for (int m : MS) {
                        Tensor a = random(scope, rnd, DType.F32, Layout.values()[(m + k + n) % 3], m, k);
                        assertSameBits(ops.matmul(a, b, scope), ops.matmul(a, p, scope), m + "x" + k + "x" + n);
                    }
                }
            }
        }
    }

    @Test
    void batchedLeftOperandsFoldedOrNot() {
        CpuOps ops = ops();
        Random rnd = new Random(12);
        try (MemoryScope scope = MemoryScope.shared()) {
            Tensor b = random(scope, rnd, DType.F32, Layout.TRANSPOSED, 64, 48);
            PreparedMatrix p = ops.prepare(b, scope);
            for (Layout layout : Layout.values()) {
                Tensor a = random(scope, rnd, DType.F32, layout, 3, 5, 19, 64); // contiguous: folded into 285 rows
                assertSameBits(ops.matmul(a, b, scope), ops.matmul(a, p, scope), layout.name());
                Tensor out = TestSupport.empty(scope, DType.F32, layout, 3, 5, 19, 48);
                ops.matmul(a, p, out);
                assertSameBits(ops.matmul(a, b, scope), out, layout + " into a " + layout + " output");
            }
            Tensor unit = random(scope, rnd, DType.F32, Layout.CONTIGUOUS, 1, 7, 1, 64).permute(2, 1, 0, 3); // unit axes with odd strides
            assertSameBits(ops.matmul(unit, b, scope), ops.matmul(unit, p, scope), "unit axes");
        }
    }

    @Test
    void narrowAndWideDtypes() {
        CpuOps ops = ops();
        Random rnd = new Random(13);
        try (MemoryScope scope = MemoryScope.shared()) {
            for (DType bt : new DType[] {DType.F16, DType.BF16}) {
                Tensor b = random(scope, rnd, bt, Layout.CONTIGUOUS, 40, 33);
                PreparedMatrix p = ops.prepare(b, scope);
                assertEquals(bt, p.sourceDtype());
                for (DType at : new DType[] {DType.F32, DType.F16, DType.BF16, DType.F64}) {
                    Tensor a = random(scope, rnd, at, Layout.STRIDED, 9, 40);
                    assertSameBits(ops.matmul(a, b, scope), ops.matmul(a, p, scope), at + " x prepared " + bt);
                }
            }
            Tensor f32 = random(scope, rnd, DType.F32, Layout.CONTIGUOUS, 40, 33);
            Tensor a64 = random(scope, rnd, DType.F64, Layout.CONTIGUOUS, 2, 9, 40);
            assertSameBits(ops.matmul(a64, f32, scope), ops.matmul(a64, ops.prepare(f32, scope), scope), "f64 x prepared f32: the float64 path");
            Tensor b64 = random(scope, rnd, DType.F64, Layout.CONTIGUOUS, 40, 33);
            PreparedMatrix asIs = ops.prepare(b64, scope);
            assertEquals(0, asIs.preparedBytes(), "an f64 source is kept as it is");
            assertEquals("as is", asIs.layout());
            assertSameBits(ops.matmul(a64, b64, scope), ops.matmul(a64, asIs, scope), "f64 as is");
        }
    }

    @Test
    void theCopyIsASnapshotAndEndsWithItsScope() {
        CpuOps ops = ops();
        Random rnd = new Random(14);
        try (MemoryScope scope = MemoryScope.shared()) {
            Tensor b = random(scope, rnd, DType.F32, Layout.CONTIGUOUS, 8, 8);
            Tensor a = random(scope, rnd, DType.F32, Layout.CONTIGUOUS, 4, 8);
            Tensor before = ops.matmul(a, b, scope);
            PreparedMatrix p;
            MemoryScope weights = MemoryScope.shared();
            p = ops.prepare(b, weights);
            b.setDouble(1e6, 0, 0);
            assertSameBits(before, ops.matmul(a, p, scope), "written after prepare");
            weights.close();
            PreparedMatrix closed = p;
            assertThrows(IllegalStateException.class, () -> ops.matmul(a, closed, scope));
        }
    }

    @Test
    void noDepthGivesZerosAndDescribesItself() {
        CpuOps ops = ops();
        try (MemoryScope scope = MemoryScope.shared()) {
            PreparedMatrix p = ops.prepare(Tensor.zeros(scope, DType.F32, 0, 4), scope);
            assertTrue(p.layout().contains("depth blocks of 0 rows"), p.layout());
            assertTrue(p.toString().contains("0 x 4"), p.toString());
            Tensor out = Tensor.zeros(scope, DType.F32, 3, 4);
            out.setDouble(7, 1, 1);
            ops.matmul(Tensor.zeros(scope, DType.F32, 3, 0), p, out);
            assertArrayEquals(new double[12], out.toDoubleArray(), 0.0, "an empty sum is zero");
        }
    }

    @Test
    void errorsSayWhatWasWrong() {
        CpuOps ops = ops();
        try (MemoryScope scope = MemoryScope.shared()) {
            Tensor b3 = Tensor.zeros(scope, DType.F32, 2, 3, 4);
            AccelException rank = assertThrows(AccelException.class, () -> ops.prepare(b3, scope));
            assertEquals(ErrorCode.SHAPE_MISMATCH, rank.code());
            assertTrue(rank.getMessage().contains("[2, 3, 4]"), rank.getMessage());

            Tensor ints = Tensor.zeros(scope, DType.I32, 3, 4);
            assertEquals(ErrorCode.UNSUPPORTED, assertThrows(AccelException.class, () -> ops.prepare(ints, scope)).code());

            PreparedMatrix p = ops.prepare(Tensor.zeros(scope, DType.F32, 4, 5), scope);
            Tensor wrongK = Tensor.zeros(scope, DType.F32, 2, 3);
            assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> ops.matmul(wrongK, p, scope)).code());
            Tensor a = Tensor.zeros(scope, DType.F32, 2, 4);
            Tensor wrongOut = Tensor.zeros(scope, DType.F32, 2, 4);
            assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> ops.matmul(a, p, wrongOut)).code());

            PreparedMatrix foreign = PreparedMatrix.asIs(new CpuBackend().devices().getFirst(), Tensor.zeros(scope, DType.F32, 4, 5));
            AccelException other = assertThrows(AccelException.class, () -> ops.matmul(a, foreign, scope));
            assertEquals(ErrorCode.INVALID_ARGUMENT, other.code());
            assertTrue(other.getMessage().contains("belongs to"), other.getMessage());
        }
    }

    @Test
    void packedLayoutHoldsTheSourceValues() {
        Random rnd = new Random(15);
        try (MemoryScope scope = MemoryScope.shared()) {
            int k = 300;
            int n = 37;
            Tensor b = random(scope, rnd, DType.F32, Layout.TRANSPOSED, k, n);
            MemorySegment packed = MemorySegment.ofArray(new float[(int) Sgemm.packedFloats(k, n)]);
            Sgemm.pack(k, n, b.memory().hostSegment(), b.offset(), b.stride(0), b.stride(1), packed);
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    assertEquals((float) b.getDouble(p, j), Sgemm.packedElement(packed, k, n, p, j), "(" + p + ", " + j + ")");
                }
            }
            assertThrows(IllegalArgumentException.class,
                    () -> Sgemm.pack(k, n, b.memory().hostSegment(), b.offset(), b.stride(0), b.stride(1), packed.asSlice(4)));
        }
    }

    private static void assertSameBits(Tensor want, Tensor got, String what) {
        assertInstanceOf(Tensor.class, got);
        assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 0.0, what);
        double[] w = want.toDoubleArray();
        double[] g = got.toDoubleArray();
        for (int i = 0; i < w.length; i++) {
            if (Double.doubleToRawLongBits(w[i]) != Double.doubleToRawLongBits(g[i])) {
                throw new AssertionError(what + ": element " + i + " differs in its bits: " + w[i] + " vs " + g[i]);
            }
        }
    }
}
