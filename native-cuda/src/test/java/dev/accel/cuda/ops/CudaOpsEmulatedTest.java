package dev.accel.cuda.ops;

import dev.accel.backend.Backends;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Ops;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.UnaryOp;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole CUDA op path without a GPU: {@link CudaOps} packs arguments exactly as for the device, and
 * {@link EmulatedKernelRuntime} runs the real kernel sources compiled for the host (and GEMM specs as plain
 * loops); results are compared with the CPU backend. This checks kernel logic, argument packing and the
 * matmul plans, not GPU-specific behaviour (real parallel scheduling, PTX math, cuBLAS). Skips when no
 * host C++ compiler is installed.
 */
class CudaOpsEmulatedTest {
    private static final List<DType> FLOATS = List.of(DType.F32, DType.F16, DType.BF16, DType.F64);

    @TempDir
    static Path buildDir;
    private static FakeCudaDevice device;
    private static EmulatedKernelRuntime rt;
    private static String skipReason;

    private CudaOps ops;
    private Ops cpu;
    private MemoryScope scope;
    private final Random random = new Random(7);

    @BeforeAll
    static void build() throws Exception {
        Optional<Path> cxx = EmulatedKernelRuntime.compiler();
        if (cxx.isEmpty()) {
            skipReason = "no host C++ compiler (g++, c++ or clang++) on the PATH: kernel emulation tests skipped";
            return;
        }
        device = new FakeCudaDevice("cuda:0");
        rt = EmulatedKernelRuntime.build(cxx.get(), buildDir, device);
    }

    @AfterAll
    static void release() {
        if (rt != null) {
            rt.close();
        }
    }

    @BeforeEach
    void setUp() {
        assumeTrue(skipReason == null, skipReason);
        ops = new CudaOps(rt);
        cpu = Backends.device("cpu").ops();
        scope = MemoryScope.shared();
    }

    @AfterEach
    void tearDown() {
        if (scope != null) {
            scope.close();
        }
    }

    static double tolerance(DType t) {
        return switch (t) {
            case F64 -> 1e-12;
            case F32 -> 2e-6;
            case F16 -> 1e-3;
            case BF16 -> 8e-3;
            default -> 0;
        };
    }

    private Tensor host(DType t, long... shape) {
        Tensor h = Tensor.zeros(scope, t, shape);
        Tensor flat = h.reshape(h.numel());
        for (long i = 0; i < h.numel(); i++) {
            flat.setDouble(random.nextGaussian() * 2, i);
        }
        return h;
    }

    /** A device copy of a host tensor (same layout: contiguous). */
    private Tensor dev(Tensor host) {
        Tensor d = Tensor.empty(device, scope, host.dtype(), host.shape());
        host.copyTo(FakeCudaDevice.hostView(d));
        return d;
    }

    private Tensor devEmpty(DType t, long... shape) {
        return Tensor.empty(device, scope, t, shape);
    }

