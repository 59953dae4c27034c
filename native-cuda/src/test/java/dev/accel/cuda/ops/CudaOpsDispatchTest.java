package dev.accel.cuda.ops;

import dev.accel.backend.BinaryOp;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.UnaryOp;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which kernels the elementwise, row and data-movement ops launch, with what geometry and arguments. */
class CudaOpsDispatchTest {
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
        device.setOps(ops);
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

    private static long[] l(long... v) {
        return v;
    }

    @Test
    void contiguousF32AddTakesTheVectorPathWithFourElementsPerThread() {
        Tensor a = dev(DType.F32, 1000, 1000);
        Tensor b = dev(DType.F32, 1000, 1000);
        Tensor o = dev(DType.F32, 1000, 1000);
        ops.binary(BinaryOp.ADD, a, b, o);
        var launch = rt.only();
        assertEquals("elementwise.cu", launch.source());
        assertEquals("binary_contig_f32", launch.kernel());
        assertEquals(Launcher.blocks(250_000), launch.gridX());
        assertEquals(977, launch.gridX()); // ceil(250000 / 256)
        assertEquals(256, launch.blockX());
        assertEquals(1, launch.gridY());
        assertEquals(0, launch.sharedBytes());
        assertEquals(addr(a), launch.pointer(0));
        assertEquals(addr(b), launch.pointer(1));
        assertEquals(addr(o), launch.pointer(2));
        assertEquals(1_000_000L, launch.i64(3));
        assertEquals(0, launch.i32(4));
    }

    @Test
    void gridIsCappedForHugeTensors() {
        assertEquals(Launcher.MAX_GRID, Launcher.blocks(1L << 40));
        assertEquals(1, Launcher.blocks(1));
        assertFalse(Launcher.wideIndex(1L << 30));
        assertTrue(Launcher.wideIndex(1L << 31));
    }

    @Test
    void opCodesFollowTheEnums() {
        for (BinaryOp op : BinaryOp.values()) {
            rt.launches.clear();
            ops.binary(op, dev(DType.F32, 8), dev(DType.F32, 8), dev(DType.F32, 8));
            assertEquals(OpCode.of(op), rt.only().i32(4), op.name());
        }
        for (UnaryOp op : UnaryOp.values()) {
            rt.launches.clear();
            ops.unary(op, dev(DType.F32, 8), dev(DType.F32, 8));
            assertEquals("unary_contig_f32", rt.only().kernel());
            assertEquals(OpCode.of(op), rt.only().i32(3), op.name());
        }
    }

    @Test
    void offsetViewsPassTheAddressOfTheirFirstElement() {
        Tensor base = dev(DType.F32, 10, 8);
        Tensor a = base.narrow(0, 3, 2); // rows 3..4: contiguous, offset 24 elements
        Tensor b = dev(DType.F32, 2, 8);
        Tensor o = dev(DType.F32, 2, 8);
        ops.binary(BinaryOp.MUL, a, b, o);
        var launch = rt.only();
        assertEquals("binary_contig_f32", launch.kernel());
        assertEquals(addr(base) + 24 * 4, launch.pointer(0));
        assertEquals(16, launch.i64(3));
    }

    @Test
    void broadcastBiasAddUsesStrideZeroDescriptors() {
        Tensor a = dev(DType.F32, 4, 3, 5);
        Tensor bias = dev(DType.F32, 5);
        Tensor o = dev(DType.F32, 4, 3, 5);
        ops.binary(BinaryOp.ADD, a, bias, o);
        var launch = rt.only();
        assertEquals("binary_strided_c32_i32", launch.kernel());
        // a and out collapse [4,3,5] to [12,5]; the bias walks it with strides [0,1]
        assertEquals(Desc.of(l(12, 5), l(5, 1)), launch.desc(1));
        assertEquals(DTypeCode.of(DType.F32), launch.i32(2));
        assertEquals(Desc.of(l(12, 5), l(0, 1)), launch.desc(4));
        assertEquals(Desc.of(l(12, 5), l(5, 1)), launch.desc(7));
        assertEquals(60, launch.i64(9));
        assertEquals(Launcher.blocks(60), launch.gridX());
    }

