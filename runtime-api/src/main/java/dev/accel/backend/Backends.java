package dev.accel.backend;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The registry of backends found by {@link ServiceLoader} on the module path (or class path), and device
 * selection by name. Discovery never throws: a provider that fails to load is listed as an unavailable
 * backend whose reason is the failure.
 */
public final class Backends {
    /**
     * Backends Accel knows of, whether or not their module is present in this build; those absent are
     * listed by {@code accel devices} as "not in this build".
     */
    public static final List<String> KNOWN = List.of("cpu", "cuda", "openvino", "coreml", "qnn");

    private static volatile List<Backend> cached;

    private Backends() {
    }

    /** Every backend found, sorted by name; loaded once. */
    public static List<Backend> all() {
        List<Backend> list = cached;
        if (list == null) {
            synchronized (Backends.class) {
                if (cached == null) {
                    cached = discover();
                }
                list = cached;
            }
        }
        return list;
    }

    private static List<Backend> discover() {
        List<Backend> found = new ArrayList<>();
        var iterator = ServiceLoader.load(Backend.class, Backends.class.getClassLoader()).stream().iterator();
        while (true) {
            ServiceLoader.Provider<Backend> provider;
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                provider = iterator.next();
            } catch (ServiceConfigurationError e) {
                found.add(new FailedBackend("unknown", "provider could not be loaded: " + e.getMessage()));
                continue;
            }
            try {
                found.add(provider.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                String name = provider.type().getSimpleName().replace("Backend", "").toLowerCase(Locale.ROOT);
                found.add(new FailedBackend(name, provider.type().getName() + " failed to start: " + e));
            }
        }
        found.sort(Comparator.comparing(Backend::name));
        return List.copyOf(found);
    }

    /**
     * The backend called {@code name}.
     *
     * @throws AccelException with {@link ErrorCode#BACKEND_UNAVAILABLE} if no such backend is in this build
     */
    public static Backend get(String name) {
        for (Backend b : all()) {
            if (b.name().equalsIgnoreCase(name)) {
                return b;
            }
        }
        throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "no backend '" + name + "' in this build; found: "
                + all().stream().map(Backend::name).toList() + (KNOWN.contains(name.toLowerCase(Locale.ROOT))
                ? " (its module is not on the module path)" : " (known backends: " + KNOWN + ")"));
    }

    /**
     * A device by spec: {@code "cpu"}, {@code "cuda"} (first device), {@code "cuda:1"}, a device's full name
     * ({@code "openvino:CPU"}), or {@code "auto"}
     * (the highest-scoring available backend's first device).
     *
     * @throws BackendUnavailableException when the backend exists but cannot run here (with its reason)
     * @throws AccelException for an unknown backend or a device index out of range
     */
    public static Device device(String spec) {
        if (spec.equalsIgnoreCase("auto")) {
            return best();
        }
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        Backend backend = get(name);
        Availability availability = backend.availability();
        if (!availability.available()) {
            throw new BackendUnavailableException(backend.name(), availability.reason());
        }
        List<Device> devices = backend.devices();
        if (colon >= 0) {
            // Backends whose devices have names rather than numbers: openvino:CPU, qnn:htp.
            for (Device d : devices) {
                if (d.name().equalsIgnoreCase(spec)) {
                    return d;
                }
            }
        }
        int index = 0;
        if (colon >= 0) {
            try {
                index = Integer.parseInt(spec.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "bad device spec '" + spec + "': expected backend, backend:index (e.g. cuda:0) or a device name of "
                        + name + ": " + devices.stream().map(Device::name).toList());
            }
        }
        if (index < 0 || index >= devices.size()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "backend '" + name + "' has " + devices.size() + " device(s); no index " + index);
        }
        return devices.get(index);
    }

    /** The first device of the available backend with the highest score. */
    public static Device best() {
        return all().stream()
                .filter(b -> b.availability().available() && !b.devices().isEmpty())
                .max(Comparator.comparingInt(Backend::score))
                .map(b -> b.devices().getFirst())
                .orElseThrow(() -> new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "no available backend found: " + all().stream().map(Backend::name).toList()));
    }

    /** Stands in for a provider that could not be instantiated, so that the failure is reported. */
    private record FailedBackend(String name, String reason) implements Backend {
        @Override
        public Availability availability() {
            return Availability.unavailable(reason);
        }

        @Override
        public List<Device> devices() {
            return List.of();
        }

        @Override
        public int score() {
            return Integer.MIN_VALUE;
        }
    }
}
