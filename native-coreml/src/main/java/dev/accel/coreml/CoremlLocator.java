package dev.accel.coreml;

import dev.accel.bindings.LibraryProbe;
import dev.accel.bindings.LibrarySearch;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the shim, once per process (or per test). On an OS other than macOS CoreML does not exist and
 * nothing is looked for, unless {@value #SHIM_VARIABLE} names a library, which is then loaded and kept
 * only if it is Accel's C stand-in of the shim's ABI (used by the tests; reported as a stand-in).
 *
 * <p>Search order on macOS: {@value #SHIM_VARIABLE} (exact file; then nothing else), the system property
 * {@value #SHIM_PROPERTY} (exact file; set by the module's build for its tests), the directories of
 * {@code $ACCEL_LIBRARY_PATH} and {@code java.library.path}, then {@code dlopen("libaccel_coreml.dylib")}.
 */
final class CoremlLocator {
    static final String SHIM_VARIABLE = "ACCEL_COREML_SHIM";
    static final String SHIM_PROPERTY = "accel.coreml.shim";
    static final String SHIM_NAME = "libaccel_coreml.dylib";

    /** A loaded shim, or why there is none. */
    record Found(CoremlShim shim, String reason) {
        boolean isPresent() {
            return shim != null;
        }
    }

    private static final class Default {
        static final CoremlLocator INSTANCE = new CoremlLocator(System::getenv, System.getProperty("os.name", "unknown"),
                System.getProperty(SHIM_PROPERTY), System.getProperty("java.library.path", ""));
    }

    private final Function<String, String> environment;
    private final String osName;
    private final String shimProperty;
    private final String javaLibraryPath;
    private Found found;

    CoremlLocator(Function<String, String> environment, String osName, String shimProperty, String javaLibraryPath) {
        this.environment = environment;
        this.osName = osName;
        this.shimProperty = shimProperty;
        this.javaLibraryPath = javaLibraryPath;
    }

    static CoremlLocator processWide() {
        return Default.INSTANCE;
    }

    static boolean isApple(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        return os.startsWith("mac") || os.contains("darwin") || os.startsWith("ios");
    }

    /** The shim, loaded on first use. Never throws. */
    synchronized Found shim() {
        if (found == null) {
            found = locate();
        }
        return found;
    }

    private Found locate() {
        String override = environment.apply(SHIM_VARIABLE);
        boolean overridden = override != null && !override.isBlank();
        if (!isApple(osName) && !overridden) {
            return new Found(null, "CoreML exists only on Apple platforms (os.name=" + osName + ")");
        }
        // The build's system property names an exact file, like the variable, when the variable is unset.
        Function<String, String> env = environment;
        String overrideName = SHIM_VARIABLE;
        if (!overridden && shimProperty != null && !shimProperty.isBlank()) {
            env = name -> name.equals(SHIM_PROPERTY) ? shimProperty : environment.apply(name);
            overrideName = SHIM_PROPERTY;
        }
        LibrarySearch search = LibrarySearch.forNames(SHIM_NAME)
                .describedAs("Accel CoreML shim")
                .environment(env)
                .overrideVariable(overrideName)
                .directories(directories());
        try {
            return switch (search.probe()) {
                case LibraryProbe.Loaded loaded -> {
                    CoremlShim shim;
                    try {
                        shim = CoremlShim.open(loaded.library());
                    } catch (RuntimeException e) {
                        loaded.library().close(); // a library this binding cannot use is not kept loaded
                        throw e;
                    }
                    if (!isApple(osName) && !shim.isStandIn()) {
                        loaded.library().close();
                        yield new Found(null, "CoreML exists only on Apple platforms (os.name=" + osName + "); $" + SHIM_VARIABLE
                                + " names " + loaded.library().origin() + ", which is not Accel's stand-in of the shim");
                    }
                    yield new Found(shim, null);
                }
                case LibraryProbe.Unavailable unavailable -> new Found(null, unavailable.reason()
                        + "; build it on macOS with 'mvn -pl native-coreml install' (profile coreml-shim) and set $" + SHIM_VARIABLE);
            };
        } catch (RuntimeException e) {
            return new Found(null, e.getMessage());
        }
    }

    private List<String> directories() {
        List<String> dirs = new ArrayList<>();
        for (String dir : javaLibraryPath.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                dirs.add(dir);
            }
        }
        return dirs;
    }

    Optional<String> osProblem() {
        return isApple(osName) ? Optional.empty() : Optional.of("CoreML exists only on Apple platforms (os.name=" + osName + ")");
    }
}
