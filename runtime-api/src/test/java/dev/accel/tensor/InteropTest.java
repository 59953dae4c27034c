package dev.accel.tensor;

import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteropTest {
    private final MemoryScope scope = MemoryScope.confined();

    @AfterEach
    void close() {
        scope.close();
    }

    @Test
    void wrapSegmentSharesTheBytes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(6 * 4, 4);
            Tensor t = Tensor.wrap(seg, DType.F32, 2, 3);
            assertEquals(MemoryKind.HOST, t.memoryKind());
            seg.setAtIndex(ValueLayout.JAVA_FLOAT, 4, 7.5f);
            assertEquals(7.5, t.getDouble(1, 1), "write through the segment, read through the tensor");
            t.setDouble(-3, 0, 2);
            assertEquals(-3f, seg.getAtIndex(ValueLayout.JAVA_FLOAT, 2), "write through the tensor, read through the segment");
            assertEquals(seg.address(), t.asSegment().address());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(seg, DType.F32, 5));
            assertTrue(e.getMessage().contains("24"), e.getMessage());
        }
    }

    @Test
    void wrappedSegmentFollowsItsArenaLifetime() {
        Arena arena = Arena.ofConfined();
        Tensor t = Tensor.wrap(arena.allocate(8), DType.I64);
        t.setLong(9);
        assertEquals(9, t.getLong());
        arena.close();
        assertThrows(IllegalStateException.class, t::getLong);
        assertThrows(IllegalStateException.class, t::asSegment);
    }

    @Test
    void wrapDirectBufferSharesTheBytes() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(4 * 8).order(ByteOrder.nativeOrder());
        Tensor t = Tensor.wrap(buffer, DType.I32, 8);
        buffer.putInt(12, 1234);
        assertEquals(1234, t.getLong(3));
        t.setLong(-5, 7);
        assertEquals(-5, buffer.getInt(28));
        // Only the remaining bytes are viewed.
        buffer.position(8);
        Tensor tail = Tensor.wrap(buffer, DType.I32, 6);
        assertEquals(1234, tail.getLong(1));
        assertEquals(MemorySegment.ofBuffer(buffer).address(), tail.asSegment().address());
    }

    @Test
    void heapDataIsRejectedWithAClearMessage() {
        IllegalArgumentException buf = assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(ByteBuffer.allocate(16), DType.F32, 4));
        assertTrue(buf.getMessage().contains("direct") && buf.getMessage().contains("copyOf"), buf.getMessage());
        IllegalArgumentException seg = assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(MemorySegment.ofArray(new float[4]), DType.F32, 4));
        assertTrue(seg.getMessage().contains("heap") && seg.getMessage().contains("copyOf"), seg.getMessage());
    }

    @Test
    void asSegmentAndAsByteBufferAreZeroCopy() {
        Tensor t = Tensor.copyOf(scope, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        MemorySegment s = t.asSegment();
        assertEquals(t.memory().hostSegment().address(), s.address());
        assertEquals(24, s.byteSize());
        ByteBuffer b = t.asByteBuffer();
        assertTrue(b.isDirect());
        assertEquals(ByteOrder.nativeOrder(), b.order());
        assertEquals(s.address(), MemorySegment.ofBuffer(b).address());
        b.putFloat(4, 20f);
        assertEquals(20, t.getDouble(0, 1));
        s.setAtIndex(ValueLayout.JAVA_FLOAT, 5, 60f);
        assertEquals(60, t.getDouble(1, 2));
        // A contiguous view with an offset starts at its own first element.
        Tensor row = t.select(0, 1);
        assertEquals(s.address() + 12, row.asSegment().address());
        assertEquals(12, row.asSegment().byteSize());
        // Non-contiguous views refuse rather than copy.
        dev.accel.AccelException e = assertThrows(dev.accel.AccelException.class, () -> t.transpose(0, 1).asSegment());
        assertEquals(dev.accel.ErrorCode.NOT_A_VIEW, e.code());
        assertTrue(e.getMessage().contains("contiguous()"));
    }

    @Test
    void copyOfCopies() {
        float[] f = {1.5f, -2f};
        Tensor tf = Tensor.copyOf(scope, f, 2);
        f[0] = 99;
        assertEquals(DType.F32, tf.dtype());
        assertArrayEquals(new float[] {1.5f, -2f}, tf.toFloatArray());

        double[] d = {1e300, -0.0, 3};
        Tensor td = Tensor.copyOf(scope, d, 3);
        d[0] = 0;
        assertEquals(DType.F64, td.dtype());
        assertArrayEquals(new double[] {1e300, -0.0, 3}, td.toDoubleArray());

        int[] i = {Integer.MIN_VALUE, 7, 8, 9};
        Tensor ti = Tensor.copyOf(scope, i, 2, 2);
        i[1] = 0;
        assertEquals(DType.I32, ti.dtype());
        assertArrayEquals(new long[] {Integer.MIN_VALUE, 7, 8, 9}, ti.toLongArray());

        long[] l = {Long.MAX_VALUE, Long.MIN_VALUE};
        Tensor tl = Tensor.copyOf(scope, l, 2);
        l[0] = 0;
        assertEquals(DType.I64, tl.dtype());
        assertArrayEquals(new long[] {Long.MAX_VALUE, Long.MIN_VALUE}, tl.toLongArray());

        ByteBuffer raw = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
        raw.putShort((short) 0x3C00).putShort((short) 0xC000); // f16 1.0, -2.0
        byte[] bytes = raw.array();
        Tensor tb = Tensor.copyOf(scope, bytes, DType.F16, 2);
        bytes[0] = bytes[1] = 0;
        assertArrayEquals(new double[] {1.0, -2.0}, tb.toDoubleArray());

        assertThrows(IllegalArgumentException.class, () -> Tensor.copyOf(scope, new float[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.copyOf(scope, new byte[3], DType.I16, 2));
        assertEquals(0, Tensor.copyOf(scope, new double[] {4}).rank());
    }
}
