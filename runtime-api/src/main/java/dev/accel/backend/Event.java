package dev.accel.backend;

/** A point in a {@link Stream}'s work that the host or other streams can wait on. */
public interface Event extends AutoCloseable {
    /** True when all work recorded before this event has completed. */
    boolean isDone();

    /** Blocks until {@link #isDone()}. */
    void synchronize();

    /** Releases the native event. Idempotent. */
    @Override
    void close();
}
