package dev.accel.qnn;

import dev.accel.backend.Device;
import dev.accel.backend.Event;
import dev.accel.backend.Stream;
import dev.accel.tensor.Tensor;

/**
 * A stream of a QNN device: its memory is host memory, so a copy is a host copy that completes
 * before {@link #copy} returns, and every event is already done.
 */
final class HostStream implements Stream {
    private final Device device;
    private volatile boolean closed;

    HostStream(Device device) {
        this.device = device;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        checkOpen();
        device.ops().copy(src, dst);
    }

    @Override
    public Event record() {
        checkOpen();
        return DoneEvent.INSTANCE;
    }

    @Override
    public void waitFor(Event event) {
        checkOpen();
        event.synchronize();
    }

    @Override
    public void synchronize() {
        checkOpen();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("stream of " + device.name() + " is closed");
        }
    }

    /** An event that is always complete. */
    private enum DoneEvent implements Event {
        INSTANCE;

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public void synchronize() {
        }

        @Override
        public void close() {
        }
    }
}