    @Test
    void mixedDtypesComputeInF32UnlessAnOperandIsF64() {
        ops.binary(BinaryOp.SUB, dev(DType.F16, 6), dev(DType.BF16, 6), dev(DType.F32, 6));
        var launch = rt.only();
        assertEquals("binary_contig_c32", launch.kernel());
        assertEquals(DTypeCode.of(DType.F16), launch.i32(1));
        assertEquals(DTypeCode.of(DType.BF16), launch.i32(3));
        assertEquals(DTypeCode.of(DType.F32), launch.i32(5));
        assertEquals(1, launch.i32(7));
        rt.launches.clear();
        ops.binary(BinaryOp.DIV, dev(DType.F64, 2, 3), dev(DType.F32, 3), dev(DType.F16, 2, 3));
        assertEquals("binary_strided_c64_i32", rt.only().kernel());
        rt.launches.clear();
        ops.unary(UnaryOp.SILU, dev(DType.BF16, 3), dev(DType.BF16, 3));
        assertEquals("unary_contig_c32", rt.only().kernel());
    }

    @Test
    void inPlaceScaleOfATransposedView() {
        Tensor x = dev(DType.F32, 3, 4).transpose(0, 1);
        ops.scale(x, 0.5, x);
        var launch = rt.only();
        assertEquals("unary_strided_c32_i32", launch.kernel());
        assertEquals(Desc.of(l(4, 3), l(1, 4)), launch.desc(1));
        assertEquals(Desc.of(l(4, 3), l(1, 4)), launch.desc(4));
        assertEquals(launch.pointer(0), launch.pointer(3));
        assertEquals(OpCode.SCALE, launch.i32(7));
        assertEquals(0.5, launch.f64(8));
    }

    @Test
    void emptyTensorsLaunchNothing() {
        ops.binary(BinaryOp.ADD, dev(DType.F32, 0, 3), dev(DType.F32, 3), dev(DType.F32, 0, 3));
        ops.unary(UnaryOp.EXP, dev(DType.F32, 0), dev(DType.F32, 0));
        ops.softmax(dev(DType.F32, 2, 0), dev(DType.F32, 2, 0));
        ops.copy(dev(DType.I8, 0, 5), dev(DType.I8, 0, 5));
        ops.cast(dev(DType.F32, 0), dev(DType.I32, 0));
        ops.reduce(ReduceOp.SUM, dev(DType.F32, 0, 4), 1, dev(DType.F32, 0));
        ops.gather(dev(DType.F32, 5, 2), dev(DType.I64, 0), dev(DType.F32, 0, 2));
        ops.matmul(dev(DType.F32, 0, 3), dev(DType.F32, 3, 2), dev(DType.F32, 0, 2));
        assertEquals(List.of(), rt.events);
    }

    @Test
    void aboveRankEightTheIterationIsSplitIntoChunks() {
        long[] shape = new long[10];
        java.util.Arrays.fill(shape, 2);
        int[] reversed = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
        Tensor src = dev(DType.F16, shape).permute(reversed); // nothing merges: rank 10 after collapsing
        Tensor dst = dev(DType.F16, shape);
        ops.copy(src, dst);
        assertEquals(4, rt.launches.size()); // the two leading axes are walked on the host
        long srcBase = addr(src);
        long dstBase = addr(dst);
        for (int i = 0; i < 4; i++) {
            var launch = rt.launches.get(i);
            assertEquals("copy_strided_b2_i32", launch.kernel());
            long i0 = i / 2;
            long i1 = i % 2;
            assertEquals(srcBase + 2 * (i0 * 1 + i1 * 2), launch.pointer(0));
            assertEquals(dstBase + 2 * (i0 * 512 + i1 * 256), launch.pointer(2));
            assertEquals(8, launch.desc(1).shape().length);
            assertEquals(256, launch.i64(4));
        }
    }

    @Test
    void contiguousCopyMovesBytesAndStridedCopyGoesByElementSize() {
        Tensor a = dev(DType.I64, 5, 7);
        Tensor b = dev(DType.I64, 5, 7);
        ops.copy(a, b);
        var launch = rt.only();
        assertEquals("copy_contig", launch.kernel());
        assertEquals(5 * 7 * 8, launch.i64(2));
        assertEquals(Launcher.blocks((280 + 15) / 16), launch.gridX());
        rt.launches.clear();
        ops.copy(dev(DType.BOOL, 7, 5).transpose(0, 1), dev(DType.BOOL, 5, 7));
        assertEquals("copy_strided_b1_i32", rt.only().kernel());
        assertEquals(Desc.of(l(5, 7), l(1, 5)), rt.only().desc(1));
        assertEquals(Desc.of(l(5, 7), l(7, 1)), rt.only().desc(3));
    }

