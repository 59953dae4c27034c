package dev.accel.qnn;

import dev.accel.bindings.LibraryProbe;
import dev.accel.bindings.LibrarySearch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the QNN libraries are looked for, in order:
 * <ol>
 *   <li>{@value #BACKEND_VARIABLE}: the exact backend library file to load. When set, it is the
 *       <em>only</em> backend library tried, and its kind comes from its file name (it must contain
 *       {@code QnnHtp}, {@code QnnGpu}, {@code QnnDsp} or {@code QnnCpu}, as the SDK's files do);
 *       {@value #SYSTEM_VARIABLE} likewise names the exact {@code libQnnSystem.so};</li>
 *   <li>the directories of {@code $ACCEL_LIBRARY_PATH};</li>
 *   <li>{@code $QNN_SDK_ROOT/lib/<target>} for this machine's targets ({@code x86_64-linux-clang} on
 *       x86-64; {@code aarch64-android}, {@code aarch64-ubuntu-gcc9.4}, {@code aarch64-oe-linux-gcc11.2}
 *       on AArch64);</li>
 *   <li>the system loader ({@code dlopen("libQnnHtp.so")}), which reads {@code LD_LIBRARY_PATH}.</li>
 * </ol>
 */
final class QnnLocator {
    /** Names the exact backend library file to load, e.g. {@code /opt/qairt/lib/aarch64-android/libQnnHtp.so}. */
    static final String BACKEND_VARIABLE = "ACCEL_QNN_BACKEND";
    /** Names the exact {@code libQnnSystem.so} to load. */
    static final String SYSTEM_VARIABLE = "ACCEL_QNN_SYSTEM_LIBRARY";
    /** The root of an unpacked QNN SDK / QAIRT. */
    static final String SDK_ROOT_VARIABLE = "QNN_SDK_ROOT";
    /** QnnSystem's library name in the SDK. */
    static final String SYSTEM_LIBRARY = "libQnnSystem.so";

    private final Function<String, String> environment;

    QnnLocator(Function<String, String> environment) {
        this.environment = environment;
    }

    static QnnLocator fromProcessEnvironment() {
        return new QnnLocator(System::getenv);
    }

    /** The backend library file named by {@value #BACKEND_VARIABLE}, if set. */
    Optional<String> backendOverride() {
        String value = environment.apply(BACKEND_VARIABLE);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The kinds to probe: every kind, or only the one {@value #BACKEND_VARIABLE} names. */
    List<QnnBackendKind> kindsToProbe() {
        Optional<String> override = backendOverride();
        if (override.isEmpty()) {
            return List.of(QnnBackendKind.values());
        }
        return QnnBackendKind.ofFileName(Path.of(override.get()).getFileName().toString()).map(List::of).orElse(List.of());
    }

    /** Why {@value #BACKEND_VARIABLE} cannot be used, when it is set to a file whose name says no backend kind. */
    Optional<String> overrideProblem() {
        Optional<String> override = backendOverride();
        if (override.isPresent() && kindsToProbe().isEmpty()) {
            return Optional.of("$" + BACKEND_VARIABLE + "=" + override.get() + ": cannot tell which QNN backend this is; its file name"
                    + " must contain QnnHtp, QnnGpu, QnnDsp or QnnCpu, as the SDK's libQnnHtp.so, libQnnGpu.so, ... do");
        }
        return Optional.empty();
    }

    /** Looks for the backend library of {@code kind}. */
    LibraryProbe probeBackend(QnnBackendKind kind) {
        LibrarySearch search = LibrarySearch.forNames(kind.libraryName())
                .describedAs("QNN " + kind.shortName().toUpperCase(Locale.ROOT) + " backend")
                .environment(environment)
                .directories(sdkDirectories());
        if (backendOverride().isPresent()) {
            search = search.overrideVariable(BACKEND_VARIABLE);
        }
        return search.probe();
    }

    /** Looks for {@code libQnnSystem.so}, which reads context-binary metadata. */
    LibraryProbe probeSystem() {
        return LibrarySearch.forNames(SYSTEM_LIBRARY)
                .describedAs("QNN System library")
                .environment(environment)
                .overrideVariable(SYSTEM_VARIABLE)
                .directories(sdkDirectories())
                .probe();
    }

    /** {@code $QNN_SDK_ROOT/lib/<target>} for this machine's architecture; empty when the variable is unset. */
    List<String> sdkDirectories() {
        String root = environment.apply(SDK_ROOT_VARIABLE);
        if (root == null || root.isBlank()) {
            return List.of();
        }
        List<String> targets = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> List.of("x86_64-linux-clang");
            case "aarch64", "arm64" -> List.of("aarch64-android", "aarch64-ubuntu-gcc9.4", "aarch64-oe-linux-gcc11.2");
            default -> List.of();
        };
        List<String> dirs = new ArrayList<>();
        for (String target : targets) {
            dirs.add(Path.of(root.strip(), "lib", target).toString());
        }
        return dirs;
    }
}
