package dev.accel.cuda.ops;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Backends;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Device;
import dev.accel.backend.OpKind;
import dev.accel.backend.Ops;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.UnaryOp;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation: the same errors as the CPU backend, raised before anything is launched. */
class CudaOpsValidationTest {
    /** Allocates a tensor on the device under test. */
    interface Alloc {
        Tensor t(DType dtype, long... shape);
    }

    private MemoryScope scope;
    private FakeCudaDevice device;
    private RecordingKernelRuntime rt;
    private CudaOps ops;
    private Device cpu;

    @BeforeEach
    void setUp() {
        scope = MemoryScope.shared();
        device = new FakeCudaDevice("cuda:0");
        rt = new RecordingKernelRuntime(device);
        ops = new CudaOps(rt);
        cpu = Backends.device("cpu");
    }

    @AfterEach
    void tearDown() {
        scope.close();
    }

    private Tensor dev(DType t, long... shape) {
        return Tensor.empty(device, scope, t, shape);
    }

    /** Bad calls, each run on the CPU with host tensors and on CUDA with device tensors. */
    private static Map<String, BiConsumer<Ops, Alloc>> badCalls() {
        Map<String, BiConsumer<Ops, Alloc>> m = new LinkedHashMap<>();
        m.put("add of unbroadcastable shapes", (o, a) -> o.binary(BinaryOp.ADD, a.t(DType.F32, 2, 3), a.t(DType.F32, 4), a.t(DType.F32, 2, 3)));
        m.put("add into a wrong out shape", (o, a) -> o.binary(BinaryOp.ADD, a.t(DType.F32, 2, 3), a.t(DType.F32, 3), a.t(DType.F32, 3, 2)));
        m.put("add of integers", (o, a) -> o.binary(BinaryOp.ADD, a.t(DType.I32, 3), a.t(DType.I32, 3), a.t(DType.I32, 3)));
        m.put("exp into a bool out", (o, a) -> o.unary(UnaryOp.EXP, a.t(DType.F32, 3), a.t(DType.BOOL, 3)));
        m.put("add into a broadcast out", (o, a) -> o.binary(BinaryOp.ADD, a.t(DType.F32, 3), a.t(DType.F32, 3), a.t(DType.F32, 1).expand(3)));
        m.put("matmul inner sizes", (o, a) -> o.matmul(a.t(DType.F32, 2, 3), a.t(DType.F32, 4, 2), a.t(DType.F32, 2, 2)));
        m.put("matmul of vectors", (o, a) -> o.matmul(a.t(DType.F32, 3), a.t(DType.F32, 3), a.t(DType.F32)));
        m.put("matmul of u8", (o, a) -> o.matmul(a.t(DType.U8, 2, 2), a.t(DType.F32, 2, 2), a.t(DType.F32, 2, 2)));
        m.put("softmax out shape", (o, a) -> o.softmax(a.t(DType.F32, 2, 3), a.t(DType.F32, 2, 4)));
        m.put("layer norm gamma shape", (o, a) -> o.layerNorm(a.t(DType.F32, 2, 8), a.t(DType.F32, 4), a.t(DType.F32, 8), 1e-5, a.t(DType.F32, 2, 8)));
        m.put("layer norm negative eps", (o, a) -> o.layerNorm(a.t(DType.F32, 2, 8), a.t(DType.F32, 8), a.t(DType.F32, 8), -1, a.t(DType.F32, 2, 8)));
        m.put("rms norm NaN eps", (o, a) -> o.rmsNorm(a.t(DType.F32, 2, 8), a.t(DType.F32, 8), Double.NaN, a.t(DType.F32, 2, 8)));
        m.put("gather f32 indices", (o, a) -> o.gather(a.t(DType.F32, 4, 2), a.t(DType.F32, 3), a.t(DType.F32, 3, 2)));
        m.put("gather rank-3 table", (o, a) -> o.gather(a.t(DType.F32, 4, 2, 1), a.t(DType.I32, 3), a.t(DType.F32, 3, 2)));
        m.put("max of an empty axis", (o, a) -> o.reduce(ReduceOp.MAX, a.t(DType.F32, 3, 0), 1, a.t(DType.F32, 3)));
        m.put("sum out shape", (o, a) -> o.reduce(ReduceOp.SUM, a.t(DType.F32, 3, 4), 1, a.t(DType.F32, 4)));
        m.put("sum axis out of range", (o, a) -> o.reduce(ReduceOp.SUM, a.t(DType.F32, 3, 4), 2, a.t(DType.F32, 3)));
        m.put("cast shape", (o, a) -> o.cast(a.t(DType.F32, 3), a.t(DType.I8, 4)));
        m.put("concat of two dtypes", (o, a) -> o.concat(List.of(a.t(DType.F32, 3), a.t(DType.F16, 3)), 0, a.t(DType.F32, 6)));
        m.put("concat sizes", (o, a) -> o.concat(List.of(a.t(DType.F32, 2, 3), a.t(DType.F32, 2, 4)), 0, a.t(DType.F32, 4, 3)));
        m.put("concat of nothing", (o, a) -> o.concat(List.of(), 0, a.t(DType.F32, 0)));
        m.put("copy between dtypes", (o, a) -> o.copy(a.t(DType.F32, 3), a.t(DType.F64, 3)));
        return m;
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t instanceof AccelException e ? "/" + e.code() : "");
    }

    @Test
    void badCallsFailAsOnTheCpuAndLaunchNothing() {
        for (var e : badCalls().entrySet()) {
            Throwable onCpu = assertThrows(Throwable.class, () -> e.getValue().accept(cpu.ops(), (t, s) -> Tensor.zeros(scope, t, s)), e.getKey());
            Throwable onCuda = assertThrows(Throwable.class, () -> e.getValue().accept(ops, this::dev), e.getKey());
            assertEquals(describe(onCpu), describe(onCuda), e.getKey() + ": cpu said '" + onCpu.getMessage() + "', cuda said '" + onCuda.getMessage() + "'");
        }
        assertEquals(List.of(), rt.events);
    }

    @Test
    void hostTensorsAreRejectedWithTheWayOut() {
        Tensor host = Tensor.zeros(scope, DType.F32, 3);
        AccelException e = assertThrows(AccelException.class, () -> ops.binary(BinaryOp.ADD, host, dev(DType.F32, 3), dev(DType.F32, 3)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("add: a is in HOST memory, which cuda:0 cannot address"), e.getMessage());
    }

    @Test
    void anotherDevicesMemoryIsRejected() {
        FakeCudaDevice other = new FakeCudaDevice("cuda:1");
        Tensor x = Tensor.empty(other, scope, DType.F32, 3);
        AccelException e = assertThrows(AccelException.class, () -> ops.unary(UnaryOp.RELU, x, dev(DType.F32, 3)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("DEVICE memory of cuda:1, which cuda:0 cannot address"), e.getMessage());
        assertEquals(List.of(), rt.events);
    }

    @Test
    void integerOperandsOfFloatOpsAreUnsupportedWithTheDtypeNamed() {
        AccelException e = assertThrows(AccelException.class, () -> ops.softmax(dev(DType.I64, 2, 2), dev(DType.I64, 2, 2)));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("softmax on cuda:0 takes floating-point tensors"), e.getMessage());
        assertTrue(e.getMessage().contains("i64[2, 2]"), e.getMessage());
    }

    @Test
    void freedTensorsThrowIllegalState() {
        MemoryScope s = MemoryScope.shared();
        Tensor x = Tensor.empty(device, s, DType.F32, 3);
        s.close();
        assertThrows(IllegalStateException.class, () -> ops.scale(x, 2, dev(DType.F32, 3)));
    }

    @Test
    void supportsMatchesTheCpuBackend() {
        for (OpKind op : OpKind.values()) {
            for (DType t : DType.values()) {
                assertEquals(cpu.supports(op, t), CudaOps.supports(op, t), op + " " + t);
            }
        }
        assertTrue(CudaOps.supports(OpKind.GATHER, DType.BOOL));
        assertEquals(false, CudaOps.supports(OpKind.ADD, DType.I32));
    }
}