    @Test
    void castPassesBothDtypeCodes() {
        Tensor x = dev(DType.F32, 4, 4);
        Tensor o = dev(DType.U8, 4, 4);
        ops.cast(x, o);
        var launch = rt.only();
        assertEquals("convert_strided_i32", launch.kernel());
        assertEquals(DTypeCode.of(DType.F32), launch.i32(2));
        assertEquals(DTypeCode.of(DType.U8), launch.i32(5));
        assertEquals(Desc.of(l(16), l(1)), launch.desc(1));
        rt.launches.clear();
        ops.cast(dev(DType.I32, 3), dev(DType.I32, 3));
        assertEquals("copy_contig", rt.only().kernel());
    }

    @Test
    void concatCopiesEachPartIntoItsSlice() {
        Tensor p0 = dev(DType.F32, 2, 3);
        Tensor p1 = dev(DType.F32, 2, 5);
        Tensor o = dev(DType.F32, 2, 8);
        ops.concat(List.of(p0, p1), -1, o);
        assertEquals(2, rt.launches.size());
        var first = rt.launches.get(0);
        var second = rt.launches.get(1);
        assertEquals("copy_strided_b4_i32", first.kernel());
        assertEquals(addr(o), first.pointer(2));
        assertEquals(Desc.of(l(2, 3), l(8, 1)), first.desc(3));
        assertEquals(addr(o) + 3 * 4, second.pointer(2));
        assertEquals(Desc.of(l(2, 5), l(8, 1)), second.desc(3));
        rt.launches.clear();
        ops.concat(List.of(dev(DType.I32, 2), dev(DType.I32, 3)), 0, dev(DType.I64, 5));
        assertEquals(List.of("convert_strided_i32", "convert_strided_i32"), rt.launches.stream().map(RecordingKernelRuntime.Launch::kernel).toList());
    }

    @Test
    void softmaxRunsOneBlockPerRow() {
        Tensor x = dev(DType.F32, 6, 5, 300);
        Tensor o = dev(DType.F32, 6, 5, 300);
        ops.softmax(x, o);
        var launch = rt.only();
        assertEquals("rows.cu", launch.source());
        assertEquals("softmax_c32", launch.kernel());
        assertEquals(30, launch.gridX());
        assertEquals(512, launch.blockX());
        assertEquals(Desc.of(l(30), l(300)), launch.desc(1));
        assertEquals(1, launch.i64(2));
        assertEquals(30, launch.i64(8));
        assertEquals(300, launch.i64(9));
        assertEquals(32, Launcher.rowThreads(1));
        assertEquals(1024, Launcher.rowThreads(50_000));
    }

    @Test
    void layerNormPassesParameterColumnStrides() {
        Tensor x = dev(DType.BF16, 4, 64);
        Tensor gamma = dev(DType.F32, 64);
        Tensor beta = dev(DType.F32, 1);
        ops.layerNorm(x, gamma, beta, 1e-5, dev(DType.BF16, 4, 64));
        var launch = rt.only();
        assertEquals("layer_norm_c32", launch.kernel());
        assertEquals(addr(gamma), launch.pointer(4));
        assertEquals(1, launch.i64(5));
        assertEquals(0, launch.i64(8)); // beta holds one value for every column
        assertEquals(1e-5, launch.f64(10));
        assertEquals(64, launch.blockX());
        rt.launches.clear();
        ops.rmsNorm(dev(DType.F64, 3, 10), dev(DType.F32, 10), 1e-6, dev(DType.F32, 3, 10));
        assertEquals("rms_norm_c64", rt.only().kernel());
        assertEquals(1e-6, rt.only().f64(7));
    }

    @Test
    void reduceOverAContiguousAxisUsesBlocksAndOverAStridedAxisThreads() {
        Tensor x = dev(DType.F32, 16, 256);
        ops.reduce(ReduceOp.MEAN, x, 1, dev(DType.F32, 16, 1));
        var rows = rt.only();
        assertEquals("reduce_rows_c32", rows.kernel());
        assertEquals(16, rows.gridX());
        assertEquals(256, rows.blockX());
        assertEquals(Desc.of(l(16), l(256)), rows.desc(1));
        assertEquals(1, rows.i64(2));
        assertEquals(16, rows.i64(7));
        assertEquals(256, rows.i64(8));
        assertEquals(OpCode.of(ReduceOp.MEAN), rows.i32(9));
        rt.launches.clear();
        Tensor big = dev(DType.F16, 4096, 3000);
        ops.reduce(ReduceOp.MAX, big, 0, dev(DType.F16, 3000));
        var cols = rt.only();
        assertEquals("reduce_cols_c32", cols.kernel());
        assertEquals(Launcher.blocks(3000), cols.gridX());
        assertEquals(3000, cols.i64(2)); // the reduced axis' stride
        assertEquals(Desc.of(l(3000), l(1)), cols.desc(1));
        assertEquals(4096, cols.i64(8));
    }

