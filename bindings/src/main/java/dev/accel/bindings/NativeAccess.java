package dev.accel.bindings;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The native-access gate: whether the JVM lets a module call restricted methods of
 * {@code java.lang.foreign} (load libraries, link functions, reinterpret pointers), and if not,
 * which command-line flag would.
 *
 * <p>Since JDK 24, calling a restricted method from a module without native access prints a
 * warning (and with {@code --illegal-native-access=deny} throws). Backends call
 * {@link #problem(Module...)} first and report the answer as the reason they are unavailable, so
 * the user sees one clear sentence instead of JDK warnings. {@link LibrarySearch#probe()} and
 * {@link Upcall#create} already check this module; a backend that calls restricted methods itself
 * (e.g. {@code MemorySegment.reinterpret} on device pointers) passes its own module too.
 */
public final class NativeAccess {
    private NativeAccess() {
    }

    /** Whether this module ({@code dev.accel.bindings}, or the unnamed module on the class path) has native access. */
    public static boolean isEnabled() {
        return NativeAccess.class.getModule().isNativeAccessEnabled();
    }

    /**
     * What stands in the way of native calls, if anything.
     *
     * @param alsoFor modules besides this one that will call restricted methods (typically the
     *                backend's own module, {@code MyBackend.class.getModule()})
     * @return empty when this module and every given one have native access; otherwise a message
     *         that names the modules lacking it and the flag that grants it
     */
    public static Optional<String> problem(Module... alsoFor) {
        Set<Module> modules = new LinkedHashSet<>();
        modules.add(NativeAccess.class.getModule());
        for (Module module : alsoFor) {
            modules.add(Objects.requireNonNull(module, "module"));
        }
        List<Module> missing = new ArrayList<>();
        for (Module module : modules) {
            if (!module.isNativeAccessEnabled()) {
                missing.add(module);
            }
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(message(missing));
    }

    /**
     * Throws unless native access is enabled for this module and every given one.
     *
     * @throws AccelException with {@link ErrorCode#BACKEND_UNAVAILABLE} and the message of
     *                        {@link #problem(Module...)}
     */
    public static void check(Module... alsoFor) {
        Optional<String> problem = problem(alsoFor);
        if (problem.isPresent()) {
            throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, problem.get());
        }
    }

    /** The value to give {@code --enable-native-access} for a module: its name, or {@code ALL-UNNAMED}. */
    static String flagValue(Module module) {
        return module.isNamed() ? module.getName() : "ALL-UNNAMED";
    }

    private static String message(List<Module> missing) {
        String names = missing.stream().map(NativeAccess::flagValue).distinct().collect(Collectors.joining(","));
        StringBuilder text = new StringBuilder()
                .append("native access is not enabled for ")
                .append(names.replace(",", ", "))
                .append("; start the JVM with --enable-native-access=")
                .append(names);
        if (missing.stream().anyMatch(m -> !m.isNamed())) {
            text.append(" (for an executable JAR, put 'Enable-Native-Access: ALL-UNNAMED' in its manifest)");
        }
        return text.toString();
    }
}
