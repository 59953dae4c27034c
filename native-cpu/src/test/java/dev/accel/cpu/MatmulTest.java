package dev.accel.cpu;

import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static dev.accel.cpu.TestSupport.assertClose;
import static dev.accel.cpu.TestSupport.describe;
import static dev.accel.cpu.TestSupport.ops;
import static dev.accel.cpu.TestSupport.roundTo;
import static dev.accel.cpu.TestSupport.tol;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Batched matmul with broadcast batch axes against a float64 triple loop. */
class MatmulTest {
    private static final DType[][] DTYPES = { // a, b, out
        {DType.F32, DType.F32, DType.F32}, {DType.F64, DType.F64, DType.F64}, {DType.F16, DType.F16, DType.F16},
        {DType.BF16, DType.BF16, DType.BF16}, {DType.F32, DType.BF16, DType.F32}, {DType.F32, DType.F32, DType.F64},
    };
    private static final long[] SIZES = {1, 2, 3, 7, 16, 33, 0};

    static double[] expect(Tensor a, Tensor b, long[] outShape) {
        int r = outShape.length;
        long m = outShape[r - 2];
        long n = outShape[r - 1];
        long k = a.size(-1);
        long[] batch = Arrays.copyOf(outShape, r - 2);
        double[] av = a.expand(with(batch, m, k)).toDoubleArray();
        double[] bv = b.expand(with(batch, k, n)).toDoubleArray();
        int batches = (int) Shapes.numel(batch);
        double[] out = new double[(int) Shapes.numel(outShape)];
        for (int q = 0; q < batches; q++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) {
                        acc += av[(int) (q * m * k + i * k + p)] * bv[(int) (q * k * n + p * n + j)];
                    }
                    out[(int) (q * m * n + i * n + j)] = acc;
                }
            }
        }
        return out;
    }

    static long[] with(long[] batch, long rows, long cols) {
        long[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = cols;
        return s;
    }

    private static void check(MemoryScope s, Random rnd, DType[] types, long[] aShape, long[] bShape,
                              TestSupport.Layout la, TestSupport.Layout lb, TestSupport.Layout lo) {
        Tensor a = TestSupport.random(s, rnd, types[0], la, aShape);
        Tensor b = TestSupport.random(s, rnd, types[1], lb, bShape);
        long[] outShape = Shapes.matmul(aShape, bShape);
        Tensor out = TestSupport.empty(s, types[2], lo, outShape);
        ops().matmul(a, b, out);
        long k = aShape[aShape.length - 1];
        double t = types[2] == DType.F64 && (types[0] != DType.F64 || types[1] != DType.F64) ? tol(types[0], types[1]) * 1e-3 : tol(types);
        assertClose(roundTo(types[2], expect(a, b, outShape)), out, t, 1.5 * Math.sqrt(k) + 1,
                "matmul " + describe(a) + " x " + describe(b) + " -> " + describe(out));
    }

    @Test
    void randomBatchedShapesDtypesAndLayouts() {
        Random rnd = new Random(41);
        for (DType[] types : DTYPES) {
            for (int c = 0; c < 25; c++) {
                long m = SIZES[rnd.nextInt(SIZES.length)];
                long n = SIZES[rnd.nextInt(SIZES.length)];
                long k = SIZES[rnd.nextInt(SIZES.length)];
                long[] batch = ElementwiseOpsTest.randomShape(rnd, 2);
                if (Shapes.numel(batch) > 20) {
                    batch = new long[] {3};
                }
                long[] aBatch = ElementwiseOpsTest.broadcastSource(rnd, batch);
                long[] bBatch = ElementwiseOpsTest.broadcastSource(rnd, batch);
                try (MemoryScope s = MemoryScope.confined()) {
                    check(s, rnd, types, with(aBatch, m, k), with(bBatch, k, n), ElementwiseOpsTest.randomLayout(rnd),
                            ElementwiseOpsTest.randomLayout(rnd), ElementwiseOpsTest.randomLayout(rnd));
                }
            }
        }
    }

    @Test
    void transposedOperandsAndBroadcastWeights() {
        Random rnd = new Random(42);
        DType[] f32 = {DType.F32, DType.F32, DType.F32};
        try (MemoryScope s = MemoryScope.shared()) {
            check(s, rnd, f32, new long[] {4, 33, 64}, new long[] {64, 48}, TestSupport.Layout.CONTIGUOUS, TestSupport.Layout.TRANSPOSED,
                    TestSupport.Layout.CONTIGUOUS);
            check(s, rnd, f32, new long[] {2, 1, 17, 9}, new long[] {3, 9, 5}, TestSupport.Layout.TRANSPOSED, TestSupport.Layout.STRIDED,
                    TestSupport.Layout.STRIDED);
            check(s, rnd, f32, new long[] {257, 129}, new long[] {129, 200}, TestSupport.Layout.CONTIGUOUS, TestSupport.Layout.CONTIGUOUS,
                    TestSupport.Layout.CONTIGUOUS);
            check(s, rnd, new DType[] {DType.F64, DType.F64, DType.F64}, new long[] {130, 120}, new long[] {120, 140},
                    TestSupport.Layout.TRANSPOSED, TestSupport.Layout.CONTIGUOUS, TestSupport.Layout.CONTIGUOUS);
        }
    }

    @Test
    void emptyInnerAxisGivesZeros() {
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor a = Tensor.zeros(s, DType.F32, 3, 0);
            Tensor b = Tensor.zeros(s, DType.F32, 0, 4);
            Tensor out = Tensor.zeros(s, DType.F32, 3, 4);
            ops().binary(dev.accel.backend.BinaryOp.ADD, out, Tensor.copyOf(s, new float[] {5}), out);
            ops().matmul(a, b, out);
            assertClose(new double[12], out, 0, 0, "3x0 times 0x4");
        }
    }

    /**
     * Many small products (attention heads: {@code [batch, heads, seq, head]} views of one buffer) are spread over
     * the cores by batch entry when the memory is shared, and run one after another on a confined scope. Each
     * product is the same Sgemm call either way, so the results must agree to the bit, and with the reference.
     */
    @Test
    void smallBatchedProductsSpreadOverCoresMatchSequentialToTheBit() {
        Random rnd = new Random(43);
        long batch = 8;
        long heads = 4;
        long seq = 19;
        long head = 16;
        long rows = batch * seq;
        long hidden = heads * head;
        float[] qv = new float[(int) (rows * hidden)];
        float[] kv = new float[qv.length];
        for (int i = 0; i < qv.length; i++) {
            qv[i] = rnd.nextFloat() * 2 - 1;
            kv[i] = rnd.nextFloat() * 2 - 1;
        }
        long[] outShape = {batch, heads, seq, seq};
        float[] parallel;
        try (MemoryScope s = MemoryScope.shared()) {
            Tensor q = Tensor.copyOf(s, qv, new long[] {batch, seq, heads, head}).permute(0, 2, 1, 3);
            Tensor kT = Tensor.copyOf(s, kv, new long[] {batch, seq, heads, head}).permute(0, 2, 3, 1);
            Tensor out = Tensor.zeros(s, DType.F32, outShape);
            ops().matmul(q, kT, out);
            assertClose(expect(q, kT, outShape), out, tol(DType.F32, DType.F32, DType.F32), 1.5 * Math.sqrt(head) + 1,
                    "attention-shaped scores on a shared scope");
            parallel = out.toFloatArray();
        }
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor q = Tensor.copyOf(s, qv, new long[] {batch, seq, heads, head}).permute(0, 2, 1, 3);
            Tensor kT = Tensor.copyOf(s, kv, new long[] {batch, seq, heads, head}).permute(0, 2, 3, 1);
            Tensor out = Tensor.zeros(s, DType.F32, outShape);
            ops().matmul(q, kT, out);
            float[] sequential = out.toFloatArray();
            for (int i = 0; i < sequential.length; i++) {
                assertEquals(Float.floatToRawIntBits(sequential[i]), Float.floatToRawIntBits(parallel[i]), "element " + i);
            }
        }
    }
}
