package dev.accel.cpu;

import dev.accel.backend.Event;

/** An event on a {@link CpuStream}: the work before it completed before it was recorded, so it is always done. */
final class CpuEvent implements Event {
    private volatile boolean closed;

    @Override
    public boolean isDone() {
        checkOpen();
        return true;
    }

    @Override
    public void synchronize() {
        checkOpen();
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("event is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "CpuEvent[" + (closed ? "closed" : "done") + "]";
    }
}
