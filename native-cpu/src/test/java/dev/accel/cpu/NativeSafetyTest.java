package dev.accel.cpu;

import dev.accel.AccelException;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Device;
import dev.accel.backend.Ops;
import dev.accel.backend.Stream;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Native safety on the host (issue 10, docs/reliability.md): use after close, double close, views outside
 * their memory, and a scope closed while another thread is inside an op on its memory. The documented outcome
 * is an exception of the JDK's or Accel's, never a JVM crash: the JVM running this test surviving is part of
 * what is checked.
 */
class NativeSafetyTest {
    private final Device cpu = new CpuBackend().devices().getFirst();
    private final Ops ops = cpu.ops();

    @Test
    void everyUseOfMemoryAfterItsScopeClosedThrowsIllegalState() {
        MemoryScope scope = MemoryScope.confined();
        Tensor x = Tensor.copyOf(scope, new float[] {1, 2, 3, 4}, 2, 2);
        Tensor y = Tensor.copyOf(scope, new float[] {1, 1, 1, 1}, 2, 2);
        Tensor view = x.transpose(0, 1);
        scope.close();
        assertThrows(IllegalStateException.class, x::toFloatArray);
        assertThrows(IllegalStateException.class, view::toFloatArray);
        assertThrows(IllegalStateException.class, () -> x.getDouble(0, 0));
        assertThrows(IllegalStateException.class, x::asSegment);
        assertThrows(IllegalStateException.class, x.memory()::hostSegment);
        try (MemoryScope out = MemoryScope.confined()) {
            assertThrows(IllegalStateException.class, () -> ops.add(x, y, out));
            assertThrows(IllegalStateException.class, () -> x.contiguous());
            assertThrows(IllegalStateException.class, () -> x.to(cpu, out));
        }
        assertThrows(IllegalStateException.class, () -> scope.allocateHost(16));
    }

    @Test
    void doubleCloseIsHarmlessForScopesAndStreams() {
        MemoryScope scope = MemoryScope.shared();
        AtomicInteger freed = new AtomicInteger();
        scope.onClose(freed::incrementAndGet);
        scope.close();
        assertDoesNotThrow(scope::close);
        assertEquals(1, freed.get(), "close actions run exactly once");

        Stream stream = cpu.newStream();
        stream.close();
        assertDoesNotThrow(stream::close);
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor t = Tensor.copyOf(s, new float[] {1}, 1);
            assertThrows(IllegalStateException.class, () -> stream.copy(t, t));
            assertThrows(IllegalStateException.class, stream::record);
        }
    }

    @Test
    void viewsCannotReachOutsideTheirMemory() {
        try (MemoryScope scope = MemoryScope.confined()) {
            Memory m = scope.allocateHost(64); // 16 floats
            assertThrows(RuntimeException.class, () -> Tensor.view(m, DType.F32, 17));
            assertThrows(RuntimeException.class, () -> Tensor.view(m, DType.F32, new long[] {4, 4}, new long[] {4, 1}, 1));
            assertThrows(RuntimeException.class, () -> Tensor.view(m, DType.F32, new long[] {2}, new long[] {-1}, 0));
            Tensor t = Tensor.view(m, DType.F32, 4, 4);
            assertThrows(RuntimeException.class, () -> t.narrow(0, 3, 2));
            assertThrows(RuntimeException.class, () -> t.select(1, 4));
            // slice clamps its bounds as Python does, so it cannot leave the memory either.
            assertArrayEquals(new long[] {1, 4}, t.slice(0, -1, 100).shape());
            assertArrayEquals(new long[] {0, 4}, t.slice(0, 7, 100).shape());
            assertThrows(RuntimeException.class, () -> t.getDouble(4, 0));
            assertThrows(RuntimeException.class, () -> t.reshape(17));
            assertThrows(RuntimeException.class, () -> t.expand(4, 5));
            // An op whose output is a view of the wrong shape is refused before any byte is written.
            Tensor small = Tensor.view(m, DType.F32, 2, 2);
            AccelException e = assertThrows(AccelException.class, () -> ops.binary(BinaryOp.ADD, t, t, small));
            assertTrue(e.getMessage().contains("[4, 4]"), e.getMessage());
        }
    }

    @Test
    void closingASharedScopeWhileAnotherThreadComputesOnItNeverCrashes() throws Exception {
        for (int round = 0; round < 20; round++) {
            MemoryScope scope = MemoryScope.shared();
            Tensor a = Tensor.empty(cpu, scope, DType.F32, 1 << 18);
            Tensor b = Tensor.empty(cpu, scope, DType.F32, 1 << 18);
            Tensor out = Tensor.empty(cpu, scope, DType.F32, 1 << 18);
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                started.countDown();
                try {
                    for (int i = 0; i < 10_000; i++) {
                        ops.binary(BinaryOp.ADD, a, b, out);
                    }
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            worker.start();
            started.await();
            try {
                scope.close();
            } catch (IllegalStateException busy) {
                // The JDK refuses to close a shared arena that a thread is inside: documented, and fine.
                worker.join();
                scope.close();
            }
            worker.join();
            Throwable t = outcome.get();
            if (t != null && !(t instanceof IllegalStateException)) {
                fail("the worker got " + t + " instead of IllegalStateException", t);
            }
        }
    }
}
