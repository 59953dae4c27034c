package dev.accel.cpu;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Device;
import dev.accel.backend.OpKind;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.UnaryOp;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.accel.cpu.TestSupport.ops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argument checks, device memory, closed scopes, read-only outputs and concurrent use. */
class ErrorsTest {
    private static AccelException assertCode(ErrorCode code, Executable call, String... mentions) {
        AccelException e = assertThrows(AccelException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "message '" + e.getMessage() + "' should mention " + m);
        }
        return e;
    }

    /** A tensor in DEVICE memory of a stand-in device that the CPU cannot address. */
    static Tensor deviceTensor(MemoryScope scope, long... shape) {
        Device fake = (Device) Proxy.newProxyInstance(Device.class.getClassLoader(), new Class<?>[] {Device.class}, (proxy, method, args) -> {
            if (method.getName().equals("name")) {
                return "fake:0";
            }
            if (method.getName().equals("toString")) {
                return "FakeDevice";
            }
            throw new UnsupportedOperationException(method.getName());
        });
        long bytes = 4 * java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact);
        Memory m = new Memory(MemoryKind.DEVICE, fake, MemorySegment.ofAddress(4096), scope, bytes);
        return Tensor.view(m, DType.F32, shape);
    }

    @Test
    void shapeMismatchesNameTheShapes() {
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor a = Tensor.zeros(s, DType.F32, 2, 3);
            Tensor b = Tensor.zeros(s, DType.F32, 4);
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().binary(BinaryOp.ADD, a, b, Tensor.zeros(s, DType.F32, 2, 3)), "[2, 3]", "[4]");
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().binary(BinaryOp.ADD, a, a, Tensor.zeros(s, DType.F32, 3, 2)), "[3, 2]", "[2, 3]");
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().matmul(a, a, Tensor.zeros(s, DType.F32, 2, 2)), "[2, 3]");
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().matmul(a, Tensor.zeros(s, DType.F32, 3, 5), Tensor.zeros(s, DType.F32, 2, 4)), "[2, 4]", "[2, 5]");
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().unary(UnaryOp.EXP, a, Tensor.zeros(s, DType.F32, 6)), "[6]");
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().softmax(a, Tensor.zeros(s, DType.F32, 2, 3, 1)));
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().layerNorm(a, Tensor.zeros(s, DType.F32, 4), Tensor.zeros(s, DType.F32, 3), 1e-5, a), "gamma", "[4]");
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().rmsNorm(a, Tensor.zeros(s, DType.F32, 2, 3), 1e-5, a), "gamma");
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().reduce(ReduceOp.SUM, a, 1, Tensor.zeros(s, DType.F32, 3)), "[2]", "[2, 1]");
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().concat(List.of(a, b), 0, Tensor.zeros(s, DType.F32, 6)));
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().concat(List.of(a, Tensor.zeros(s, DType.F16, 2, 3)), 0,
                    Tensor.zeros(s, DType.F32, 4, 3)), "f16");
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().copy(a, Tensor.zeros(s, DType.F64, 2, 3)), "f64");
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().copy(a, Tensor.zeros(s, DType.F32, 3, 2)));
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().cast(a, Tensor.zeros(s, DType.I32, 6)));
            assertCode(ErrorCode.SHAPE_MISMATCH, () -> ops().gather(b, Tensor.zeros(s, DType.I32, 2), Tensor.zeros(s, DType.F32, 2)), "rank-2");
            assertThrows(IndexOutOfBoundsException.class, () -> ops().reduce(ReduceOp.SUM, a, 2, Tensor.zeros(s, DType.F32, 2)));
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> ops().layerNorm(a, b.narrow(0, 0, 3), b.narrow(0, 0, 3), -1, a), "eps");
        }
    }

    @Test
    void integerOperandsOfFloatOpsAreUnsupported() {
        Device cpu = TestSupport.cpu();
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor i = Tensor.zeros(s, DType.I32, 4);
            Tensor f = Tensor.zeros(s, DType.F32, 4);
            assertCode(ErrorCode.UNSUPPORTED, () -> ops().binary(BinaryOp.ADD, i, f, f), "i32", "cast");
            assertCode(ErrorCode.UNSUPPORTED, () -> ops().binary(BinaryOp.MUL, f, f, i), "i32");
            assertCode(ErrorCode.UNSUPPORTED, () -> ops().unary(UnaryOp.RELU, Tensor.zeros(s, DType.BOOL, 4), f), "bool");
            assertCode(ErrorCode.UNSUPPORTED, () -> ops().reduce(ReduceOp.MAX, Tensor.zeros(s, DType.U8, 4), 0, Tensor.zeros(s, DType.F32)));
            assertCode(ErrorCode.UNSUPPORTED, () -> ops().gather(Tensor.zeros(s, DType.F32, 3, 2), f, Tensor.zeros(s, DType.F32, 4, 2)), "i32 or i64");
            // the same ops on data-moving kinds are fine
            ops().cast(i, f);
            ops().gather(Tensor.zeros(s, DType.U8, 3, 2), Tensor.zeros(s, DType.I64, 4), Tensor.zeros(s, DType.U8, 4, 2));
        }
        for (OpKind k : OpKind.values()) {
            for (DType t : DType.values()) {
                boolean generic = k == OpKind.GATHER || k == OpKind.CAST || k == OpKind.CONCAT || k == OpKind.COPY;
                assertEquals(generic || t.isFloatingPoint(), cpu.supports(k, t), k + " " + t);
            }
        }
    }

    @Test
    void deviceMemoryIsRejectedNotCopied() {
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor dev = deviceTensor(s, 2, 2);
            Tensor host = Tensor.zeros(s, DType.F32, 2, 2);
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> ops().binary(BinaryOp.ADD, dev, host, host), "DEVICE", "fake:0");
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> ops().matmul(host, host, dev), "out");
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> ops().copy(dev, host));
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> ops().cast(host, dev));
            try (var stream = TestSupport.cpu().newStream()) {
                assertCode(ErrorCode.INVALID_ARGUMENT, () -> stream.copy(dev, host), "DEVICE");
            }
        }
    }

    @Test
    void gatherOutOfRangeNamesIndexAndRowsAndWritesNothing() {
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor table = Tensor.copyOf(s, new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
            Tensor out = Tensor.zeros(s, DType.F32, 2, 2, 2);
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> ops().gather(table, Tensor.copyOf(s, new int[] {0, 1, 2, 7}, 2, 2), out));
            assertTrue(e.getMessage().contains("7") && e.getMessage().contains("3 rows") && e.getMessage().contains("[1, 1]"), e.getMessage());
            assertEquals(0.0, out.getDouble(0, 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> ops().gather(table, Tensor.copyOf(s, new long[] {-1}, 1), Tensor.zeros(s, DType.F32, 1, 2)));
        }
    }

    @Test
    void maxOfAnEmptyAxisIsAnError() {
        try (MemoryScope s = MemoryScope.confined()) {
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> ops().reduce(ReduceOp.MAX, Tensor.zeros(s, DType.F32, 2, 0), 1, Tensor.zeros(s, DType.F32, 2)), "empty");
        }
    }

    @Test
    void useAfterScopeCloseThrowsIllegalState() {
        MemoryScope s = MemoryScope.confined();
        Tensor a = Tensor.zeros(s, DType.F32, 4);
        try (MemoryScope live = MemoryScope.confined()) {
            Tensor out = Tensor.zeros(live, DType.F32, 4);
            s.close();
            assertThrows(IllegalStateException.class, () -> ops().unary(UnaryOp.EXP, a, out));
            assertThrows(IllegalStateException.class, () -> ops().copy(out, a));
            assertThrows(IllegalStateException.class, () -> ops().add(a, out, live));
        }
    }

    @Test
    void readOnlyAndBroadcastOutputsAreRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.bin");
        byte[] bytes = new byte[16];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().put(new float[] {1, 2, 3, 4});
        Files.write(file, bytes);
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor mapped = Tensor.view(Memory.mapFile(file, s), DType.F32, 4);
            Tensor out = Tensor.zeros(s, DType.F32, 4);
            ops().scale(mapped, 2, out); // reading a mapped file in place is fine
            assertEquals(8.0, out.getDouble(3));
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> ops().scale(out, 2, mapped), "read-only");
            Tensor one = Tensor.zeros(s, DType.F32, 1);
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> ops().scale(out, 2, one.expand(4)), "broadcast");
        }
    }

    @Test
    void largeOpOnConfinedMemoryStaysOnTheCallingThread() {
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor a = Tensor.zeros(s, DType.F32, 1 << 18);
            ops().binary(BinaryOp.ADD, a, Tensor.copyOf(s, new float[] {1.5f}), a);
            Tensor sum = ops().reduce(ReduceOp.SUM, a, 0, false, s);
            assertEquals(1.5 * (1 << 18), sum.getDouble(), 1e-6 * (1 << 18));
            assertFalse(CpuParallel.shareable(a));
        }
    }

    @Test
    void concurrentCallersGetCorrectResults() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (MemoryScope s = MemoryScope.shared()) {
            Random rnd = new Random(61);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Tensor x = TestSupport.random(s, rnd, DType.F32, TestSupport.Layout.CONTIGUOUS, 256, 512);
                futures.add(pool.submit(() -> {
                    for (int rep = 0; rep < 5; rep++) {
                        Tensor y = ops().softmax(x, s);
                        Tensor rows = ops().reduce(ReduceOp.SUM, y, 1, false, s);
                        for (int r = 0; r < 256; r++) {
                            assertEquals(1.0, rows.getDouble(r), 1e-4);
                        }
                        Tensor z = ops().binary(BinaryOp.SUB, x, x, s);
                        assertEquals(0.0, ops().reduce(ReduceOp.MAX, z.reshape(-1), 0, false, s).getDouble());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
