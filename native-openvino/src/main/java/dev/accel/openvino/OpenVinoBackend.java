package dev.accel.openvino;

import dev.accel.backend.Availability;
import dev.accel.backend.Backend;
import dev.accel.backend.Device;
import dev.accel.openvino.core.OvCore;
import dev.accel.openvino.core.OvLibrary;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpenVINO backend ({@value #NAME}): one {@link Device} per device OpenVINO reports
 * ({@code ov_core_get_available_devices}), named {@code openvino:CPU}, {@code openvino:GPU.0},
 * {@code openvino:NPU}..., described by its {@code FULL_DEVICE_NAME}.
 *
 * <p>OpenVINO runs whole models, not single operations: its devices offer host memory, streams and
 * host copies, but their {@link Device#ops()} implement no computation and {@link Device#supports} is
 * false for every op but {@code COPY} (the conformance kit reports them as unsupported). Models run through {@link OpenVinoModelRuntime}. For
 * the same reason {@link #score()} is below the CPU backend's, so that automatic device choice never
 * picks a device without ops.
 *
 * <p>Cheap to construct; the library is looked for on the first call to {@link #availability()} or
 * {@link #devices()} (see {@link OpenVinoLibrary} for where). Never throws from those.
 */
public final class OpenVinoBackend implements Backend {
    /** The backend's name in device specs and reports. */
    public static final String NAME = "openvino";

    private final OpenVinoLibrary fixed;
    private volatile State state;

    private record State(Availability availability, List<Device> devices) {
    }

    /** For {@link java.util.ServiceLoader}: uses the process-wide library search. */
    public OpenVinoBackend() {
        this.fixed = null;
    }

    /** For tests: uses {@code library} as found. */
    OpenVinoBackend(OpenVinoLibrary library) {
        this.fixed = library;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return state().availability();
    }

    @Override
    public List<Device> devices() {
        return state().devices();
    }

    /** {@code -10}: below the CPU backend (0), since these devices run models, not ops. */
    @Override
    public int score() {
        return -10;
    }

    private State state() {
        State s = state;
        if (s == null) {
            synchronized (this) {
                if (state == null) {
                    state = discover();
                }
                s = state;
            }
        }
        return s;
    }

    private State discover() {
        try {
            OpenVinoLibrary found = fixed != null ? fixed : OpenVinoLibrary.get();
            if (!found.isAvailable()) {
                return new State(Availability.unavailable(found.reason()), List.of());
            }
            OvLibrary library = found.library().orElseThrow();
            OvCore core = found.core().orElseThrow();
            List<String> names = core.availableDevices();
            if (names.isEmpty()) {
                return new State(Availability.unavailable(library + " reports no devices (ov_core_get_available_devices is empty;"
                        + " its CPU plugin, libopenvino_intel_cpu_plugin.so, may be missing)"), List.of());
            }
            List<Device> devices = new ArrayList<>();
            for (String name : names) {
                devices.add(new OpenVinoDevice(this, core, name, describe(core, name)));
            }
            String what = library.isStandIn() ? "stand-in library (test), not OpenVINO: " + library : library.toString();
            return new State(Availability.ok(what + ", devices " + names), List.copyOf(devices));
        } catch (RuntimeException | LinkageError e) {
            return new State(Availability.unavailable("OpenVINO could not be probed: " + e), List.of());
        }
    }

    private static String describe(OvCore core, String device) {
        try {
            return core.property(device, "FULL_DEVICE_NAME");
        } catch (RuntimeException e) {
            return device + " (FULL_DEVICE_NAME unavailable: " + e.getMessage() + ")";
        }
    }
}
