package dev.accel.cuda.ops;

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
 * A stand-in CUDA device for host-only tests: its "device memory" is ordinary host memory whose address is
 * the device address, so tests can fill device tensors and read them back through {@link #hostView}.
 * Copies between it and the host are real copies; it runs no kernels.
 */
final class FakeCudaDevice implements Device {
    private final String name;
    private Ops ops;

    FakeCudaDevice(String name) {
        this.name = name;
    }

    void setOps(Ops ops) {
        this.ops = ops;
    }

    @Override
    public Backend backend() {
        return new Backend() {
            @Override
            public String name() {
                return "fake-cuda";
            }

            @Override
            public Availability availability() {
                return Availability.ok("fake");
            }

            @Override
            public List<Device> devices() {
                return List.of(FakeCudaDevice.this);
            }

            @Override
            public int score() {
                return -1;
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "fake CUDA device backed by host memory";
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.GPU;
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
        throw new UnsupportedOperationException("not needed by the tests");
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
            throw new AccelException(ErrorCode.UNSUPPORTED, "fake device allocates device memory only");
        }
        MemorySegment host = scope.arena().allocate(Math.max(byteSize, 1), 256);
        return new Memory(MemoryKind.DEVICE, this, MemorySegment.ofAddress(host.address()), scope, byteSize);
    }

    @Override
    public Ops ops() {
        return ops;
    }

    @Override
    public boolean supports(OpKind op, DType dtype) {
        return CudaOps.supports(op, dtype);
    }

    @Override
    public Stream newStream() {
        throw new UnsupportedOperationException("not needed by the tests");
    }

    /** The same view over host memory (for fake device tensors), or {@code t} itself for host tensors. */
    static Tensor hostView(Tensor t) {
        if (t.memoryKind() != MemoryKind.DEVICE) {
            return t;
        }
        Memory m = t.memory();
        MemorySegment bytes = m.rawSegment().reinterpret(m.byteSize());
        Memory host = new Memory(MemoryKind.HOST, null, bytes, m.scope(), m.byteSize());
        return Tensor.view(host, t.dtype(), t.shape(), t.strides(), t.offset());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        hostView(src).copyTo(hostView(dst));
    }

    @Override
    public String toString() {
        return name;
    }
}
