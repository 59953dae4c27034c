package dev.accel.qnn;

import java.lang.foreign.MemorySegment;

/**
 * A shared-memory buffer registered with a {@link QnnContext} ({@code QnnMem_register}). Closing it
 * deregisters it ({@code QnnMem_deRegister}); idempotent. The context deregisters whatever is still
 * registered when it closes.
 */
public final class QnnSharedMemory implements AutoCloseable {
    private final QnnContext context;
    private final MemorySegment handle;
    private final int fd;

    QnnSharedMemory(QnnContext context, MemorySegment handle, int fd) {
        this.context = context;
        this.handle = handle;
        this.fd = fd;
    }

    /** The file descriptor that was registered. */
    public int fd() {
        return fd;
    }

    /** QNN's {@code Qnn_MemHandle_t}, for a tensor of memory type {@code QNN_TENSORMEMTYPE_MEMHANDLE}. */
    public long handleAddress() {
        return handle.address();
    }

    @Override
    public void close() {
        context.deregister(handle);
    }
}
