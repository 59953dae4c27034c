package dev.accel.qnn;

import dev.accel.bindings.LibraryProbe;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The QNN libraries found through one {@link QnnLocator}, each looked for once and kept loaded (or its
 * reason kept) for the life of this object. The process-wide instance reads the process environment.
 */
final class QnnLibraries {
    private static final class Default {
        static final QnnLibraries INSTANCE = new QnnLibraries(QnnLocator.fromProcessEnvironment());
    }

    /** A library, or why it cannot be used. */
    record Found<T>(T library, String reason) {
        boolean isPresent() {
            return library != null;
        }
    }

    private final QnnLocator locator;
    private final Map<QnnBackendKind, Found<QnnLibrary>> backends = new EnumMap<>(QnnBackendKind.class);
    private Found<QnnSystemLibrary> system;

    QnnLibraries(QnnLocator locator) {
        this.locator = locator;
    }

    static QnnLibraries processWide() {
        return Default.INSTANCE;
    }

    QnnLocator locator() {
        return locator;
    }

    /** The backend library of {@code kind}, loaded on first use. Never throws. */
    synchronized Found<QnnLibrary> backend(QnnBackendKind kind) {
        return backends.computeIfAbsent(kind, this::load);
    }

    private Found<QnnLibrary> load(QnnBackendKind kind) {
        Optional<String> problem = locator.overrideProblem();
        if (problem.isPresent()) {
            return new Found<>(null, problem.get());
        }
        if (!locator.kindsToProbe().contains(kind)) {
            return new Found<>(null, "$" + QnnLocator.BACKEND_VARIABLE + " names a " + locator.kindsToProbe().getFirst().shortName()
                    + " backend library, so no " + kind.shortName() + " library was looked for");
        }
        try {
            return switch (locator.probeBackend(kind)) {
                case LibraryProbe.Loaded loaded -> {
                    try {
                        yield new Found<>(QnnLibrary.open(loaded.library(), kind), null);
                    } catch (RuntimeException e) {
                        loaded.library().close(); // a library this binding cannot use is not kept loaded
                        throw e;
                    }
                }
                case LibraryProbe.Unavailable unavailable -> new Found<>(null, unavailable.reason());
            };
        } catch (RuntimeException e) {
            return new Found<>(null, e.getMessage());
        }
    }

    /** {@code libQnnSystem.so}, loaded on first use. Never throws. */
    synchronized Found<QnnSystemLibrary> system() {
        if (system == null) {
            try {
                system = switch (locator.probeSystem()) {
                    case LibraryProbe.Loaded loaded -> {
                        try {
                            yield new Found<>(QnnSystemLibrary.open(loaded.library()), null);
                        } catch (RuntimeException e) {
                            loaded.library().close();
                            throw e;
                        }
                    }
                    case LibraryProbe.Unavailable unavailable -> new Found<>(null, unavailable.reason());
                };
            } catch (RuntimeException e) {
                system = new Found<>(null, e.getMessage());
            }
        }
        return system;
    }
}
