package dev.accel.openvino;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Backend;
import dev.accel.backend.HostCopyOps;
import dev.accel.backend.HostStream;
import dev.accel.backend.Device;
import dev.accel.backend.DeviceCaps;
import dev.accel.backend.DeviceKind;
import dev.accel.backend.OpKind;
import dev.accel.backend.Ops;
import dev.accel.backend.Stream;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.openvino.core.OvCore;
import dev.accel.tensor.DType;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One OpenVINO device. Memory is host memory: OpenVINO's tensors view host memory directly
 * ({@code ov_tensor_create_from_host_ptr}), whatever device runs the model. No ops (see
 * {@link OpenVinoBackend}) but {@code copy}.
 */
final class OpenVinoDevice implements Device {
    private final OpenVinoBackend backend;
    private final OvCore core;
    private final String ovName;
    private final String description;
    private final Ops ops = new HostCopyOps(this, "the OpenVINO backend runs whole models (ModelRuntime 'openvino', accel run --device "
            + "openvino:DEVICE), not single ops; use the cpu backend for ops");

    OpenVinoDevice(OpenVinoBackend backend, OvCore core, String ovName, String description) {
        this.backend = backend;
        this.core = core;
        this.ovName = ovName;
        this.description = description;
    }

    /** OpenVINO's name for the device, e.g. {@code CPU}, {@code GPU.0}: what {@code ov_core_compile_model} takes. */
    String openVinoName() {
        return ovName;
    }

    OvCore core() {
        return core;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public String name() {
        return OpenVinoBackend.NAME + ":" + ovName;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public DeviceKind kind() {
        String upper = ovName.toUpperCase(Locale.ROOT);
        if (upper.startsWith("CPU")) {
            return DeviceKind.CPU;
        }
        if (upper.startsWith("GPU")) {
            return DeviceKind.GPU;
        }
        if (upper.startsWith("NPU")) {
            return DeviceKind.NPU;
        }
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
        return new DeviceCaps(false, false, true, true, false);
    }

    @Override
    public Set<MemoryKind> memoryKinds() {
        return Set.of(MemoryKind.HOST);
    }

    @Override
    public MemoryKind defaultMemoryKind() {
        return MemoryKind.HOST;
    }

    @Override
    public Memory allocate(MemoryScope scope, MemoryKind kind, long byteSize) {
        if (kind != MemoryKind.HOST) {
            throw new AccelException(ErrorCode.UNSUPPORTED, name() + " allocates host memory only (OpenVINO tensors view host memory); got " + kind);
        }
        return scope.allocateHost(byteSize);
    }

    @Override
    public Ops ops() {
        return ops;
    }

    /** True only for {@link OpKind#COPY} (a host copy): OpenVINO runs models, not single ops. */
    @Override
    public boolean supports(OpKind op, DType dtype) {
        return op == OpKind.COPY;
    }

    @Override
    public Stream newStream() {
        return new HostStream(this);
    }

    @Override
    public String toString() {
        return name() + " (" + description + ")";
    }
}
