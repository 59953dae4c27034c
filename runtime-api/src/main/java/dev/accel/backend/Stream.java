package dev.accel.backend;

import dev.accel.tensor.Tensor;

/**
 * An ordered queue of work on one device. Work queued on a stream runs in order; different streams may
 * overlap. On the CPU backend every operation completes before the call returns.
 *
 * <p>The caller keeps the tensors passed to asynchronous calls alive (their scopes open) until the
 * work is known to be done ({@link #synchronize()}, or an {@link Event} recorded after it).
 */
public interface Stream extends AutoCloseable {
    Device device();

    /** Queues a copy of {@code src} into {@code dst} (same dtype and shape; any memory kinds this device supports). */
    void copy(Tensor src, Tensor dst);

    /** Records an event after all work queued so far. */
    Event record();

    /** Makes later work on this stream wait for {@code event}. */
    void waitFor(Event event);

    /** Blocks until all queued work is done. */
    void synchronize();

    /** Synchronizes and releases the native stream. Idempotent. */
    @Override
    void close();
}
