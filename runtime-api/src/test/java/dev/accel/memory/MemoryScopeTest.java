package dev.accel.memory;

import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryScopeTest {

    @Test
    void hostAllocationsAre64ByteAlignedAndZeroed() {
        try (MemoryScope scope = MemoryScope.confined()) {
            for (long size : new long[] {0, 1, 3, 63, 64, 65, 100, 1000, 4097}) {
                Memory m = scope.allocateHost(size);
                MemorySegment s = m.hostSegment();
                assertEquals(0, s.address() % 64, "allocation of " + size + " bytes at " + s.address());
                assertEquals(size, s.byteSize());
                assertEquals(size, m.byteSize());
                assertEquals(MemoryKind.HOST, m.kind());
                for (long i = 0; i < size; i++) {
                    assertEquals(0, s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i));
                }
            }
            for (DType t : DType.values()) {
                Tensor x = Tensor.zeros(scope, t, 3);
                assertEquals(0, x.asSegment().address() % MemoryScope.HOST_ALIGNMENT, t.toString());
            }
            assertEquals(0, Tensor.copyOf(scope, new float[] {1, 2, 3}, 3).asSegment().address() % 64);
            assertThrows(IllegalArgumentException.class, () -> scope.allocateHost(-1));
        }
    }

    @Test
    void allocatedBytesAreCounted() {
        try (MemoryScope scope = MemoryScope.confined()) {
            scope.allocateHost(10);
            scope.allocateHost(30);
            assertEquals(40, scope.allocatedHostBytes());
        }
    }

    @Test
    void closeIsIdempotent() {
        MemoryScope scope = MemoryScope.confined();
        int[] runs = {0};
        scope.onClose(() -> runs[0]++);
        assertTrue(scope.isAlive());
        scope.close();
        assertFalse(scope.isAlive());
        assertDoesNotThrow(scope::close);
        assertEquals(1, runs[0], "close actions run once");
    }

    @Test
    void useAfterCloseThrowsIllegalStateException() {
        MemoryScope scope = MemoryScope.confined();
        Tensor t = Tensor.copyOf(scope, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor transposed = t.transpose(0, 1);
        Memory memory = t.memory();
        MemoryScope other = MemoryScope.confined();
        Tensor target = Tensor.zeros(other, DType.F64, 2, 3);
        scope.close();

        assertFalse(memory.isAlive());
        assertThrows(IllegalStateException.class, () -> t.getDouble(0, 0));
        assertThrows(IllegalStateException.class, () -> t.setDouble(1, 0, 0));
        assertThrows(IllegalStateException.class, () -> t.getLong(0, 0));
        assertThrows(IllegalStateException.class, t::asSegment);
        assertThrows(IllegalStateException.class, t::asByteBuffer);
        assertThrows(IllegalStateException.class, () -> t.copyTo(target));
        assertThrows(IllegalStateException.class, () -> target.copyTo(t));
        assertThrows(IllegalStateException.class, t::contiguous, "contiguous() of a contiguous tensor checks too");
        assertThrows(IllegalStateException.class, transposed::contiguous);
        assertThrows(IllegalStateException.class, t::toDoubleArray);
        assertThrows(IllegalStateException.class, t::toFloatArray);
        assertThrows(IllegalStateException.class, t::toLongArray);
        assertThrows(IllegalStateException.class, memory::hostSegment);
        assertThrows(IllegalStateException.class, memory::checkAlive);
        assertThrows(IllegalStateException.class, () -> scope.allocateHost(8));
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(scope, DType.F32, 2));
        assertThrows(IllegalStateException.class, () -> scope.onClose(() -> { }));
        assertTrue(t.toString().contains("freed"), t.toString());
        // Views taken before the close are no better.
        assertThrows(IllegalStateException.class, () -> transposed.getDouble(0, 0));
        other.close();
    }

    @Test
    void closeActionsRunInReverseOrderAndFailuresAreCollected() {
        MemoryScope scope = MemoryScope.confined();
        Memory m = scope.allocateHost(16);
        List<String> log = new ArrayList<>();
        scope.onClose(() -> log.add("first"));
        scope.onClose(() -> {
            log.add("second");
            throw new IllegalStateException("boom 2");
        });
        scope.onClose(() -> log.add("third"));
        scope.onClose(() -> {
            log.add("fourth");
            throw new IllegalArgumentException("boom 4");
        });
        // Once closing has begun the scope accepts no new actions, even from inside an action.
        scope.onClose(() -> {
            try {
                scope.onClose(() -> log.add("never"));
                log.add("re-registration accepted");
            } catch (IllegalStateException expected) {
                log.add("re-registration refused");
            }
        });
        RuntimeException e = assertThrows(RuntimeException.class, scope::close);
        assertEquals(List.of("re-registration refused", "fourth", "third", "second", "first"), log);
        assertEquals("boom 4", e.getMessage(), "the first failure is thrown");
        assertEquals(1, e.getSuppressed().length);
        assertEquals("boom 2", e.getSuppressed()[0].getMessage());
        assertFalse(scope.isAlive(), "a failing action does not stop the close");
        assertFalse(m.isAlive());
        assertDoesNotThrow(scope::close);
    }

    @Test
    void confinedScopeFromAnotherThreadFailsCleanly() throws Exception {
        MemoryScope scope = MemoryScope.confined();
        assertTrue(scope.isConfined());
        Tensor t = Tensor.copyOf(scope, new float[] {1, 2}, 2);
        int[] actions = {0};
        scope.onClose(() -> actions[0]++);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Throwable read = failureIn(other, () -> t.getDouble(0));
            assertInstanceOf(WrongThreadException.class, read);
            assertInstanceOf(RuntimeException.class, read);
            assertInstanceOf(WrongThreadException.class, failureIn(other, () -> scope.allocateHost(8)));
            assertInstanceOf(WrongThreadException.class, failureIn(other, () -> t.setDouble(5, 1)));
            assertInstanceOf(WrongThreadException.class, failureIn(other, scope::close));
            assertInstanceOf(WrongThreadException.class, failureIn(other, () -> scope.onClose(() -> { })));
        } finally {
            other.shutdown();
        }
        // The failed close from another thread left everything intact.
        assertTrue(scope.isAlive());
        assertEquals(0, actions[0], "no close action ran for the refused close");
        assertEquals(2.0, t.getDouble(1));
        scope.close();
        assertEquals(1, actions[0]);
        assertFalse(scope.isAlive());
    }

    private static Throwable failureIn(ExecutorService thread, Runnable task) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        thread.submit(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }).get();
        assertNotNull(failure.get(), "expected a failure on the other thread");
        return failure.get();
    }

    @Test
    void autoScopeCannotBeClosed() {
        MemoryScope scope = MemoryScope.auto();
        Tensor t = Tensor.zeros(scope, DType.I32, 4);
        assertThrows(UnsupportedOperationException.class, scope::close);
        assertThrows(UnsupportedOperationException.class, () -> scope.onClose(() -> { }));
        assertTrue(scope.isAlive());
        t.setLong(3, 2);
        assertEquals(3, t.getLong(2));
    }

    @Test
    void sharedScopeIsUsableAcrossThreads() throws Exception {
        try (MemoryScope scope = MemoryScope.shared()) {
            assertFalse(scope.isConfined());
            Tensor t = Tensor.zeros(scope, DType.I64, 8);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    int k = i;
                    futures.add(pool.submit(() -> t.setLong(k * 10L, k)));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                Tensor fromOtherThread = pool.submit(() -> Tensor.zeros(scope, DType.F32, 2)).get();
                fromOtherThread.setDouble(1.5, 1);
                assertEquals(1.5, fromOtherThread.getDouble(1));
            } finally {
                pool.shutdown();
            }
            assertArrayEquals(new long[] {0, 10, 20, 30, 40, 50, 60, 70}, t.toLongArray());
        }
        // And closable from another thread.
        MemoryScope shared = MemoryScope.shared();
        Tensor t = Tensor.zeros(shared, DType.F32, 2);
        CompletableFuture.runAsync(shared::close).get();
        assertFalse(shared.isAlive());
        assertThrows(IllegalStateException.class, () -> t.getDouble(0));
    }

    @Test
    void mappedFileIsReadOnlyAndZeroCopy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.bin");
        byte[] bytes = new byte[64];
        for (int i = 0; i < 16; i++) {
            java.nio.ByteBuffer.wrap(bytes, i * 4, 4).order(java.nio.ByteOrder.nativeOrder()).putFloat(i * 0.5f);
        }
        Files.write(file, bytes);
        try (MemoryScope scope = MemoryScope.confined()) {
            Memory m = Memory.mapFile(file, scope);
            assertEquals(MemoryKind.MAPPED_FILE, m.kind());
            assertTrue(m.isReadOnly());
            assertEquals(64, m.byteSize());
            assertSame(scope, m.scope());
            Tensor whole = Tensor.view(m, DType.F32, 16);
            Tensor t = whole.reshape(4, 4).select(0, 2);
            assertArrayEquals(new float[] {4f, 4.5f, 5f, 5.5f}, t.toFloatArray());
            // Zero copy: the tensor's bytes lie inside the mapping.
            MemorySegment mapping = m.hostSegment();
            MemorySegment seg = t.asSegment();
            assertTrue(seg.address() >= mapping.address() && seg.address() + seg.byteSize() <= mapping.address() + mapping.byteSize());
            assertEquals(mapping.address() + 32, seg.address());
            assertTrue(seg.isMapped());
            // Writes fail with an exception, not a crash; the file is unchanged.
            // (The JDK reports a write to a read-only segment as IllegalArgumentException.)
            RuntimeException e = assertThrows(RuntimeException.class, () -> t.setDouble(1, 0));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            Tensor src = Tensor.zeros(scope, DType.F32, 4);
            assertTrue(assertThrows(RuntimeException.class, () -> src.copyTo(t)).getMessage().contains("read-only"));
            assertTrue(assertThrows(RuntimeException.class, () -> t.asByteBuffer().putFloat(0, 1f)) instanceof java.nio.ReadOnlyBufferException);
            assertArrayEquals(bytes, Files.readAllBytes(file));
        }
    }

    @Test
    void mappingAMissingFileIsAnIoError(@TempDir Path dir) {
        try (MemoryScope scope = MemoryScope.confined()) {
            dev.accel.AccelException e = assertThrows(dev.accel.AccelException.class, () -> Memory.mapFile(dir.resolve("missing.bin"), scope));
            assertEquals(dev.accel.ErrorCode.IO_ERROR, e.code());
            assertTrue(e.getMessage().contains("missing.bin"), e.getMessage());
        }
    }

    @Test
    void mappingIntoAClosedScopeFails(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.bin");
        Files.write(file, new byte[8]);
        MemoryScope scope = MemoryScope.confined();
        scope.close();
        assertThrows(IllegalStateException.class, () -> Memory.mapFile(file, scope));
    }
}
