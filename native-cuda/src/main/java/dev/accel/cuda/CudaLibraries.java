package dev.accel.cuda;

import dev.accel.bindings.LibrarySearch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * Where the CUDA libraries are looked for. Each search tries its override variable first (exclusive when
 * set), then {@code $ACCEL_LIBRARY_PATH}, then the CUDA toolkit directories ({@code $CUDA_HOME/lib64},
 * {@code $CUDA_HOME/targets/x86_64-linux/lib}, {@code $CUDA_PATH/lib64}, {@code /usr/local/cuda/lib64},
 * {@code /usr/local/cuda/targets/x86_64-linux/lib}), the usual Linux library directories, and finally the
 * system loader by plain name:
 * <ul>
 *   <li>driver: {@code libcuda.so.1} (the driver's ABI name for every CUDA version), override
 *       {@value #DRIVER_OVERRIDE};</li>
 *   <li>NVRTC: {@code libnvrtc.so.13}, {@code libnvrtc.so.12}, override {@value #NVRTC_OVERRIDE};</li>
 *   <li>cuBLAS: {@code libcublas.so.13}, {@code libcublas.so.12}, override {@value #CUBLAS_OVERRIDE}.</li>
 * </ul>
 */
public final class CudaLibraries {
    /** Names the exact driver library file to load. */
    public static final String DRIVER_OVERRIDE = "ACCEL_CUDA_DRIVER";
    /** Names the exact NVRTC library file to load. */
    public static final String NVRTC_OVERRIDE = "ACCEL_NVRTC";
    /** Names the exact cuBLAS library file to load. */
    public static final String CUBLAS_OVERRIDE = "ACCEL_CUBLAS";

    private CudaLibraries() {
    }

    /** The driver search, reading variables through {@code env} ({@code System::getenv} normally). */
    public static LibrarySearch driver(Function<String, String> env) {
        List<String> dirs = new ArrayList<>(LibrarySearch.COMMON_LINUX_DIRECTORIES);
        dirs.add("/usr/lib/wsl/lib");
        return LibrarySearch.forNames("libcuda.so.1")
                .describedAs("CUDA driver (libcuda.so.1)")
                .overrideVariable(DRIVER_OVERRIDE)
                .pathVariables(LibrarySearch.ACCEL_LIBRARY_PATH)
                .directories(dirs)
                .environment(env);
    }

    /** The NVRTC search. */
    public static LibrarySearch nvrtc(Function<String, String> env) {
        return LibrarySearch.forNames("libnvrtc.so.13", "libnvrtc.so.12")
                .describedAs("NVRTC (libnvrtc.so.13 or .12)")
                .overrideVariable(NVRTC_OVERRIDE)
                .pathVariables(LibrarySearch.ACCEL_LIBRARY_PATH)
                .directories(toolkitDirectories(env))
                .environment(env);
    }

    /** The cuBLAS search. */
    public static LibrarySearch cublas(Function<String, String> env) {
        return LibrarySearch.forNames("libcublas.so.13", "libcublas.so.12")
                .describedAs("cuBLAS (libcublas.so.13 or .12)")
                .overrideVariable(CUBLAS_OVERRIDE)
                .pathVariables(LibrarySearch.ACCEL_LIBRARY_PATH)
                .directories(toolkitDirectories(env))
                .environment(env);
    }

    /** The toolkit's library directories, from {@code $CUDA_HOME}, {@code $CUDA_PATH} and {@code /usr/local/cuda}. */
    public static List<String> toolkitDirectories(Function<String, String> env) {
        LinkedHashSet<String> dirs = new LinkedHashSet<>();
        for (String variable : List.of("CUDA_HOME", "CUDA_PATH")) {
            String home = env.apply(variable);
            if (home != null && !home.isBlank()) {
                dirs.add(home + "/lib64");
                dirs.add(home + "/targets/x86_64-linux/lib");
            }
        }
        dirs.add("/usr/local/cuda/lib64");
        dirs.add("/usr/local/cuda/targets/x86_64-linux/lib");
        dirs.addAll(LibrarySearch.COMMON_LINUX_DIRECTORIES);
        return List.copyOf(dirs);
    }
}
