package dev.accel.memory;

/** Where the bytes of a {@link Memory} region live. */
public enum MemoryKind {
    /** Ordinary native memory of this process (64-byte aligned when Accel allocates it). */
    HOST(true),
    /** Host memory that a device can copy from and to asynchronously (page-locked, registered). */
    PINNED_HOST(true),
    /** Memory on an accelerator; not readable from Java, only by copies through its backend. */
    DEVICE(false),
    /** A memory-mapped file (read-only unless mapped writable), readable from Java without a copy. */
    MAPPED_FILE(true);

    private final boolean hostAccessible;

    MemoryKind(boolean hostAccessible) {
        this.hostAccessible = hostAccessible;
    }

    /** True when Java code (and the CPU backend) can read the bytes through a {@link java.lang.foreign.MemorySegment}. */
    public boolean isHostAccessible() {
        return hostAccessible;
    }
}
