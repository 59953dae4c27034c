package dev.accel.cpu;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Backend;
import dev.accel.backend.Backends;
import dev.accel.backend.Device;
import dev.accel.backend.DeviceCaps;
import dev.accel.backend.DeviceKind;
import dev.accel.backend.Event;
import dev.accel.backend.Stream;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery, device properties, allocation, streams and events of the CPU backend. */
class CpuBackendTest {
    @Test
    void foundByServiceLoaderAndByDeviceSpec() {
        Backend cpu = Backends.get("cpu");
        assertInstanceOf(CpuBackend.class, cpu);
        assertTrue(Backends.all().contains(cpu));
        assertTrue(cpu.availability().available(), cpu.availability().reason());
        assertEquals(0, cpu.score());
        Device d = Backends.device("cpu");
        assertEquals("cpu:0", d.name());
        assertSame(d, Backends.device("cpu:0"));
        assertSame(cpu, d.backend());
        assertSame(d, d.ops().device());
        assertThrows(AccelException.class, () -> Backends.device("cpu:1"));
    }

    @Test
    void deviceDescribesItself() {
        Device d = TestSupport.cpu();
        assertEquals(DeviceKind.CPU, d.kind());
        assertTrue(d.description().contains(Runtime.getRuntime().availableProcessors() + " cores"), d.description());
        assertTrue(d.totalMemory().orElse(0) > 0);
        assertTrue(d.freeMemory().orElse(-1) >= 0);
        assertEquals(new DeviceCaps(false, false, true, true, true), d.caps());
        assertEquals(Set.of(MemoryKind.HOST, MemoryKind.MAPPED_FILE), d.memoryKinds());
        assertEquals(MemoryKind.HOST, d.defaultMemoryKind());
    }

    @Test
    void allocatesHostMemoryOnly() {
        Device d = TestSupport.cpu();
        try (MemoryScope s = MemoryScope.confined()) {
            Memory m = d.allocate(s, MemoryKind.HOST, 100);
            assertEquals(100, m.byteSize());
            assertEquals(MemoryKind.HOST, m.kind());
            assertEquals(0, m.hostSegment().address() % MemoryScope.HOST_ALIGNMENT);
            AccelException e = assertThrows(AccelException.class, () -> d.allocate(s, MemoryKind.MAPPED_FILE, 8));
            assertEquals(ErrorCode.UNSUPPORTED, e.code());
            assertTrue(e.getMessage().contains("Memory.mapFile"), e.getMessage());
            assertEquals(ErrorCode.UNSUPPORTED, assertThrows(AccelException.class, () -> d.allocate(s, MemoryKind.DEVICE, 8)).code());
            assertEquals(ErrorCode.UNSUPPORTED, assertThrows(AccelException.class, () -> d.allocate(s, MemoryKind.PINNED_HOST, 8)).code());
            Tensor t = Tensor.empty(d, s, DType.F32, 3);
            assertEquals(MemoryKind.HOST, t.memoryKind());
        }
        MemoryScope closed = MemoryScope.confined();
        closed.close();
        assertThrows(IllegalStateException.class, () -> d.allocate(closed, MemoryKind.HOST, 8));
    }

    @Test
    void streamCopiesAndEventsCompleteImmediately() {
        Device d = TestSupport.cpu();
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor src = Tensor.copyOf(s, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor dst = Tensor.zeros(s, DType.F32, 3, 2).transpose(0, 1);
            Stream stream = d.newStream();
            assertSame(d, stream.device());
            stream.copy(src, dst);
            Event e = stream.record();
            assertTrue(e.isDone());
            e.synchronize();
            stream.waitFor(e);
            stream.synchronize();
            assertArrayEquals(src.toFloatArray(), dst.toFloatArray());
            assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class, () -> stream.copy(src, Tensor.zeros(s, DType.F32, 6))).code());
            e.close();
            e.close();
            assertThrows(IllegalStateException.class, e::isDone);
            assertThrows(IllegalStateException.class, () -> stream.waitFor(e));
            stream.close();
            stream.close();
            assertThrows(IllegalStateException.class, () -> stream.copy(src, dst));
            assertThrows(IllegalStateException.class, stream::record);
            assertThrows(IllegalStateException.class, stream::synchronize);
            Tensor other = Tensor.zeros(s, DType.F32, 2, 3);
            d.copy(src, other); // Device's default copy: a fresh stream
            assertArrayEquals(src.toFloatArray(), other.toFloatArray());
        }
    }
}
