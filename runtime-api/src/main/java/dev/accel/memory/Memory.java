package dev.accel.memory;

import dev.accel.backend.Device;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * A region of bytes with an owner: its {@link MemoryKind}, the device that owns it (for pinned and device
 * memory), and the {@link MemoryScope} whose closing frees it. Tensors are views over a {@code Memory}.
 *
 * <p>For host-accessible kinds, {@link #hostSegment()} gives the bytes as a bounded
 * {@link MemorySegment} (read-only for read-only mappings). For {@link MemoryKind#DEVICE} memory the
 * segment is a zero-length address token that only the owning backend understands.
 */
public final class Memory {
    private final MemoryKind kind;
    private final Device device;
    private final MemorySegment segment;
    private final MemoryScope scope;
    private final long byteSize;

    /**
     * Creates a region. Backends use this for the memory they allocate; host users normally call
     * {@link MemoryScope#allocateHost(long)}, {@link #wrap(MemorySegment)} or {@link #mapFile(Path, MemoryScope)}.
     *
     * @param device the owning device; required for {@link MemoryKind#DEVICE}, optional otherwise
     * @param segment for host-accessible kinds the bytes; for device memory a zero-length address token
     * @param byteSize the region's size; must equal {@code segment.byteSize()} for host-accessible kinds
     */
    public Memory(MemoryKind kind, Device device, MemorySegment segment, MemoryScope scope, long byteSize) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.segment = Objects.requireNonNull(segment, "segment");
        this.scope = Objects.requireNonNull(scope, "scope");
        if (kind == MemoryKind.DEVICE && device == null) {
            throw new IllegalArgumentException("device memory needs its owning device");
        }
        if (kind.isHostAccessible() && segment.byteSize() != byteSize) {
            throw new IllegalArgumentException("segment has " + segment.byteSize() + " bytes, expected " + byteSize);
        }
        this.device = device;
        this.byteSize = byteSize;
    }

    Memory(MemoryKind kind, Device device, MemorySegment segment, MemoryScope scope) {
        this(kind, device, segment, scope, segment.byteSize());
    }

    /**
     * Wraps a host segment without copying. The segment's own lifetime governs access; copies derived
     * from it (e.g. by {@code Tensor.contiguous()}) are allocated in a garbage-collected {@link MemoryScope#auto()} scope.
     * A segment from a mapped file is reported as {@link MemoryKind#MAPPED_FILE}.
     *
     * @throws IllegalArgumentException for a heap segment (its address can move; native code cannot use it)
     */
    public static Memory wrap(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("only native (off-heap) segments can back a tensor; copy heap data in with Tensor.copyOf");
        }
        return new Memory(segment.isMapped() ? MemoryKind.MAPPED_FILE : MemoryKind.HOST, null, segment, MemoryScope.auto());
    }

    /**
     * Maps a whole file read-only into {@code scope}: no bytes are copied; the page cache backs the segment.
     *
     * @throws dev.accel.AccelException with {@link dev.accel.ErrorCode#IO_ERROR} when the file cannot be opened or mapped
     */
    public static Memory mapFile(Path file, MemoryScope scope) {
        scope.checkAlive();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, scope.arena());
            return new Memory(MemoryKind.MAPPED_FILE, null, segment, scope);
        } catch (IOException e) {
            throw new dev.accel.AccelException(dev.accel.ErrorCode.IO_ERROR, "cannot map " + file + ": " + e.getMessage(), e);
        }
    }

    public MemoryKind kind() {
        return kind;
    }

    /** The device that owns this memory: present for device and pinned memory, empty for plain host memory and files. */
    public Optional<Device> device() {
        return Optional.ofNullable(device);
    }

    public MemoryScope scope() {
        return scope;
    }

    public long byteSize() {
        return byteSize;
    }

    /** True when the owning scope is open (and, for wrapped segments, the segment's own scope is alive). */
    public boolean isAlive() {
        return scope.isAlive() && segment.scope().isAlive();
    }

    /** Throws {@link IllegalStateException} when this memory has been freed. */
    public void checkAlive() {
        if (!isAlive()) {
            throw new IllegalStateException("memory has been freed: its scope is closed (" + kind + ", " + byteSize + " bytes)");
        }
    }

    public boolean isReadOnly() {
        return segment.isReadOnly();
    }

    /**
     * The bytes as a segment, valid while the scope is open.
     *
     * @throws IllegalStateException if the memory is not host-accessible ({@link MemoryKind#DEVICE}) or has been freed
     */
    public MemorySegment hostSegment() {
        checkAlive();
        if (!kind.isHostAccessible()) {
            throw new IllegalStateException("device memory is not host-accessible; copy it to host memory first (Tensor.to / copyTo)");
        }
        return segment;
    }

    /** The raw segment: for device memory the zero-length address token its backend gave. For backends. */
    public MemorySegment rawSegment() {
        checkAlive();
        return segment;
    }

    @Override
    public String toString() {
        return "Memory[" + kind + ", " + byteSize + " bytes" + (device == null ? "" : ", " + device.name()) + (isAlive() ? "" : ", freed") + "]";
    }
}
