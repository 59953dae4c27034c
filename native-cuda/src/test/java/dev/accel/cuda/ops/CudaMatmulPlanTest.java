package dev.accel.cuda.ops;

import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The cuBLAS GEMMs (row-major {@link GemmSpec}s) that matmul plans for each layout. */
class CudaMatmulPlanTest {
    private MemoryScope scope;
    private FakeCudaDevice device;
    private RecordingKernelRuntime rt;
    private CudaOps ops;

    @BeforeEach
    void setUp() {
        scope = MemoryScope.shared();
        device = new FakeCudaDevice("cuda:0");
        rt = new RecordingKernelRuntime(device);
        ops = new CudaOps(rt);
    }

    @AfterEach
    void tearDown() {
        scope.close();
    }

    private Tensor dev(DType t, long... shape) {
        return Tensor.empty(device, scope, t, shape);
    }

    private long addr(Tensor t) {
        return rt.deviceAddress(t);
    }

    private GemmSpec only() {
        assertEquals(1, rt.gemms.size(), "gemms: " + rt.gemms);
        return rt.gemms.getFirst();
    }

    @Test
    void rowMajorOperandsAreUsedInPlace() {
        Tensor a = dev(DType.F32, 2, 3);
        Tensor b = dev(DType.F32, 3, 4);
        Tensor c = dev(DType.F32, 2, 4);
        ops.matmul(a, b, c);
        assertEquals(new GemmSpec(DType.F32, false, false, false, 2, 4, 3, 1.0,
                addr(a), 3, 0, addr(b), 4, 0, 0.0, addr(c), 4, 0, 1), only());
        assertEquals(List.of("gemm"), rt.events);
    }

    @Test
    void aColumnContiguousOperandIsPassedTransposed() {
        Tensor a = dev(DType.BF16, 2, 3);
        Tensor bt = dev(DType.BF16, 4, 3);
        Tensor c = dev(DType.BF16, 2, 4);
        ops.matmul(a, bt.transpose(0, 1), c);
        assertEquals(new GemmSpec(DType.BF16, false, false, true, 2, 4, 3, 1.0,
                addr(a), 3, 0, addr(bt), 3, 0, 0.0, addr(c), 4, 0, 1), only());
    }

    @Test
    void batchAxesBecomeOneStridedBatchedGemmWithBroadcastStrideZero() {
        Tensor a = dev(DType.F16, 5, 2, 3);
        Tensor b = dev(DType.F16, 3, 4);
        Tensor c = dev(DType.F16, 5, 2, 4);
        ops.matmul(a, b, c);
        assertEquals(new GemmSpec(DType.F16, false, false, false, 2, 4, 3, 1.0,
                addr(a), 3, 6, addr(b), 4, 0, 0.0, addr(c), 4, 8, 5), only());
    }

    @Test
    void twoBroadcastBatchAxesGiveOneGemmPerOuterIndex() {
        Tensor a = dev(DType.F32, 2, 1, 2, 3);
        Tensor b = dev(DType.F32, 1, 3, 3, 4);
        Tensor c = dev(DType.F32, 2, 3, 2, 4);
        ops.matmul(a, b, c);
        assertEquals(2, rt.gemms.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(new GemmSpec(DType.F32, false, false, false, 2, 4, 3, 1.0,
                    addr(a) + 4L * 6 * i, 3, 0, addr(b), 4, 12, 0.0, addr(c) + 4L * 24 * i, 4, 8, 3), rt.gemms.get(i));
        }
    }

    @Test
    void aColumnContiguousOutputIsComputedAsTheTransposedProduct() {
        Tensor a = dev(DType.F64, 2, 3);
        Tensor b = dev(DType.F64, 3, 4);
        Tensor ct = dev(DType.F64, 4, 2);
        ops.matmul(a, b, ct.transpose(0, 1));
        // out^T [4,2] = b^T [4,3] x a^T [3,2]: both operands are column-contiguous views of row-major memory
        assertEquals(new GemmSpec(DType.F64, false, true, true, 4, 2, 3, 1.0,
                addr(b), 4, 0, addr(a), 3, 0, 0.0, addr(ct), 2, 0, 1), only());
    }

    @Test
    void aBroadcastRowIsCopiedToContiguousScratchFirst() {
        Tensor row = dev(DType.F32, 1, 3);
        Tensor b = dev(DType.F32, 3, 4);
        Tensor c = dev(DType.F32, 2, 4);
        ops.matmul(row.expand(2, 3), b, c);
        assertEquals(List.of("copy_strided_b4_i32", "gemm", "sync"), rt.events);
        var copy = rt.launches.getFirst();
        assertEquals(Desc.of(new long[] {2, 3}, new long[] {0, 1}), copy.desc(1));
        GemmSpec g = only();
        assertEquals(copy.pointer(2), g.a());
        assertEquals(3, g.lda());
        assertEquals(false, g.transA());
    }

    @Test
    void mixedDtypesConvertToTheGemmTypeAndBack() {
        Tensor a = dev(DType.F16, 2, 3);
        Tensor b = dev(DType.F32, 3, 4);
        Tensor c = dev(DType.BF16, 2, 4);
        ops.matmul(a, b, c);
        assertEquals(List.of("convert_strided_i32", "gemm", "convert_strided_i32", "sync"), rt.events);
        GemmSpec g = only();
        assertEquals(DType.F32, g.dtype());
        assertEquals(rt.launches.get(0).pointer(3), g.a());
        assertEquals(addr(b), g.b());
        assertEquals(g.c(), rt.launches.get(1).pointer(0));
        assertEquals(addr(c), rt.launches.get(1).pointer(3));
        assertEquals(DType.F64, MatmulLaunches.gemmType(DType.F32, DType.F64, DType.F32));
        assertEquals(DType.F32, MatmulLaunches.gemmType(DType.F16, DType.BF16, DType.F16));
        assertEquals(DType.BF16, MatmulLaunches.gemmType(DType.BF16, DType.BF16, DType.BF16));
    }

    @Test
    void anEmptyInnerDimensionFillsZeros() {
        Tensor c = dev(DType.F32, 2, 3);
        ops.matmul(dev(DType.F32, 2, 0), dev(DType.F32, 0, 3), c);
        var fill = rt.only();
        assertEquals("fill_fp_strided", fill.kernel());
        assertEquals(addr(c), fill.pointer(0));
        assertEquals(0.0, fill.f64(3));
        assertEquals(6, fill.i64(4));
        assertEquals(List.of(), rt.gemms);
    }

    @Test
    void matrixLayouts() {
        assertEquals(new MatmulLaunches.MatrixLayout(false, 10), MatmulLaunches.layout(4, 8, 10, 1));
        assertEquals(new MatmulLaunches.MatrixLayout(true, 6), MatmulLaunches.layout(4, 8, 1, 6));
        assertEquals(new MatmulLaunches.MatrixLayout(false, 8), MatmulLaunches.layout(1, 8, 0, 1));
        assertEquals(new MatmulLaunches.MatrixLayout(false, 7), MatmulLaunches.layout(4, 1, 7, 0));
        assertNull(MatmulLaunches.layout(4, 8, 0, 1)); // broadcast rows
        assertNull(MatmulLaunches.layout(4, 8, 16, 2)); // every other column
        assertNull(MatmulLaunches.layout(4, 8, 4, 1)); // overlapping rows
    }
}
