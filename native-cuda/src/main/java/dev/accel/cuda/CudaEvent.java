package dev.accel.cuda;

import dev.accel.backend.Event;
import dev.accel.cuda.raw.CudaStatus;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A CUDA event ({@code CUevent}) recorded on a stream. Events made by {@link CudaStream#record()} do not keep
 * timing data; {@link CudaStream#recordTimed()} makes ones that {@link #elapsedMillis} can measure between.
 * {@link #close()} destroys the event (idempotent); use after close throws {@link IllegalStateException}.
 */
public final class CudaEvent implements Event, CachingAllocator.Fence {
    private final CudaDevice device;
    private final MemorySegment handle;
    private final boolean timed;
    private volatile boolean closed;

    CudaEvent(CudaDevice device, MemorySegment handle, boolean timed) {
        this.device = device;
        this.handle = handle;
        this.timed = timed;
    }

    MemorySegment handle() {
        checkOpen();
        return handle;
    }

    @Override
    public boolean isDone() {
        checkOpen();
        device.makeCurrent();
        int status = device.driver().raw.cuEventQuery(handle);
        if (status == CudaStatus.CUDA_ERROR_NOT_READY) {
            return false;
        }
        device.driver().check(status, "cuEventQuery");
        return true;
    }

    @Override
    public void synchronize() {
        checkOpen();
        device.makeCurrent();
        device.driver().check(device.driver().raw.cuEventSynchronize(handle), "cuEventSynchronize");
    }

    @Override
    public void await() {
        synchronize();
    }

    /** Milliseconds between two timed events, both completed. */
    public static float elapsedMillis(CudaEvent start, CudaEvent end) {
        if (!start.timed || !end.timed) {
            throw new IllegalArgumentException("elapsed time needs events from CudaStream.recordTimed()");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ms = arena.allocate(ValueLayout.JAVA_FLOAT);
            start.device.makeCurrent();
            start.device.driver().check(start.device.driver().raw.cuEventElapsedTime(ms, start.handle(), end.handle()),
                    "cuEventElapsedTime");
            return ms.get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        device.makeCurrent();
        device.driver().check(device.driver().raw.cuEventDestroy(handle), "cuEventDestroy");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("CUDA event on " + device.name() + " is closed");
        }
    }
}
