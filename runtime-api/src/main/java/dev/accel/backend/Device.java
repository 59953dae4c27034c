package dev.accel.backend;

import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.util.OptionalLong;
import java.util.Set;

/**
 * One piece of hardware that a {@link Backend} drives. A device allocates memory of the kinds it lists,
 * copies between them, runs {@link Ops}, and creates {@link Stream}s.
 */
public interface Device {
    Backend backend();

    /** Unique name within the process, {@code backend:index}, e.g. {@code cpu:0}, {@code cuda:1}. */
    String name();

    /** Human-readable hardware description (model name, driver version...). */
    String description();

    DeviceKind kind();

    /** Total memory the device can use, when known. */
    OptionalLong totalMemory();

    /** Memory currently free, when known. */
    OptionalLong freeMemory();

    DeviceCaps caps();

    /** The memory kinds {@link #allocate} accepts and copies support; always contains {@link #defaultMemoryKind()}. */
    Set<MemoryKind> memoryKinds();

    /** The kind of memory tensors on this device normally live in: {@link MemoryKind#HOST} for CPU, {@link MemoryKind#DEVICE} for GPUs. */
    MemoryKind defaultMemoryKind();

    /**
     * Allocates {@code byteSize} bytes of {@code kind} memory owned by {@code scope}.
     *
     * @throws dev.accel.AccelException with {@link dev.accel.ErrorCode#UNSUPPORTED} for a kind not in
     *         {@link #memoryKinds()}, or {@link dev.accel.ErrorCode#OUT_OF_MEMORY}
     */
    Memory allocate(MemoryScope scope, MemoryKind kind, long byteSize);

    /** The ops this device runs, over tensors in memory it can address. */
    Ops ops();

    /** Whether {@link #ops()} implements {@code op} for operands of {@code dtype}. */
    boolean supports(OpKind op, DType dtype);

    /** A new stream; the caller closes it. */
    Stream newStream();

    /**
     * Copies {@code src} into {@code dst} synchronously (same dtype and shape), where at least one of them
     * is in memory this device owns. The default queues the copy on a new stream and waits for it.
     */
    default void copy(Tensor src, Tensor dst) {
        try (Stream stream = newStream()) {
            stream.copy(src, dst);
            stream.synchronize();
        }
    }
}
