package dev.accel.backend;

import java.util.Objects;

/**
 * A stream of a device whose memory is host memory (the model-only backends): a copy runs through the
 * device's {@link Ops#copy} and is complete when {@link #copy} returns, and every event it records is
 * already done. Closing is idempotent; use after close throws {@link IllegalStateException}.
 */
public final class HostStream implements Stream {
    private final Device device;
    private volatile boolean closed;

    public HostStream(Device device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public void copy(dev.accel.tensor.Tensor src, dev.accel.tensor.Tensor dst) {
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
