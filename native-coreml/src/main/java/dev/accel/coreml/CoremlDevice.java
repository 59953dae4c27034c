package dev.accel.coreml;

import dev.accel.ErrorCode;
import dev.accel.backend.Backend;
import dev.accel.backend.ModelOnlyDevice;
import dev.accel.backend.DeviceCaps;
import dev.accel.backend.DeviceKind;
import dev.accel.coreml.raw.CoremlAbi;
import dev.accel.memory.Memory;


/**
 * One compute device CoreML can use. It runs models through {@link CoremlModelRuntime} (choose it with
 * {@link CoremlComputeUnits}). Its only op is {@code copy} (a host copy); every other op throws
 * {@link ErrorCode#UNSUPPORTED}, and {@link #supports} is false for it. Memory is host
 * memory: on Apple silicon it is unified, and the GPU can use it in place ({@link CoremlMetalBuffer}).
 */
final class CoremlDevice extends ModelOnlyDevice {
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

    CoremlDevice(CoremlBackend backend, CoremlShim shim, Unit unit) {
        super("it runs whole CoreML models (ModelRuntime 'coreml'), not single ops; use the cpu device for ops",
                "CoreML reads host memory, unified with the GPU's on Apple silicon");
        this.backend = backend;
        this.shim = shim;
        this.unit = unit;
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
    public DeviceCaps caps() {
        return CAPS;
    }

    /** A stream whose copies are host copies, complete when {@code copy} returns. */

    /** The compute units that select this device. */
    CoremlComputeUnits units() {
        return unit.units;
    }
}