    private static void assertClose(Tensor expected, Tensor actualDevice, double tol, String what) {
        Tensor actual = FakeCudaDevice.hostView(actualDevice);
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            boolean ok = Double.isNaN(e[i]) ? Double.isNaN(a[i])
                    : e[i] == a[i] || Math.abs(e[i] - a[i]) <= tol * Math.max(1, Math.abs(e[i]));
            assertTrue(ok, what + ": element " + i + " expected " + e[i] + " got " + a[i]);
        }
    }

    @Test
    void binaryOpsWithBroadcastViewsMixedDtypesAndInPlace() {
        for (DType t : FLOATS) {
            for (BinaryOp op : BinaryOp.values()) {
                Tensor a = host(t, 3, 4, 5);
                Tensor b = host(t, 5);
                assertClose(cpu.binary(op, a, b, scope), ops.binary(op, dev(a), dev(b), scope), tolerance(t), op + " " + t + " broadcast");
                Tensor c = host(t, 5, 4);
                Tensor d = host(t, 4, 1);
                assertClose(cpu.binary(op, c.transpose(0, 1), d, scope), ops.binary(op, dev(c).transpose(0, 1), dev(d), scope),
                        tolerance(t), op + " " + t + " transposed");
                Tensor e = host(t, 1031);
                Tensor f = host(t, 1031);
                assertClose(cpu.binary(op, e, f, scope), ops.binary(op, dev(e), dev(f), scope), tolerance(t), op + " " + t + " contiguous");
                Tensor g = dev(e);
                Tensor unaligned = g.narrow(0, 1, 1030);
                ops.binary(op, unaligned, dev(f).narrow(0, 1, 1030), unaligned);
                assertClose(cpu.binary(op, e.narrow(0, 1, 1030), f.narrow(0, 1, 1030), scope), unaligned, tolerance(t), op + " " + t + " in place, unaligned");
            }
        }
        Tensor a = host(DType.F16, 4, 6);
        Tensor b = host(DType.F32, 6);
        Tensor expected = Tensor.zeros(scope, DType.BF16, 4, 6);
        cpu.binary(BinaryOp.MUL, a, b, expected);
        Tensor actual = devEmpty(DType.BF16, 4, 6);
        ops.binary(BinaryOp.MUL, dev(a), dev(b), actual);
        assertClose(expected, actual, tolerance(DType.BF16), "f16 * f32 -> bf16");
    }

    @Test
    void unaryOpsAndScale() {
        for (DType t : FLOATS) {
            for (UnaryOp op : UnaryOp.values()) {
                Tensor x = host(t, 257);
                x.setDouble(-0.0, 0);
                x.setDouble(Double.NaN, 1);
                x.setDouble(-30, 2);
                x.setDouble(30, 3);
                assertClose(cpu.unary(op, x, scope), ops.unary(op, dev(x), scope), 4 * tolerance(t), op + " " + t);
                Tensor y = host(t, 7, 9);
                assertClose(cpu.unary(op, y.transpose(0, 1), scope), ops.unary(op, dev(y).transpose(0, 1), scope), 4 * tolerance(t),
                        op + " " + t + " transposed");
            }
            Tensor x = host(t, 6, 5);
            assertClose(cpu.scale(x.transpose(0, 1), -1.5, scope), ops.scale(dev(x).transpose(0, 1), -1.5, scope), tolerance(t), "scale " + t);
        }
    }

    @Test
    void softmaxAndNormsPerRow() {
        for (DType t : FLOATS) {
            Tensor x = host(t, 3, 40); // 64 threads per row: two warps
            assertClose(cpu.softmax(x, scope), ops.softmax(dev(x), scope), 2 * tolerance(t), "softmax " + t);
            Tensor xt = host(t, 40, 3);
            assertClose(cpu.softmax(xt.transpose(0, 1), scope), ops.softmax(dev(xt).transpose(0, 1), scope), 2 * tolerance(t), "softmax^T " + t);
            Tensor gamma = host(t, 40);
            Tensor beta = host(t, 1);
            assertClose(cpu.layerNorm(x, gamma, beta, 1e-5, scope), ops.layerNorm(dev(x), dev(gamma), dev(beta), 1e-5, scope),
                    8 * tolerance(t), "layer norm " + t);
            assertClose(cpu.rmsNorm(x, gamma, 1e-6, scope), ops.rmsNorm(dev(x), dev(gamma), 1e-6, scope), 8 * tolerance(t), "rms norm " + t);
        }
        Tensor s = host(DType.F32);
        assertClose(cpu.softmax(s, scope), ops.softmax(dev(s), scope), 0, "softmax of a scalar");
    }

    @Test
    void reductionsOverEveryAxisWithBothKernels() {
        for (DType t : FLOATS) {
            for (ReduceOp op : ReduceOp.values()) {
                Tensor x = host(t, 4, 40);
                // axis 1: a block per output (contiguous axis); axis 0: a thread per output (short strided axis)
                assertClose(cpu.reduce(op, x, 1, false, scope), ops.reduce(op, dev(x), 1, false, scope), 40 * tolerance(t), op + " " + t + " rows");
                assertClose(cpu.reduce(op, x, 0, true, scope), ops.reduce(op, dev(x), 0, true, scope), 40 * tolerance(t), op + " " + t + " cols");
            }
        }
        for (ReduceOp op : ReduceOp.values()) {
            Tensor x = host(DType.F32, 40, 5);
            assertClose(cpu.reduce(op, x, 0, false, scope), ops.reduce(op, dev(x), 0, false, scope), 1e-5, op + " long strided axis, few outputs");
            Tensor y = host(DType.F32, 3, 1, 33);
            assertClose(cpu.reduce(op, y, 2, true, scope), ops.reduce(op, dev(y), 2, true, scope), 1e-5, op + " rank 3, kept");
        }
        Tensor empty = host(DType.F32, 3, 0);
        assertClose(cpu.reduce(ReduceOp.SUM, empty, 1, false, scope), ops.reduce(ReduceOp.SUM, dev(empty), 1, false, scope), 0, "sum of nothing");
        assertClose(cpu.reduce(ReduceOp.MEAN, empty, 1, false, scope), ops.reduce(ReduceOp.MEAN, dev(empty), 1, false, scope), 0, "mean of nothing");
        Tensor withNan = host(DType.F32, 2, 40);
        withNan.setDouble(Double.NaN, 1, 10);
        assertClose(cpu.reduce(ReduceOp.MAX, withNan, 1, false, scope), ops.reduce(ReduceOp.MAX, dev(withNan), 1, false, scope), 0, "max keeps NaN");
    }

    @Test
    void castFollowsTheCpuRulesExactlyForEveryPair() {
        double[] special = {0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 127.9, 128.0, 255.5, 256.0, -129.7, 65504.0, 65520.0, 1e5, -1e5,
                3.0e9, -3.0e9, 1e19, -1e19, 1e30, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0009765625,
                1.00048828125, 1.00390625 + 1.0 / 1024, 5.960464477539063e-8, 2.9802322387695312e-8, 1e-40, 9007199254740993.0,
                -9223372036854775808.0, 9.3e18, 0.1, 1.0 / 3, 3.0000002};
        Tensor src64 = Tensor.copyOf(scope, special, special.length);
        for (DType from : DType.values()) {
            Tensor src = Tensor.zeros(scope, from, special.length);
            cpu.cast(src64, src);
            if (from == DType.I64) {
                src.setLong(Long.MIN_VALUE, 0);
                src.setLong(Long.MAX_VALUE, 1);
                src.setLong((1L << 53) + 1, 2);
                src.setLong(-((1L << 60) + (1L << 7) + 1), 3);
                src.setLong(65520, 4);
            }
            for (DType to : DType.values()) {
                Tensor expected = Tensor.zeros(scope, to, special.length);
                cpu.cast(src, expected);
                Tensor actual = devEmpty(to, special.length);
                ops.cast(dev(src), actual);
                assertClose(expected, actual, 0, "cast " + from + " -> " + to);
            }
        }
    }

    @Test
    void gatherConcatAndCopy() {
        Tensor table = host(DType.F16, 10, 6);
        for (DType it : List.of(DType.I32, DType.I64)) {
            Tensor idx = Tensor.zeros(scope, it, 2, 3);
            long[] rows = {3, 0, 9, 9, 2, 5};
            for (int i = 0; i < 6; i++) {
                idx.setLong(rows[i], i / 3, i % 3);
            }
            Tensor expected = Tensor.zeros(scope, DType.F32, 2, 3, 6);
            cpu.gather(table, idx, expected);
            Tensor actual = devEmpty(DType.F32, 2, 3, 6);
            ops.gather(dev(table), dev(idx), actual);
            assertClose(expected, actual, 0, "gather " + it);
            idx.setLong(-1, 1, 0);
            Tensor bad = dev(idx);
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> ops.gather(dev(table), bad, scope));
            assertEquals("gather: index -1 at position [1, 0] of indices [2, 3] is out of range for a table of 10 rows", e.getMessage());
        }
        Tensor p0 = host(DType.BF16, 2, 3);
        Tensor p1 = host(DType.BF16, 2, 5);
        Tensor expected = Tensor.zeros(scope, DType.F64, 2, 8);
        cpu.concat(List.of(p0, p1), 1, expected);
        Tensor actual = devEmpty(DType.F64, 2, 8);
        ops.concat(List.of(dev(p0), dev(p1)), 1, actual);
        assertClose(expected, actual, 0, "concat with conversion");
        assertClose(cpu.concat(List.of(p0, p0), 0, scope), ops.concat(List.of(dev(p0), dev(p0)), 0, scope), 0, "concat axis 0");

        long[] shape = new long[10];
        Arrays.fill(shape, 2);
        int[] reversed = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
        Tensor x = host(DType.I16, shape);
        Tensor copy = devEmpty(DType.I16, shape);
        ops.copy(dev(x).permute(reversed), copy);
        assertClose(x.permute(reversed).contiguous(), copy, 0, "rank-10 permuted copy");
    }

    @Test
    void matmulPlansComputeTheRightProducts() {
        for (DType t : FLOATS) {
            double tol = 20 * tolerance(t);
            Tensor a = host(t, 2, 5, 7);
            Tensor b = host(t, 7, 3);
            assertClose(cpu.matmul(a, b, scope), ops.matmul(dev(a), dev(b), scope), tol, "batched " + t);
            Tensor bt = host(t, 3, 7);
            assertClose(cpu.matmul(a, bt.transpose(0, 1), scope), ops.matmul(dev(a), dev(bt).transpose(0, 1), scope), tol, "b^T " + t);
            Tensor a4 = host(t, 2, 1, 4, 6);
            Tensor b4 = host(t, 1, 3, 6, 5);
            assertClose(cpu.matmul(a4, b4, scope), ops.matmul(dev(a4), dev(b4), scope), tol, "broadcast batch " + t);
            Tensor a2 = host(t, 4, 6);
            Tensor b2 = host(t, 6, 5);
            Tensor outT = devEmpty(t, 5, 4);
            ops.matmul(dev(a2), dev(b2), outT.transpose(0, 1));
            assertClose(cpu.matmul(a2, b2, scope), outT.transpose(0, 1), tol, "column-major out " + t);
            Tensor row = host(t, 1, 6);
            assertClose(cpu.matmul(row.expand(4, 6), b2, scope), ops.matmul(dev(row).expand(4, 6), dev(b2), scope), tol, "broadcast row " + t);
            Tensor every2 = host(t, 4, 12);
            assertClose(cpu.matmul(every2.slice(1, 0, 12, 2), b2, scope), ops.matmul(dev(every2).slice(1, 0, 12, 2), dev(b2), scope), tol,
                    "strided columns " + t);
        }
        Tensor a = host(DType.F16, 3, 4);
        Tensor b = host(DType.F32, 4, 2);
        Tensor expected = Tensor.zeros(scope, DType.BF16, 3, 2);
        cpu.matmul(a, b, expected);
        Tensor actual = devEmpty(DType.BF16, 3, 2);
        ops.matmul(dev(a), dev(b), actual);
        assertClose(expected, actual, tolerance(DType.BF16), "f16 x f32 -> bf16");
        Tensor z = devEmpty(DType.F32, 3, 2);
        ops.matmul(devEmpty(DType.F32, 3, 0), devEmpty(DType.F32, 0, 2), z);
        assertClose(Tensor.zeros(scope, DType.F32, 3, 2), z, 0, "k = 0");
    }

    @Test
    void wideIndexKernelsComputeTheSame() {
        rt.forceWideIndex = true;
        try {
            Tensor a = host(DType.F32, 5, 4);
            Tensor b = host(DType.F16, 4);
            assertClose(cpu.binary(BinaryOp.SUB, a.transpose(0, 1), b.unsqueeze(1), scope),
                    ops.binary(BinaryOp.SUB, dev(a).transpose(0, 1), dev(b).unsqueeze(1), scope), 1e-6, "binary _i64");
            assertClose(cpu.unary(UnaryOp.TANH, a.transpose(0, 1), scope), ops.unary(UnaryOp.TANH, dev(a).transpose(0, 1), scope), 1e-6, "unary _i64");
            Tensor i = Tensor.zeros(scope, DType.I32, 4, 5);
            cpu.cast(a.transpose(0, 1), i);
            Tensor ci = devEmpty(DType.I32, 4, 5);
            ops.cast(dev(a).transpose(0, 1), ci);
            assertClose(i, ci, 0, "convert _i64");
            for (DType t : List.of(DType.BOOL, DType.BF16, DType.F32, DType.F64)) {
                Tensor x = host(t, 3, 7);
                Tensor copy = devEmpty(t, 7, 3);
                ops.copy(dev(x).transpose(0, 1), copy);
                assertClose(x.transpose(0, 1).contiguous(), copy, 0, "copy _i64 " + t);
            }
        } finally {
            rt.forceWideIndex = false;
        }
    }
}
