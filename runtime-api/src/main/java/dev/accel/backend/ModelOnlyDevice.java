package dev.accel.backend;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;

import java.util.OptionalLong;
import java.util.Set;

/**
 * The base of devices that run whole models through a vendor runtime and offer no single ops of their own
 * (OpenVINO, QNN, CoreML): tensors live in host memory, which the vendor runtime reads in place; the only op is
 * {@code copy} ({@link HostCopyOps}, every other op throws {@link ErrorCode#UNSUPPORTED} with the reason given
 * here, and {@link #supports} says so); streams are synchronous host streams ({@link HostStream}). A subclass
 * names the device and says what it is; it may override the memory figures when its runtime reports them.
 */
public abstract class ModelOnlyDevice implements Device {
    private final Ops ops;
    private final String hostMemoryNote;

    /**
     * @param whyNoOps       why single ops are unsupported and what to use instead (the end of every
     *                       {@code UNSUPPORTED} message of {@link #ops()})
     * @param hostMemoryNote why memory is host memory, for the error of {@link #allocate} with another kind
     */
    protected ModelOnlyDevice(String whyNoOps, String hostMemoryNote) {
        this.ops = new HostCopyOps(this, whyNoOps);
        this.hostMemoryNote = hostMemoryNote;
    }

    /** Unknown unless the subclass's runtime reports it. */
    @Override
    public OptionalLong totalMemory() {
        return OptionalLong.empty();
    }

    /** Unknown unless the subclass's runtime reports it. */
    @Override
    public OptionalLong freeMemory() {
        return OptionalLong.empty();
    }

    @Override
    public final Set<MemoryKind> memoryKinds() {
        return Set.of(MemoryKind.HOST);
    }

    @Override
    public final MemoryKind defaultMemoryKind() {
        return MemoryKind.HOST;
    }

    /**
     * Host memory in {@code scope}.
     *
     * @throws AccelException {@link ErrorCode#UNSUPPORTED} for any other kind
     */
    @Override
    public final Memory allocate(MemoryScope scope, MemoryKind kind, long byteSize) {
        if (kind != MemoryKind.HOST) {
            throw new AccelException(ErrorCode.UNSUPPORTED, name() + " allocates host memory only (" + hostMemoryNote + "); "
                    + kind + " is not offered");
        }
        return scope.allocateHost(byteSize);
    }

    @Override
    public final Ops ops() {
        return ops;
    }

    /** True only for {@link OpKind#COPY} (a host copy). */
    @Override
    public final boolean supports(OpKind op, DType dtype) {
        return op == OpKind.COPY;
    }

    /** A stream whose copies are host copies, complete when {@code copy} returns. */
    @Override
    public final Stream newStream() {
        return new HostStream(this);
    }

    @Override
    public String toString() {
        return name() + " (" + description() + ")";
    }
}
