package dev.accel.cuda.nvrtc;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.LibraryProbe;
import dev.accel.bindings.NativeLibrary;
import dev.accel.cuda.CudaLibraries;
import dev.accel.cuda.raw.CudaStatus;
import dev.accel.cuda.raw.Nvrtc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Compiles CUDA C source to CUBIN or PTX with NVRTC. Needs no driver and no GPU. Thread-safe (NVRTC
 * programs are independent); owns the loaded library: {@link #close()} unloads it.
 *
 * <p>Every compile passes {@code --gpu-architecture=<arch>}, {@code -default-device} (functions without an
 * execution-space qualifier are device functions), {@code --std=c++17}, and {@code -I<dir>} for the toolkit's
 * include directory when one is installed (NVRTC 12.x and 13.x also carry {@code cuda_fp16.h} and
 * {@code cuda_bf16.h} built in, so kernels compile without a toolkit too), then the caller's options. A
 * {@link KernelSource}'s own headers go to NVRTC in memory, under their include names.
 */
public final class NvrtcCompiler implements AutoCloseable {
    private final Nvrtc nvrtc;
    private final Version version;
    private final List<String> baseOptions;

    /** NVRTC's version, e.g. 13.0. */
    public record Version(int major, int minor) {
        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    /** Links NVRTC's functions in {@code library} and reads its version. */
    public NvrtcCompiler(NativeLibrary library, Function<String, String> env) {
        this.nvrtc = new Nvrtc(library);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment minor = arena.allocate(ValueLayout.JAVA_INT);
            check(nvrtc.nvrtcVersion(major, minor), "nvrtcVersion");
            this.version = new Version(major.get(ValueLayout.JAVA_INT, 0), minor.get(ValueLayout.JAVA_INT, 0));
        }
        List<String> options = new ArrayList<>(List.of("-default-device", "--std=c++17"));
        includeDirectory(env, version.major()).ifPresent(dir -> options.add("-I" + dir));
        this.baseOptions = List.copyOf(options);
    }

    /**
     * Finds and loads NVRTC ({@link CudaLibraries#nvrtc}).
     *
     * @throws AccelException {@code BACKEND_UNAVAILABLE} with every place tried
     */
    public static NvrtcCompiler load(Function<String, String> env) {
        LibraryProbe probe = CudaLibraries.nvrtc(env).probe();
        return new NvrtcCompiler(probe.orElseThrow(), env);
    }

    /** The probe result for NVRTC, for availability reports. */
    public static LibraryProbe probe(Function<String, String> env) {
        return CudaLibraries.nvrtc(env).probe();
    }

    public Version version() {
        return version;
    }

    /** The options passed before the caller's, in order. */
    public List<String> baseOptions() {
        return baseOptions;
    }

    /** The library in use. */
    public NativeLibrary library() {
        return nvrtc.library();
    }

    /**
     * Compiles {@code source} for {@code arch} ({@code sm_XY}: CUBIN, {@code compute_XY}: PTX), its headers
     * passed to {@code nvrtcCreateProgram} under their include names.
     *
     * @throws AccelException {@code NATIVE_ERROR} with {@code NVRTC_ERROR_COMPILATION} and NVRTC's log in the
     *                        message when the source does not compile (an {@code #include} of a header that
     *                        is not given reads "cannot open source file"); {@code INVALID_ARGUMENT} for a bad arch
     */
    public KernelImage compile(KernelSource source, String arch, List<String> extraOptions) {
        Objects.requireNonNull(source, "source");
        String programName = source.name();
        KernelImage.Format format;
        try {
            format = KernelImage.formatFor(arch);
        } catch (IllegalArgumentException e) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
        List<String> options = options(arch, extraOptions);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment programOut = arena.allocate(ValueLayout.ADDRESS);
            List<KernelSource.Header> headers = source.headers();
            MemorySegment headerTexts = MemorySegment.NULL;
            MemorySegment includeNames = MemorySegment.NULL;
            if (!headers.isEmpty()) {
                headerTexts = arena.allocate(ValueLayout.ADDRESS, headers.size());
                includeNames = arena.allocate(ValueLayout.ADDRESS, headers.size());
                for (int i = 0; i < headers.size(); i++) {
                    headerTexts.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(headers.get(i).text()));
                    includeNames.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(headers.get(i).includeName()));
                }
            }
            check(nvrtc.nvrtcCreateProgram(programOut, arena.allocateFrom(source.text()), arena.allocateFrom(programName),
                    headers.size(), headerTexts, includeNames), "nvrtcCreateProgram(" + programName + ")");
            MemorySegment program = programOut.get(ValueLayout.ADDRESS, 0);
            try {
                MemorySegment optionArray = arena.allocate(ValueLayout.ADDRESS, options.size());
                for (int i = 0; i < options.size(); i++) {
                    optionArray.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(options.get(i)));
                }
                int status = nvrtc.nvrtcCompileProgram(program, options.size(), optionArray);
                String log = log(arena, program);
                if (status != 0) {
                    throw CudaStatus.NVRTC.failure(status, "NVRTC could not compile " + programName + " for " + arch
                            + " (options " + options + ", headers " + source.includeNames() + ")" + (log.isBlank() ? "" : ":\n" + log.strip() + "\n"));
                }
                byte[] image = format == KernelImage.Format.CUBIN ? cubin(arena, program) : ptx(arena, program);
                return new KernelImage(format, image, log);
            } finally {
                programOut.set(ValueLayout.ADDRESS, 0, program);
                check(nvrtc.nvrtcDestroyProgram(programOut), "nvrtcDestroyProgram");
            }
        }
    }

    /** The full option list a compile for {@code arch} passes. */
    public List<String> options(String arch, List<String> extraOptions) {
        List<String> options = new ArrayList<>();
        options.add("--gpu-architecture=" + arch);
        options.addAll(baseOptions);
        options.addAll(extraOptions);
        return options;
    }

    private String log(Arena arena, MemorySegment program) {
        MemorySegment size = arena.allocate(Nvrtc.SIZE_T);
        check(nvrtc.nvrtcGetProgramLogSize(program, size), "nvrtcGetProgramLogSize");
        long n = size.get(ValueLayout.JAVA_LONG, 0);
        if (n <= 1) {
            return "";
        }
        MemorySegment buffer = arena.allocate(n);
        check(nvrtc.nvrtcGetProgramLog(program, buffer), "nvrtcGetProgramLog");
        return buffer.getString(0, StandardCharsets.UTF_8);
    }

    private byte[] ptx(Arena arena, MemorySegment program) {
        MemorySegment size = arena.allocate(Nvrtc.SIZE_T);
        check(nvrtc.nvrtcGetPTXSize(program, size), "nvrtcGetPTXSize");
        MemorySegment buffer = arena.allocate(size.get(ValueLayout.JAVA_LONG, 0));
        check(nvrtc.nvrtcGetPTX(program, buffer), "nvrtcGetPTX");
        return buffer.toArray(ValueLayout.JAVA_BYTE);
    }

    private byte[] cubin(Arena arena, MemorySegment program) {
        MemorySegment size = arena.allocate(Nvrtc.SIZE_T);
        check(nvrtc.nvrtcGetCUBINSize(program, size), "nvrtcGetCUBINSize");
        long n = size.get(ValueLayout.JAVA_LONG, 0);
        if (n == 0) {
            throw new AccelException(ErrorCode.INTERNAL, "NVRTC produced no CUBIN for a real architecture");
        }
        MemorySegment buffer = arena.allocate(n);
        check(nvrtc.nvrtcGetCUBIN(program, buffer), "nvrtcGetCUBIN");
        return buffer.toArray(ValueLayout.JAVA_BYTE);
    }

    private static void check(int status, String what) {
        CudaStatus.NVRTC.check(status, what);
    }

    /**
     * A toolkit include directory with {@code cuda_fp16.h} whose {@code cuda.h} is of the same major version as
     * NVRTC (another version's headers do not compile with this NVRTC; NVRTC 12+ has them built in anyway).
     */
    static Optional<String> includeDirectory(Function<String, String> env, int nvrtcMajor) {
        List<String> candidates = new ArrayList<>();
        for (String variable : List.of("CUDA_HOME", "CUDA_PATH")) {
            String home = env.apply(variable);
            if (home != null && !home.isBlank()) {
                candidates.add(home + "/include");
            }
        }
        candidates.add("/usr/local/cuda/include");
        candidates.add("/usr/local/cuda/targets/x86_64-linux/include");
        return candidates.stream()
                .filter(dir -> Files.isRegularFile(Path.of(dir, "cuda_fp16.h")))
                .filter(dir -> toolkitMajor(Path.of(dir, "cuda.h")) == nvrtcMajor)
                .findFirst();
    }

    /** The major version in a {@code cuda.h} ({@code #define CUDA_VERSION 13000} → 13), or -1. */
    static int toolkitMajor(Path cudaH) {
        try (var lines = Files.lines(cudaH)) {
            return lines.map(String::trim)
                    .filter(l -> l.startsWith("#define CUDA_VERSION "))
                    .map(l -> Integer.parseInt(l.substring("#define CUDA_VERSION ".length()).trim()) / 1000)
                    .findFirst().orElse(-1);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Unloads NVRTC. Idempotent. */
    @Override
    public void close() {
        nvrtc.library().close();
    }

    @Override
    public String toString() {
        return "NvrtcCompiler[NVRTC " + version + ", " + nvrtc.library() + "]";
    }
}
