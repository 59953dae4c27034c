package dev.accel.coreml;

import dev.accel.backend.Availability;
import dev.accel.backend.Backend;
import dev.accel.backend.Device;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code coreml} backend: one {@link Device} per compute device CoreML reports ({@code coreml:cpu},
 * {@code coreml:gpu}, {@code coreml:ane}). CoreML runs whole models ({@link CoremlModelRuntime}); its
 * devices implement no single ops, so its {@link #score()} is below the CPU's. Unavailable off Apple
 * platforms, with the reason "CoreML exists only on Apple platforms (os.name=...)".
 */
public final class CoremlBackend implements Backend {
    /** Below the CPU backend's 0: CoreML devices do not run single ops. */
    public static final int SCORE = -10;

    private final CoremlLocator locator;

    /** Public no-argument constructor for {@link java.util.ServiceLoader}; loads nothing. */
    public CoremlBackend() {
        this(CoremlLocator.processWide());
    }

    CoremlBackend(CoremlLocator locator) {
        this.locator = locator;
    }

    @Override
    public String name() {
        return "coreml";
    }

    @Override
    public Availability availability() {
        CoremlLocator.Found found = locator.shim();
        return found.isPresent() ? Availability.ok(found.shim().toString()) : Availability.unavailable(found.reason());
    }

    @Override
    public List<Device> devices() {
        CoremlLocator.Found found = locator.shim();
        if (!found.isPresent()) {
            return List.of();
        }
        int bits;
        try {
            bits = (int) found.shim().function("accel_coreml_available_devices").invokeExact();
        } catch (Throwable t) {
            throw CoremlShim.rethrow(t, "accel_coreml_available_devices");
        }
        List<Device> devices = new ArrayList<>();
        for (CoremlDevice.Unit unit : CoremlDevice.Unit.values()) {
            if ((bits & unit.bit) != 0) {
                devices.add(new CoremlDevice(this, found.shim(), unit));
            }
        }
        return List.copyOf(devices);
    }

    @Override
    public int score() {
        return SCORE;
    }

    /** The page size Metal's no-copy buffers must be aligned to (16 KiB on Apple silicon). */
    public long metalPageSize() {
        return CoremlMetalBuffer.pageSize(requireShim());
    }

    /**
     * An {@code MTLBuffer} over {@code memory} without a copy; see {@link CoremlMetalBuffer}.
     *
     * @throws dev.accel.backend.BackendUnavailableException off Apple platforms or without the shim
     */
    public CoremlMetalBuffer wrapMetal(java.lang.foreign.MemorySegment memory) {
        return CoremlMetalBuffer.wrap(requireShim(), memory);
    }

    CoremlShim requireShim() {
        CoremlLocator.Found found = locator.shim();
        if (!found.isPresent()) {
            throw new dev.accel.backend.BackendUnavailableException("coreml", found.reason());
        }
        return found.shim();
    }

    @Override
    public String toString() {
        return "CoremlBackend[coreml]";
    }
}
