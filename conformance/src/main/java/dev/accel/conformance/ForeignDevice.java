package dev.accel.conformance;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Availability;
import dev.accel.backend.Backend;
import dev.accel.backend.Device;
import dev.accel.backend.DeviceCaps;
import dev.accel.backend.DeviceKind;
import dev.accel.backend.OpKind;
import dev.accel.backend.Ops;
import dev.accel.backend.Stream;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A device that exists only to own memory: {@code conformance-foreign:0}. Its "device memory" is a
 * zero-length token no backend can read, so a device under test that is handed such a tensor must reject
 * it ({@code INVALID_ARGUMENT}); one that computed anything would have fallen back silently to some other
 * memory or read garbage.
 */
final class ForeignDevice implements Device, Backend {
    static final ForeignDevice INSTANCE = new ForeignDevice();

    private ForeignDevice() {
    }

    /** A tensor of {@code shape} in this device's (unreadable) memory. */
    Tensor tensor(MemoryScope scope, DType dtype, long... shape) {
        return Tensor.empty(this, scope, dtype, shape);
    }

    @Override
    public Backend backend() {
        return this;
    }

    @Override
    public String name() {
        return "conformance-foreign:0";
    }

    @Override
    public Availability availability() {
        return Availability.unavailable("a stand-in device of the conformance kit; it runs nothing");
    }

    @Override
    public List<Device> devices() {
        return List.of();
    }

    @Override
    public int score() {
        return Integer.MIN_VALUE;
    }

    @Override
    public String description() {
        return "stand-in device that owns unreadable memory (conformance kit)";
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.OTHER;
    }

    @Override
    public OptionalLong totalMemory() {
        return OptionalLong.empty();
    }

    @Override
    public OptionalLong freeMemory() {
        return OptionalLong.empty();
    }

    @Override
    public DeviceCaps caps() {
        return new DeviceCaps(false, false, false, false, false);
    }

    @Override
    public Set<MemoryKind> memoryKinds() {
        return Set.of(MemoryKind.DEVICE);
    }

    @Override
    public MemoryKind defaultMemoryKind() {
        return MemoryKind.DEVICE;
    }

    @Override
    public Memory allocate(MemoryScope scope, MemoryKind kind, long byteSize) {
        if (kind != MemoryKind.DEVICE) {
            throw new AccelException(ErrorCode.UNSUPPORTED, name() + " allocates DEVICE memory only");
        }
        scope.checkAlive();
        return new Memory(MemoryKind.DEVICE, this, MemorySegment.NULL, scope, byteSize);
    }

    @Override
    public Ops ops() {
        throw new AccelException(ErrorCode.UNSUPPORTED, name() + " runs no ops");
    }

    @Override
    public boolean supports(OpKind op, DType dtype) {
        return false;
    }

    @Override
    public Stream newStream() {
        throw new AccelException(ErrorCode.UNSUPPORTED, name() + " has no streams");
    }

    @Override
    public String toString() {
        return name();
    }
}
