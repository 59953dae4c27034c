package dev.accel.cuda.ops;

import dev.accel.cuda.CudaKernels;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Compiles every kernel source with NVRTC itself (the run-time compiler the backend uses), through a few
 * hand-written downcalls, with the options the backend passes ({@code -default-device}, a virtual
 * architecture) and the prelude as the named header {@code accel_prelude.cuh}. Skips with the reason when no {@code libnvrtc} is installed. This checks the sources, not
 * the backend's NVRTC bindings (those have their own tests).
 */
class NvrtcCompileTest {
    static final List<String> NAMES = List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so");

    private static Optional<SymbolLookup> find(Arena arena, List<String> tried) {
        List<String> candidates = new ArrayList<>(NAMES);
        for (String dir : List.of("/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib")) {
            for (String n : NAMES) {
                Path p = Path.of(dir, n);
                if (Files.exists(p)) {
                    candidates.add(p.toString());
                }
            }
        }
        for (String c : candidates) {
            tried.add(c);
            try {
                return Optional.of(SymbolLookup.libraryLookup(c, arena));
            } catch (IllegalArgumentException notFound) {
                // next candidate
            }
        }
        return Optional.empty();
    }

    @Test
    void everyKernelSourceCompilesWithNvrtc() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            List<String> tried = new ArrayList<>();
            Optional<SymbolLookup> lib = find(arena, tried);
            assumeTrue(lib.isPresent(), "libnvrtc not found (tried " + tried + "): NVRTC compile test skipped");
            Linker linker = Linker.nativeLinker();
            SymbolLookup l = lib.get();
            MethodHandle version = linker.downcallHandle(l.findOrThrow("nvrtcVersion"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            MethodHandle create = linker.downcallHandle(l.findOrThrow("nvrtcCreateProgram"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
            MethodHandle compile = linker.downcallHandle(l.findOrThrow("nvrtcCompileProgram"), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
            MethodHandle logSize = linker.downcallHandle(l.findOrThrow("nvrtcGetProgramLogSize"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            MethodHandle getLog = linker.downcallHandle(l.findOrThrow("nvrtcGetProgramLog"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            MethodHandle ptxSize = linker.downcallHandle(l.findOrThrow("nvrtcGetPTXSize"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            MethodHandle getPtx = linker.downcallHandle(l.findOrThrow("nvrtcGetPTX"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            MethodHandle destroy = linker.downcallHandle(l.findOrThrow("nvrtcDestroyProgram"), FunctionDescriptor.of(JAVA_INT, ADDRESS));

            MemorySegment major = arena.allocate(JAVA_INT);
            MemorySegment minor = arena.allocate(JAVA_INT);
            assertEquals(0, (int) version.invokeExact(major, minor));
            String nvrtcVersion = major.get(JAVA_INT, 0) + "." + minor.get(JAVA_INT, 0);

            for (Kernel.Source source : Kernel.Source.values()) {
                // the prelude as a named header, as the backend passes it
                MemorySegment headers = arena.allocate(ADDRESS, 1);
                MemorySegment includeNames = arena.allocate(ADDRESS, 1);
                headers.setAtIndex(ADDRESS, 0, arena.allocateFrom(KernelSources.prelude()));
                includeNames.setAtIndex(ADDRESS, 0, arena.allocateFrom(CudaKernels.PRELUDE));
                MemorySegment progPtr = arena.allocate(ADDRESS);
                int rc = (int) create.invokeExact(progPtr, arena.allocateFrom(KernelSources.text(source)), arena.allocateFrom(source.fileName),
                        1, headers, includeNames);
                assertEquals(0, rc, "nvrtcCreateProgram");
                MemorySegment prog = progPtr.get(ADDRESS, 0);
                try {
                    String[] options = {"--gpu-architecture=compute_80", "-default-device", "--std=c++17"};
                    MemorySegment opts = arena.allocate(ADDRESS, options.length);
                    for (int i = 0; i < options.length; i++) {
                        opts.setAtIndex(ADDRESS, i, arena.allocateFrom(options[i]));
                    }
                    int status = (int) compile.invokeExact(prog, options.length, opts);
                    MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
                    assertEquals(0, (int) logSize.invokeExact(prog, size));
                    MemorySegment log = arena.allocate(Math.max(1, size.get(ValueLayout.JAVA_LONG, 0)));
                    assertEquals(0, (int) getLog.invokeExact(prog, log));
                    assertEquals(0, status, "NVRTC " + nvrtcVersion + " failed on " + source.fileName + ":\n" + log.getString(0));
                    assertEquals(0, (int) ptxSize.invokeExact(prog, size));
                    MemorySegment ptx = arena.allocate(size.get(ValueLayout.JAVA_LONG, 0));
                    assertEquals(0, (int) getPtx.invokeExact(prog, ptx));
                    List<String> entries = KernelSources.entries(ptx.getString(0));
                    for (String expected : KernelSources.expectedEntries(source)) {
                        assertTrue(entries.contains(expected), "NVRTC " + nvrtcVersion + ": " + source.fileName + " lacks " + expected);
                    }
                } finally {
                    MemorySegment p = arena.allocate(ADDRESS);
                    p.set(ADDRESS, 0, prog);
                    int ignored = (int) destroy.invokeExact(p);
                }
            }
        }
    }
}