    @Test
    void gatherChecksIndicesOnTheDeviceAndSynchronizesBeforeCopyingRows() {
        Tensor table = dev(DType.F16, 100, 64);
        Tensor idx = dev(DType.I32, 3, 4);
        Tensor out = dev(DType.F32, 3, 4, 64);
        ops.gather(table, idx, out);
        assertEquals(List.of("set_u64", "gather_check", "sync", "gather_rows"), rt.events.subList(0, 4));
        var check = rt.launches.get(1);
        assertEquals(addr(idx), check.pointer(0));
        assertEquals(Desc.of(l(12), l(1)), check.desc(1));
        assertEquals(12, check.i64(3));
        assertEquals(100, check.i64(4));
        assertEquals(rt.launches.get(0).pointer(0), check.pointer(5));
        var rows = rt.launches.get(2);
        assertEquals(addr(table), rows.pointer(0));
        assertEquals(64, rows.i64(1));
        assertEquals(1, rows.i64(2));
        assertEquals(DTypeCode.of(DType.F16), rows.i32(3));
        assertEquals(Desc.of(l(12), l(64)), rows.desc(8));
        assertEquals(DTypeCode.of(DType.F32), rows.i32(10));
        assertEquals(12, rows.i64(11));
        assertEquals(64, rows.i64(12));
        assertEquals(Launcher.blocks(12 * 64), rows.gridX());
    }

    @Test
    void gatherThrowsNamingTheFirstBadIndexAndWritesNothing() {
        Tensor table = dev(DType.F32, 10, 2);
        Tensor idx = dev(DType.I64, 2, 3);
        Tensor host = FakeCudaDevice.hostView(idx);
        long[] values = {1, 2, 3, 4, 42, 5};
        for (int i = 0; i < 6; i++) {
            host.setLong(values[i], i / 3, i % 3);
        }
        rt.onLaunch = launch -> { // what gather_check computes: the first position of a bad index
            if (launch.kernel().equals("gather_check")) {
                java.lang.foreign.MemorySegment.ofAddress(launch.pointer(5)).reinterpret(8)
                        .set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 0, 4L);
            }
        };
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> ops.gather(table, idx, dev(DType.F32, 2, 3, 2)));
        assertEquals("gather: index 42 at position [1, 1] of indices [2, 3] is out of range for a table of 10 rows", e.getMessage());
        assertFalse(rt.events.contains("gather_rows"));
    }

    @Test
    void descriptorPackingRoundTrips() {
        var v = StridedDesc.pack(l(2, 3, 4), l(12, -4, 0));
        assertEquals(136, v.bytes().length);
        assertEquals(8, v.alignment());
        assertEquals(Desc.of(l(2, 3, 4), l(12, -4, 0)), Desc.parse(v));
        assertEquals(3, v.bytes()[StridedDesc.RANK_OFFSET]);
        assertEquals(2, v.bytes()[0]);
        assertThrows(IllegalArgumentException.class, () -> StridedDesc.pack(new long[9], new long[9]));
    }

    @Test
    void iterationSpaceCollapsesAndKeepsBroadcasts() {
        IterationSpace s = IterationSpace.of(l(2, 1, 3, 4), l(12, 99, 4, 1), l(0, 0, 4, 1));
        assertArrayEquals(l(2, 12), s.shape);
        assertArrayEquals(l(12, 1), s.strides[0]);
        assertArrayEquals(l(0, 1), s.strides[1]);
        assertFalse(s.isContiguous());
        IterationSpace c = IterationSpace.of(l(2, 3, 4), l(12, 4, 1), l(12, 4, 1));
        assertArrayEquals(l(24), c.shape);
        assertTrue(c.isContiguous());
        assertArrayEquals(l(1), IterationSpace.of(l()).shape);
        assertEquals(0, IterationSpace.of(l(3, 0), l(1, 1)).numel);
    }
}
