package dev.accel.cuda;

import dev.accel.AccelException;
import dev.accel.backend.Availability;
import dev.accel.backend.Backend;
import dev.accel.backend.Device;
import dev.accel.bindings.LibraryProbe;
import dev.accel.bindings.NativeLibrary;
import dev.accel.cuda.nvrtc.NvrtcCompiler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The CUDA backend: NVIDIA GPUs through the driver API ({@code libcuda.so.1}), kernels compiled at run time by
 * NVRTC, GEMMs by cuBLAS. Score 100. Construction probes nothing; the first call to {@link #availability()} or
 * {@link #devices()} looks for the libraries ({@link CudaLibraries}), initializes the driver and reads the
 * devices. It is available only when the driver loads and initializes, at least one device exists, and NVRTC
 * and cuBLAS load (the ops need both); otherwise the reason names each missing piece and every place tried.
 */
public final class CudaBackend implements Backend {
    private final Function<String, String> env;
    private volatile State state;

    private record State(Availability availability, List<Device> devices) {
    }

    /** The backend reading the process environment. */
    public CudaBackend() {
        this(System::getenv);
    }

    /** A backend that reads its variables ({@code ACCEL_CUDA_DRIVER}, ...) through {@code env} (for tests). */
    public CudaBackend(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Availability availability() {
        return state().availability();
    }

    @Override
    public List<Device> devices() {
        return state().devices();
    }

    @Override
    public int score() {
        return 100;
    }

    private State state() {
        State s = state;
        if (s == null) {
            synchronized (this) {
                if (state == null) {
                    state = probe();
                }
                s = state;
            }
        }
        return s;
    }

    private State probe() {
        try {
            LibraryProbe driverProbe = CudaLibraries.driver(env).probe();
            if (driverProbe instanceof LibraryProbe.Unavailable u) {
                return unavailable("no CUDA driver (libcuda.so.1) found: " + u.reason()
                        + "; the toolkit alone cannot run kernels");
            }
            NativeLibrary library = driverProbe.orElseThrow();
            CudaDriver driver;
            try {
                driver = new CudaDriver(library);
            } catch (AccelException e) {
                return unavailable("the CUDA driver " + library + " is too old: " + e.getMessage());
            }
            int init = driver.raw.cuInit(0);
            if (init != 0) {
                return unavailable("cuInit failed: " + driver.codes.failure(init, "cuInit(0) with " + library).getMessage());
            }
            int version = driver.driverVersion();
            int count = driver.deviceCount();
            if (count == 0) {
                return unavailable("the CUDA driver " + library + " loaded but reports no device");
            }
            List<String> missing = new ArrayList<>();
            String nvrtcVersion = "?";
            LibraryProbe nvrtc = NvrtcCompiler.probe(env);
            if (nvrtc instanceof LibraryProbe.Unavailable u) {
                missing.add("NVRTC: " + u.reason());
            } else {
                try (NvrtcCompiler compiler = new NvrtcCompiler(nvrtc.orElseThrow(), env)) {
                    nvrtcVersion = compiler.version().toString();
                }
            }
            LibraryProbe cublas = CudaLibraries.cublas(env).probe();
            if (cublas instanceof LibraryProbe.Unavailable u) {
                missing.add("cuBLAS: " + u.reason());
            } else {
                cublas.orElseThrow().close();
            }
            if (!missing.isEmpty()) {
                return unavailable("CUDA driver " + format(version) + " with " + count + " device(s) found, but the ops need "
                        + String.join("; ", missing));
            }
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                devices.add(new CudaDevice(this, driver, i, version));
            }
            return new State(Availability.ok("CUDA driver " + format(version) + ", " + count + " device(s), NVRTC " + nvrtcVersion),
                    List.copyOf(devices));
        } catch (AccelException | IllegalStateException e) {
            return unavailable("CUDA initialization failed: " + e.getMessage());
        }
    }

    private static String format(int version) {
        return (version / 1000) + "." + (version % 1000 / 10);
    }

    private static State unavailable(String reason) {
        return new State(Availability.unavailable(reason), List.of());
    }

    @Override
    public String toString() {
        State s = state;
        return "CudaBackend[" + (s == null ? "not probed" : s.availability()) + "]";
    }
}
