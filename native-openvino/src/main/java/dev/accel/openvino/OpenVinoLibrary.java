package dev.accel.openvino;

import dev.accel.AccelException;
import dev.accel.bindings.LibraryProbe;
import dev.accel.bindings.LibrarySearch;
import dev.accel.bindings.NativeAccess;
import dev.accel.bindings.NativeLibrary;
import dev.accel.openvino.core.OvCore;
import dev.accel.openvino.core.OvLibrary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finding, loading and starting OpenVINO's C library once per process: the one place that knows where
 * {@code libopenvino_c} may be. Never throws: a library that is missing, broken, too old, or Accel's
 * test stand-in is an {@linkplain #reason() unavailable result with the reason}.
 *
 * <p>Where it looks, in order ({@link LibrarySearch} semantics):
 * <ol>
 *   <li>{@code $ACCEL_OPENVINO_C}: the exact file; when set, nothing else is tried;</li>
 *   <li>the directories of {@code $ACCEL_LIBRARY_PATH} and {@code $LD_LIBRARY_PATH};</li>
 *   <li>{@code $INTEL_OPENVINO_DIR/runtime/lib/intel64} and {@code $OPENVINO_DIR/runtime/lib/intel64} (the
 *       archive install, after {@code setupvars.sh}), and their {@code aarch64} twins;</li>
 *   <li>the pip wheel's {@code openvino/libs} under {@code $VIRTUAL_ENV}, {@code ~/.local} and
 *       {@code /usr/local}, {@code /usr} ({@code lib/python3.N/site-packages} or {@code dist-packages});</li>
 *   <li>{@code /opt/intel/openvino/runtime/lib/intel64} and the common Linux library directories (apt);</li>
 *   <li>the system loader, for each name: {@code libopenvino_c.so}, then the versioned names the
 *       wheels and archives ship ({@code libopenvino_c.so.2540} ... {@code libopenvino_c.so.2460}).</li>
 * </ol>
 */
final class OpenVinoLibrary {
    /** Names the exact library file to load. */
    static final String OVERRIDE_VARIABLE = "ACCEL_OPENVINO_C";

    private static volatile OpenVinoLibrary process;

    private final OvLibrary library;
    private final OvCore core;
    private final String reason;

    private OpenVinoLibrary(OvLibrary library, OvCore core, String reason) {
        this.library = library;
        this.core = core;
        this.reason = reason;
    }

    /** The process-wide result, looked for on first use with the process environment. */
    static OpenVinoLibrary get() {
        OpenVinoLibrary result = process;
        if (result == null) {
            synchronized (OpenVinoLibrary.class) {
                if (process == null) {
                    process = load(search(System::getenv), false);
                }
                result = process;
            }
        }
        return result;
    }

    /**
     * Probes {@code search}, links the C API and creates a core.
     *
     * @param allowStandIn accept Accel's stand-in test library (tests only); otherwise it is reported
     *                     as unavailable, never as OpenVINO
     */
    static OpenVinoLibrary load(LibrarySearch search, boolean allowStandIn) {
        Optional<String> access = NativeAccess.problem(OpenVinoLibrary.class.getModule());
        if (access.isPresent()) {
            return unavailable("OpenVINO was not looked for: " + access.get());
        }
        LibraryProbe probe;
        try {
            probe = search.probe();
        } catch (RuntimeException e) {
            return unavailable("OpenVINO's C library could not be looked for: " + e);
        }
        if (probe instanceof LibraryProbe.Unavailable u) {
            return unavailable(u.reason() + "; install OpenVINO (pip install openvino, or the archive/apt packages)"
                    + " or set " + OVERRIDE_VARIABLE + " to libopenvino_c.so (see docs/backends/openvino.md)");
        }
        NativeLibrary nativeLibrary = probe.orElseThrow();
        OvLibrary library;
        try {
            library = OvLibrary.load(nativeLibrary);
        } catch (AccelException | LinkageError e) {
            nativeLibrary.close();
            return unavailable(nativeLibrary.origin() + " was loaded but is not a usable OpenVINO C API: " + e.getMessage());
        }
        if (library.isStandIn() && !allowStandIn) {
            return unavailable(nativeLibrary.origin() + " is Accel's stand-in library (a test double, not OpenVINO); point "
                    + OVERRIDE_VARIABLE + " at the real libopenvino_c.so");
        }
        try {
            return new OpenVinoLibrary(library, OvCore.create(library), "");
        } catch (AccelException e) {
            return unavailable(library + " loaded, but ov_core_create failed: " + e.getMessage());
        }
    }

    /** The search {@link #get()} uses, with {@code environment} giving variables (for tests). */
    static LibrarySearch search(Function<String, String> environment) {
        return LibrarySearch.forNames(candidateNames().toArray(String[]::new))
                .describedAs("OpenVINO C library (libopenvino_c)")
                .overrideVariable(OVERRIDE_VARIABLE)
                .pathVariables(LibrarySearch.ACCEL_LIBRARY_PATH, "LD_LIBRARY_PATH")
                .directories(directories(environment))
                .environment(environment);
    }

    /** {@code libopenvino_c.so}, then the versioned sonames of 2025.4 back to 2024.6 (e.g. {@code .so.2520} for 2025.2). */
    static List<String> candidateNames() {
        List<String> names = new ArrayList<>();
        names.add("libopenvino_c.so");
        for (int year = 25; year >= 24; year--) {
            for (int minor = 4; minor >= 0; minor--) {
                names.add("libopenvino_c.so." + year + minor + "0");
            }
        }
        names.add("libopenvino_c.so.2460");
        return List.copyOf(names);
    }

    static List<String> directories(Function<String, String> environment) {
        List<String> dirs = new ArrayList<>();
        for (String variable : List.of("INTEL_OPENVINO_DIR", "OPENVINO_DIR")) {
            String root = environment.apply(variable);
            if (root != null && !root.isBlank()) {
                dirs.add(Path.of(root, "runtime", "lib", "intel64").toString());
                dirs.add(Path.of(root, "runtime", "lib", "aarch64").toString());
            }
        }
        List<Path> prefixes = new ArrayList<>();
        String venv = environment.apply("VIRTUAL_ENV");
        if (venv != null && !venv.isBlank()) {
            prefixes.add(Path.of(venv));
        }
        String home = environment.apply("HOME");
        if (home != null && !home.isBlank()) {
            prefixes.add(Path.of(home, ".local"));
        }
        prefixes.add(Path.of("/usr/local"));
        prefixes.add(Path.of("/usr"));
        for (Path prefix : prefixes) {
            dirs.addAll(wheelDirectories(prefix));
        }
        dirs.add("/opt/intel/openvino/runtime/lib/intel64");
        dirs.addAll(LibrarySearch.COMMON_LINUX_DIRECTORIES);
        return List.copyOf(dirs);
    }

    /** {@code PREFIX/lib/python3.N/(site|dist)-packages/openvino/libs} that exist. */
    private static List<String> wheelDirectories(Path prefix) {
        Path lib = prefix.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> pythons = Files.list(lib)) {
            return pythons.filter(p -> p.getFileName().toString().startsWith("python3"))
                    .sorted()
                    .flatMap(p -> Stream.of(p.resolve("site-packages"), p.resolve("dist-packages")))
                    .map(p -> p.resolve("openvino").resolve("libs"))
                    .filter(Files::isDirectory)
                    .map(Path::toString)
                    .toList();
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    private static OpenVinoLibrary unavailable(String reason) {
        return new OpenVinoLibrary(null, null, Objects.requireNonNull(reason));
    }

    boolean isAvailable() {
        return library != null;
    }

    /** Why it is unavailable; empty when available. */
    String reason() {
        return reason;
    }

    /** The loaded library, when available. */
    Optional<OvLibrary> library() {
        return Optional.ofNullable(library);
    }

    /** The process's core, when available; never closed (it lives as long as the process). */
    Optional<OvCore> core() {
        return Optional.ofNullable(core);
    }
}
