package dev.accel.openvino;

import dev.accel.backend.Backend;
import dev.accel.backend.ModelOnlyDevice;
import dev.accel.backend.DeviceCaps;
import dev.accel.backend.DeviceKind;
import dev.accel.backend.OpKind;
import dev.accel.memory.Memory;
import dev.accel.openvino.core.OvCore;

import java.util.Locale;

/**
 * One OpenVINO device. Memory is host memory: OpenVINO's tensors view host memory directly
 * ({@code ov_tensor_create_from_host_ptr}), whatever device runs the model. No ops (see
 * {@link OpenVinoBackend}) but {@code copy}.
 */
final class OpenVinoDevice extends ModelOnlyDevice {
    private final OpenVinoBackend backend;
    private final OvCore core;
    private final String ovName;
    private final String description;

    OpenVinoDevice(OpenVinoBackend backend, OvCore core, String ovName, String description) {
        super("the OpenVINO backend runs whole models (ModelRuntime 'openvino', accel run --device openvino:DEVICE), not single ops;"
                + " use the cpu backend for ops", "OpenVINO tensors view host memory");
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
    public DeviceCaps caps() {
        return new DeviceCaps(false, false, true, true, false);
    }

    /** True only for {@link OpKind#COPY} (a host copy): OpenVINO runs models, not single ops. */
}
