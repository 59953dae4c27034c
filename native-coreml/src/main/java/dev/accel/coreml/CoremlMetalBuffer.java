package dev.accel.coreml;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * An {@code MTLBuffer} over the caller's memory, without a copy
 * ({@code newBufferWithBytesNoCopy:length:options:MTLResourceStorageModeShared deallocator:nil}): on
 * Apple silicon's unified memory the GPU reads and writes the very bytes Java sees.
 *
 * <p>Metal requires the memory to start on a page boundary and its length to be a multiple of the page
 * size ({@link #pageSize()}: 16 KiB on Apple silicon). The memory must stay alive until the buffer is
 * closed; closing releases the Metal buffer only, never the memory. Idempotent.
 */
public final class CoremlMetalBuffer implements AutoCloseable {
    private final CoremlShim shim;
    private final MemorySegment handle;
    private final MemorySegment memory;
    private boolean closed;

    private CoremlMetalBuffer(CoremlShim shim, MemorySegment handle, MemorySegment memory) {
        this.shim = shim;
        this.handle = handle;
        this.memory = memory;
    }

    static long pageSize(CoremlShim shim) {
        try {
            return (long) shim.function("accel_coreml_page_size").invokeExact();
        } catch (Throwable t) {
            throw CoremlShim.rethrow(t, "accel_coreml_page_size");
        }
    }

    /**
     * Wraps {@code memory} (native, page-aligned, a page-multiple long).
     *
     * @throws IllegalArgumentException for heap, misaligned or odd-sized memory
     * @throws AccelException           {@link ErrorCode#BACKEND_UNAVAILABLE} without a Metal device
     */
    static CoremlMetalBuffer wrap(CoremlShim shim, MemorySegment memory) {
        Objects.requireNonNull(memory, "memory");
        long page = pageSize(shim);
        if (!memory.isNative() || memory.address() % page != 0 || memory.byteSize() == 0 || memory.byteSize() % page != 0) {
            throw new IllegalArgumentException("Metal needs native memory that starts on a page boundary and is a whole number of pages"
                    + " (page size " + page + "); got " + memory.byteSize() + " bytes at 0x" + Long.toHexString(memory.address())
                    + ": allocate with Arena.allocate(size rounded up to the page, " + page + ")");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment err = arena.allocate(CoremlShim.ERROR_CAPACITY);
            int status = (int) shim.function("accel_coreml_metal_buffer_wrap").invokeExact(memory, memory.byteSize(), out, err,
                    (long) CoremlShim.ERROR_CAPACITY);
            CoremlShim.check(status, "wrapping " + memory.byteSize() + " bytes as an MTLBuffer", err);
            return new CoremlMetalBuffer(shim, out.get(ValueLayout.ADDRESS, 0), memory);
        } catch (Throwable t) {
            throw CoremlShim.rethrow(t, "accel_coreml_metal_buffer_wrap");
        }
    }

    /** {@code [buffer contents]}: must be the wrapped memory's own address (no copy). */
    public long contentsAddress() {
        checkOpen();
        try {
            return ((MemorySegment) shim.function("accel_coreml_metal_buffer_contents").invokeExact(handle)).address();
        } catch (Throwable t) {
            throw CoremlShim.rethrow(t, "accel_coreml_metal_buffer_contents");
        }
    }

    /** {@code [buffer length]}. */
    public long length() {
        checkOpen();
        try {
            return (long) shim.function("accel_coreml_metal_buffer_length").invokeExact(handle);
        } catch (Throwable t) {
            throw CoremlShim.rethrow(t, "accel_coreml_metal_buffer_length");
        }
    }

    /** The wrapped memory. */
    public MemorySegment memory() {
        checkOpen();
        return memory;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Metal buffer is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            shim.function("accel_coreml_metal_buffer_free").invokeExact(handle);
        } catch (Throwable t) {
            throw CoremlShim.rethrow(t, "accel_coreml_metal_buffer_free");
        }
    }
}
