package dev.accel.coreml;

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
import dev.accel.coreml.raw.CoremlAbi;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;

import java.util.OptionalLong;
import java.util.Set;

/**
 * One compute device CoreML can use. It runs models through {@link CoremlModelRuntime} (choose it with
 * {@link CoremlComputeUnits}). Its only op is {@code copy} (a host copy); every other op throws
 * {@link ErrorCode#UNSUPPORTED}, and {@link #supports} is false for it. Memory is host
 * memory: on Apple silicon it is unified, and the GPU can use it in place ({@link CoremlMetalBuffer}).
 */
final class CoremlDevice implements Device {
    enum Unit {
        CPU("cpu", CoremlAbi.ACCEL_COREML_DEVICE_CPU, DeviceKind.CPU, CoremlComputeUnits.CPU_ONLY),
        GPU("gpu", CoremlAbi.ACCEL_COREML_DEVICE_GPU, DeviceKind.GPU, CoremlComputeUnits.CPU_AND_GPU),
        ANE("ane", CoremlAbi.ACCEL_COREML_DEVICE_NEURAL_ENGINE, DeviceKind.NPU, CoremlComputeUnits.CPU_AND_NE);

        final String shortName;
        final int bit;
        final DeviceKind kind;
        final CoremlComputeUnits units;

        Unit(String shortName, int bit, DeviceKind kind, CoremlComputeUnits units) {
            this.shortName = shortName;
            this.bit = bit;
            this.kind = kind;
            this.units = units;
        }
    }

    private static final DeviceCaps CAPS = new DeviceCaps(false, false, true, true, false);

    private final CoremlBackend backend;
    private final CoremlShim shim;
    private final Unit unit;
    private final Ops ops;

    CoremlDevice(CoremlBackend backend, CoremlShim shim, Unit unit) {
        this.backend = backend;
        this.shim = shim;
        this.unit = unit;
        this.ops = new HostCopyOps(this, "it runs whole CoreML models (ModelRuntime 'coreml'), not single ops;"
                + " use the cpu device for ops");
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public String name() {
        return "coreml:" + unit.shortName;
    }

    @Override
    public String description() {
        if (shim.isStandIn()) {
            return "Accel's C stand-in of the CoreML shim (" + shim.origin() + "): a test double, not Apple hardware";
        }
        return "CoreML " + unit.shortName + " (compute units " + unit.units + ") via " + shim;
    }

    @Override
    public DeviceKind kind() {
        return shim.isStandIn() ? DeviceKind.OTHER : unit.kind;
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
        return CAPS;
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
            throw new AccelException(ErrorCode.UNSUPPORTED, name() + " uses host (unified) memory; " + kind + " is not offered");
        }
        return scope.allocateHost(byteSize);
    }

    @Override
    public Ops ops() {
        return ops;
    }

    @Override
    public boolean supports(OpKind op, DType dtype) {
        return op == OpKind.COPY;
    }

    /** A stream whose copies are host copies, complete when {@code copy} returns. */
    @Override
    public Stream newStream() {
        return new HostStream(this);
    }

    /** The compute units that select this device. */
    CoremlComputeUnits units() {
        return unit.units;
    }

    @Override
    public String toString() {
        return name() + " (" + description() + ")";
    }
}
