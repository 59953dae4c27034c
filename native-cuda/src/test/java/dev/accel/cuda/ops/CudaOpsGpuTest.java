package dev.accel.cuda.ops;

import dev.accel.backend.Backend;
import dev.accel.backend.Backends;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Device;
import dev.accel.backend.Ops;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.UnaryOp;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the CUDA ops on a real GPU ({@code Backends.device("cuda")}) and compares them with the CPU
 * backend on random inputs, per dtype tolerance. Without a usable CUDA backend every test skips with the
 * backend's own reason.
 */
class CudaOpsGpuTest {
    private static final List<DType> FLOATS = List.of(DType.F32, DType.F16, DType.BF16, DType.F64);

    private Device gpu;
    private Device cpu;
    private MemoryScope scope;
    private final Random random = new Random(42);

    @BeforeEach
    void setUp() {
        String reason;
        try {
            Backend cuda = Backends.get("cuda");
            reason = cuda.availability().available() ? null : cuda.availability().reason();
        } catch (RuntimeException e) {
            reason = e.getMessage();
        }
        assumeTrue(reason == null, "CUDA backend unavailable: " + reason);
        gpu = Backends.device("cuda");
        cpu = Backends.device("cpu");
        scope = MemoryScope.shared();
    }

    @AfterEach
    void tearDown() {
        if (scope != null) {
            scope.close();
        }
    }

    /** Relative-and-absolute tolerance of a result of {@code t} (computed in f32 on the GPU). */
    static double tolerance(DType t) {
        return switch (t) {
            case F64 -> 1e-10;
            case F32 -> 2e-5;
            case F16 -> 2e-3;
            case BF16 -> 1.6e-2;
            default -> 0;
        };
    }

    private Tensor randomHost(DType t, long... shape) {
        Tensor h = Tensor.zeros(scope, t, shape);
        long n = h.numel();
        Tensor flat = h.reshape(n);
        for (long i = 0; i < n; i++) {
            flat.setDouble(random.nextGaussian(), i);
        }
        return h;
    }

    private Tensor toGpu(Tensor host) {
        return host.to(gpu, scope);
    }

    private Tensor toHost(Tensor device) {
        Tensor h = Tensor.zeros(scope, device.dtype(), device.shape());
        device.copyTo(h);
        return h;
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            boolean ok = Double.isNaN(e[i]) ? Double.isNaN(a[i]) : e[i] == a[i] || Math.abs(e[i] - a[i]) <= tol * (1 + Math.abs(e[i]));
            assertTrue(ok, what + ": element " + i + " expected " + e[i] + " got " + a[i]);
        }
    }

    /** Runs {@code op} on CPU and GPU with the same host inputs and compares the outputs. */
    private void compare(String what, DType outType, List<Tensor> hostInputs, Function<Ops, Function<List<Tensor>, Tensor>> op) {
        Tensor expected = op.apply(cpu.ops()).apply(hostInputs);
        Tensor actual = op.apply(gpu.ops()).apply(hostInputs.stream().map(this::toGpu).toList());
        assertClose(expected, toHost(actual), tolerance(outType), what);
    }

    @Test
    void binaryWithBroadcastAndViewsMatchesCpu() {
        for (DType t : FLOATS) {
            for (BinaryOp op : BinaryOp.values()) {
                compare(op + " " + t, t, List.of(randomHost(t, 3, 4, 5), randomHost(t, 5)),
                        ops -> in -> ops.binary(op, in.get(0), in.get(1), scope));
                compare(op + " " + t + " transposed", t, List.of(randomHost(t, 5, 4), randomHost(t, 4, 1)),
                        ops -> in -> ops.binary(op, in.get(0).transpose(0, 1), in.get(1), scope));
            }
        }
    }

    @Test
    void unaryAndScaleMatchCpu() {
        for (DType t : FLOATS) {
            for (UnaryOp op : UnaryOp.values()) {
                compare(op + " " + t, t, List.of(randomHost(t, 1000)), ops -> in -> ops.unary(op, in.get(0), scope));
            }
            compare("scale " + t, t, List.of(randomHost(t, 7, 9)), ops -> in -> ops.scale(in.get(0).transpose(0, 1), -1.5, scope));
        }
    }

    @Test
    void rowOpsMatchCpu() {
        for (DType t : FLOATS) {
            compare("softmax " + t, t, List.of(randomHost(t, 6, 333)), ops -> in -> ops.softmax(in.get(0), scope));
            compare("layer norm " + t, t, List.of(randomHost(t, 5, 64), randomHost(t, 64), randomHost(t, 64)),
                    ops -> in -> ops.layerNorm(in.get(0), in.get(1), in.get(2), 1e-5, scope));
            compare("rms norm " + t, t, List.of(randomHost(t, 5, 64), randomHost(t, 64)), ops -> in -> ops.rmsNorm(in.get(0), in.get(1), 1e-6, scope));
            for (ReduceOp op : ReduceOp.values()) {
                for (int axis = 0; axis < 2; axis++) {
                    int a = axis;
                    compare(op + " axis " + a + " " + t, t, List.of(randomHost(t, 40, 70)), ops -> in -> ops.reduce(op, in.get(0), a, false, scope));
                }
            }
        }
    }

    @Test
    void matmulMatchesCpu() {
        for (DType t : FLOATS) {
            double tol = t == DType.F32 ? 1e-4 : tolerance(t) * 4;
            Tensor a = randomHost(t, 3, 17, 33);
            Tensor b = randomHost(t, 33, 9);
            Tensor expected = cpu.ops().matmul(a, b, scope);
            assertClose(expected, toHost(gpu.ops().matmul(toGpu(a), toGpu(b), scope)), tol, "matmul " + t);
            Tensor bt = randomHost(t, 9, 33);
            expected = cpu.ops().matmul(a, bt.transpose(0, 1), scope);
            assertClose(expected, toHost(gpu.ops().matmul(toGpu(a), toGpu(bt).transpose(0, 1), scope)), tol, "matmul b^T " + t);
        }
    }

    @Test
    void castGatherConcatCopyMatchCpuExactly() {
        Tensor x = cpu.ops().scale(randomHost(DType.F64, 4, 6), 300, scope); // wide enough to wrap i8 and u8
        x.setDouble(Double.NaN, 0, 0);
        x.setDouble(1e30, 0, 1);
        for (DType from : DType.values()) {
            Tensor src = cpu.ops().cast(x, from, scope);
            for (DType to : DType.values()) {
                compare("cast " + from + " -> " + to, DType.F64, List.of(src), ops -> in -> ops.cast(in.get(0).transpose(0, 1), to, scope));
            }
        }
        Tensor table = randomHost(DType.F32, 10, 8);
        Tensor idx = Tensor.copyOf(scope, new long[] {3, 0, 9, 9, 2}, 5);
        compare("gather", DType.F32, List.of(table, idx), ops -> in -> ops.gather(in.get(0), in.get(1), scope));
        Tensor bad = Tensor.copyOf(scope, new long[] {3, 10}, 2);
        assertThrows(IndexOutOfBoundsException.class, () -> gpu.ops().gather(toGpu(table), toGpu(bad), scope));
        compare("concat", DType.F16, List.of(randomHost(DType.F16, 2, 3), randomHost(DType.F16, 2, 5)),
                ops -> in -> ops.concat(List.of(in.get(0), in.get(1)), 1, scope));
    }
}
