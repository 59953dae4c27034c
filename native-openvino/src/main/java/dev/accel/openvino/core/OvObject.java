package dev.accel.openvino.core;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/** One OpenVINO handle and the function that frees it: freed exactly once, unusable afterwards. */
abstract sealed class OvObject implements AutoCloseable
        permits OvCore, OvModel, OvCompiledModel, OvInferRequest, OvTensor {
    final OvLibrary library;
    private final String what;
    private final AtomicReference<MemorySegment> handle;

    OvObject(OvLibrary library, String what, MemorySegment handle) {
        this.library = library;
        this.what = what;
        this.handle = new AtomicReference<>(handle);
    }

    /**
     * The native handle.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    final MemorySegment handle() {
        MemorySegment h = handle.get();
        if (h == null) {
            throw new IllegalStateException(what + " is closed");
        }
        return h;
    }

    /** Whether {@link #close()} has not run yet. */
    public final boolean isOpen() {
        return handle.get() != null;
    }

    /** Frees the native object. Idempotent. */
    @Override
    public void close() {
        MemorySegment h = handle.getAndSet(null);
        if (h != null) {
            release(h);
        }
    }

    /** Frees {@code h}; called at most once. */
    abstract void release(MemorySegment h);

    @Override
    public String toString() {
        MemorySegment h = handle.get();
        return what + (h == null ? " (closed)" : " at 0x" + Long.toHexString(h.address()));
    }
}
