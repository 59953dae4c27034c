package dev.accel.cpu;

import dev.accel.backend.Availability;
import dev.accel.backend.Backend;
import dev.accel.backend.Device;

import java.util.List;

/**
 * The CPU reference backend: always available, score 0, one device {@code cpu:0}. Found by
 * {@link java.util.ServiceLoader} on the module path ({@code provides}) and on the class path
 * ({@code META-INF/services}).
 */
public final class CpuBackend implements Backend {
    private final CpuDevice device = new CpuDevice(this);

    /** Cheap: probes nothing until a device property is asked for. */
    public CpuBackend() {
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Availability availability() {
        return Availability.ok("Java " + Runtime.version() + ", Vector API " + CpuDevice.vectorBits() + "-bit float vectors");
    }

    @Override
    public List<Device> devices() {
        return List.of(device);
    }

    @Override
    public int score() {
        return 0;
    }

    @Override
    public String toString() {
        return "CpuBackend[cpu:0]";
    }
}
