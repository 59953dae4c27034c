package dev.accel.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The owner of memory: every {@link Memory} region Accel allocates belongs to exactly one scope, and
 * closing the scope frees all of it, host and device alike. A tensor whose memory belongs to a closed
 * scope throws {@link IllegalStateException} on any access; it never crashes the JVM.
 *
 * <ul>
 *   <li>{@link #confined()}: usable only by the thread that created it (cheapest; closing is immediate);</li>
 *   <li>{@link #shared()}: usable by any thread; {@link #close()} waits until no thread is in the
 *       middle of an access (the JDK's shared {@link Arena} guarantee);</li>
 *   <li>{@link #auto()}: freed by the garbage collector when unreachable; {@link #close()} is not allowed.</li>
 * </ul>
 *
 * <p>Backends that allocate native resources outside the JDK's arenas (device memory, pinned host memory)
 * register how to free them with {@link #onClose(Runnable)}; those actions run in reverse order of
 * registration when the scope closes, after which the host segments are invalidated.
 */
public final class MemoryScope implements AutoCloseable {
    /** Alignment, in bytes, of every host allocation made through a scope. */
    public static final long HOST_ALIGNMENT = 64;

    private enum Flavor { CONFINED, SHARED, AUTO }

    private final Arena arena;
    private final Flavor flavor;
    /** The thread a confined scope belongs to; null for shared and auto scopes. */
    private final Thread owner;
    private final Deque<Runnable> closeActions = new ArrayDeque<>();
    private final AtomicLong allocatedBytes = new AtomicLong();
    private volatile boolean closed;

    private MemoryScope(Arena arena, Flavor flavor) {
        this.arena = arena;
        this.flavor = flavor;
        this.owner = flavor == Flavor.CONFINED ? Thread.currentThread() : null;
    }

    /** A scope for one thread. */
    public static MemoryScope confined() {
        return new MemoryScope(Arena.ofConfined(), Flavor.CONFINED);
    }

    /** A scope any thread may use and close. */
    public static MemoryScope shared() {
        return new MemoryScope(Arena.ofShared(), Flavor.SHARED);
    }

    /** A scope freed by the garbage collector; for short scripts and for copies of foreign memory. */
    public static MemoryScope auto() {
        return new MemoryScope(Arena.ofAuto(), Flavor.AUTO);
    }

    /** The JDK arena behind this scope: segments allocated or mapped in it die with the scope. */
    public Arena arena() {
        return arena;
    }

    public boolean isConfined() {
        return flavor == Flavor.CONFINED;
    }

    /** True until {@link #close()} has run. */
    public boolean isAlive() {
        return !closed && arena.scope().isAlive();
    }

    /** Throws {@link IllegalStateException} if this scope is closed. */
    public void checkAlive() {
        if (!isAlive()) {
            throw new IllegalStateException("memory scope is closed: the memory it owned has been freed");
        }
    }

    /**
     * Allocates zero-filled host memory, {@value #HOST_ALIGNMENT}-byte aligned.
     *
     * @throws IllegalArgumentException if {@code byteSize} is negative
     * @throws IllegalStateException    if the scope is closed
     */
    public Memory allocateHost(long byteSize) {
        if (byteSize < 0) {
            throw new IllegalArgumentException("byteSize must be >= 0, got " + byteSize);
        }
        checkAlive();
        MemorySegment segment;
        try {
            segment = arena.allocate(Math.max(byteSize, 1), HOST_ALIGNMENT).asSlice(0, byteSize);
        } catch (OutOfMemoryError e) {
            throw new dev.accel.AccelException(dev.accel.ErrorCode.OUT_OF_MEMORY,
                    "cannot allocate " + byteSize + " bytes of host memory", e);
        }
        allocatedBytes.addAndGet(byteSize);
        return new Memory(MemoryKind.HOST, null, segment, this);
    }

    /**
     * Registers an action to run when this scope closes (e.g. freeing device memory). Actions run in
     * reverse order of registration, each at most once; an action that throws does not stop the others,
     * and the first failure is rethrown from {@link #close()}.
     *
     * @throws UnsupportedOperationException for an {@link #auto()} scope
     * @throws WrongThreadException for a confined scope used from another thread
     * @throws IllegalStateException if the scope is closed or closing
     */
    public void onClose(Runnable action) {
        if (flavor == Flavor.AUTO) {
            throw new UnsupportedOperationException("an auto scope is never closed: register native resources in a confined or shared scope");
        }
        checkOwnerThread();
        synchronized (closeActions) {
            checkAlive();
            closeActions.push(action);
        }
    }

    /** Bytes of host memory allocated through {@link #allocateHost(long)} so far. */
    public long allocatedHostBytes() {
        return allocatedBytes.get();
    }

    /**
     * Frees everything this scope owns. Idempotent. A confined scope must be closed by its owner thread.
     *
     * @throws UnsupportedOperationException for an {@link #auto()} scope
     * @throws WrongThreadException for a confined scope closed from another thread (the scope stays open)
     */
    @Override
    public void close() {
        if (flavor == Flavor.AUTO) {
            throw new UnsupportedOperationException("an auto scope is freed by the garbage collector and cannot be closed");
        }
        // Checked before anything runs: a close from the wrong thread must leave the scope fully open
        // (the arena's own check would come only after the close actions had freed device memory).
        checkOwnerThread();
        RuntimeException first = null;
        synchronized (closeActions) {
            if (closed) {
                return;
            }
            closed = true;
            while (!closeActions.isEmpty()) {
                try {
                    closeActions.pop().run();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        arena.close();
        if (first != null) {
            throw first;
        }
    }

    private void checkOwnerThread() {
        if (owner != null && Thread.currentThread() != owner) {
            throw new WrongThreadException("this confined memory scope belongs to thread " + owner.getName()
                    + "; it cannot be used or closed from thread " + Thread.currentThread().getName());
        }
    }

    @Override
    public String toString() {
        return "MemoryScope[" + flavor.name().toLowerCase(java.util.Locale.ROOT) + (isAlive() ? "" : ", closed") + "]";
    }
}
