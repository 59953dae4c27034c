package dev.accel.model;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The registry of {@link ModelRuntime}s found by {@link ServiceLoader} on the module path (or class path).
 * Discovery never throws: a provider that fails to load is left out and reported by {@link #problems()}.
 */
public final class ModelRuntimes {
    private static volatile List<ModelRuntime> cached;
    private static volatile List<String> problems = List.of();

    private ModelRuntimes() {
    }

    /** Every runtime found, sorted by name; loaded once. */
    public static List<ModelRuntime> all() {
        List<ModelRuntime> list = cached;
        if (list == null) {
            synchronized (ModelRuntimes.class) {
                if (cached == null) {
                    cached = discover();
                }
                list = cached;
            }
        }
        return list;
    }

    /** Why providers found on the path could not be loaded (empty when all loaded). */
    public static List<String> problems() {
        all();
        return problems;
    }

    /**
     * The runtime called {@code name} ({@code onnxruntime}).
     *
     * @throws AccelException {@link ErrorCode#BACKEND_UNAVAILABLE} when no such runtime is in this build
     */
    public static ModelRuntime get(String name) {
        for (ModelRuntime r : all()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "no model runtime '" + name + "' in this build; found: " + names() + hint());
    }

    /**
     * The first available runtime (by name) that reads {@code format} ({@code onnx}).
     *
     * @throws AccelException {@link ErrorCode#BACKEND_UNAVAILABLE} naming the runtimes found and why each cannot be used
     */
    public static ModelRuntime forFormat(String format) {
        List<String> reasons = new ArrayList<>();
        for (ModelRuntime r : all()) {
            if (r.format().equalsIgnoreCase(format)) {
                if (r.availability().available()) {
                    return r;
                }
                reasons.add(r.name() + ": " + r.availability().reason());
            }
        }
        throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "no available model runtime reads '" + format.toLowerCase(Locale.ROOT)
                + "' models" + (reasons.isEmpty() ? "; found: " + names() + hint() : " (" + String.join("; ", reasons) + ")"));
    }

    private static List<String> names() {
        return all().stream().map(ModelRuntime::name).toList();
    }

    private static String hint() {
        return problems.isEmpty() ? " (the ONNX Runtime provider lives in module dev.accel.cpu)" : "; failed to load: " + problems;
    }

    private static List<ModelRuntime> discover() {
        List<ModelRuntime> found = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        var iterator = ServiceLoader.load(ModelRuntime.class, ModelRuntimes.class.getClassLoader()).stream().iterator();
        while (true) {
            ServiceLoader.Provider<ModelRuntime> provider;
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                provider = iterator.next();
            } catch (ServiceConfigurationError e) {
                failed.add("provider could not be loaded: " + e.getMessage());
                continue;
            }
            try {
                found.add(provider.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                failed.add(provider.type().getName() + " failed to start: " + e);
            }
        }
        found.sort(Comparator.comparing(ModelRuntime::name));
        problems = List.copyOf(failed);
        return List.copyOf(found);
    }
}
