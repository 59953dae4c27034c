package dev.accel.qnn;

import dev.accel.backend.Availability;
import dev.accel.backend.Backend;
import dev.accel.backend.Device;
import dev.accel.bindings.NativeAccess;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code qnn} backend: one {@link Device} per QNN backend library found ({@code qnn:htp},
 * {@code qnn:gpu}, {@code qnn:dsp}, {@code qnn:cpu}); where they are looked for is described in the
 * package documentation. QNN runs whole graphs from context binaries (see {@link QnnModelRuntime}); its
 * devices implement no single {@link dev.accel.backend.Ops ops}, so its {@link #score()} is below the
 * CPU's and it is never chosen automatically for ops.
 *
 * <p>Finding a device loads the library and reads its interface providers (no hardware is touched);
 * Accel's test stand-in library is reported as such, never as Qualcomm hardware.
 */
public final class QnnBackend implements Backend {
    /** Below the CPU backend's 0: QNN devices do not run single ops. */
    public static final int SCORE = -10;

    private final QnnLibraries libraries;

    /** Public no-argument constructor for {@link java.util.ServiceLoader}; loads nothing. */
    public QnnBackend() {
        this(QnnLibraries.processWide());
    }

    QnnBackend(QnnLibraries libraries) {
        this.libraries = libraries;
    }

    @Override
    public String name() {
        return "qnn";
    }

    @Override
    public Availability availability() {
        Optional<String> access = NativeAccess.problem(QnnBackend.class.getModule());
        if (access.isPresent()) {
            return Availability.unavailable(access.get());
        }
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (QnnBackendKind kind : QnnBackendKind.values()) {
            QnnLibraries.Found<QnnLibrary> backend = libraries.backend(kind);
            if (backend.isPresent()) {
                found.add(backend.library().toString());
            } else {
                missing.add(kind.shortName() + ": " + backend.reason());
            }
        }
        if (found.isEmpty()) {
            return Availability.unavailable("no QNN backend library could be used (" + String.join("; ", missing)
                    + "); install the QNN SDK / QAIRT and set QNN_SDK_ROOT, or name a library with $" + QnnLocator.BACKEND_VARIABLE);
        }
        return Availability.ok(String.join(", ", found));
    }

    @Override
    public List<Device> devices() {
        if (NativeAccess.problem(QnnBackend.class.getModule()).isPresent()) {
            return List.of();
        }
        List<Device> devices = new ArrayList<>();
        for (QnnBackendKind kind : QnnBackendKind.values()) {
            QnnLibraries.Found<QnnLibrary> backend = libraries.backend(kind);
            if (backend.isPresent()) {
                devices.add(new QnnDevice(this, backend.library()));
            }
        }
        return List.copyOf(devices);
    }

    @Override
    public int score() {
        return SCORE;
    }

    @Override
    public String toString() {
        return "QnnBackend[qnn]";
    }
}
