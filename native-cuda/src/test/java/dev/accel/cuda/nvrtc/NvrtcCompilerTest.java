package dev.accel.cuda.nvrtc;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.LibraryProbe;
import dev.accel.cuda.CudaKernels;
import dev.accel.cuda.CudaLibraries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real NVRTC compiles, no driver needed. NVRTC is found as the backend finds it; when the standard names
 * ({@code libnvrtc.so.13}/{@code .12}) are absent but an older NVRTC is installed (e.g. Debian's
 * {@code libnvrtc11.2}), that one is used through the {@code ACCEL_NVRTC} override, which exercises the same
 * binding. Without any NVRTC the tests skip with the lookup's reason.
 */
class NvrtcCompilerTest {
    static final String ADD_ONE = """
            extern "C" __global__ void add_one(float* x, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i < n) x[i] += 1.0f;
            }
            """;

    private static NvrtcCompiler compiler;
    private static String skipReason;

    @BeforeAll
    static void load() {
        Map<String, String> env = new HashMap<>(System.getenv());
        LibraryProbe probe = CudaLibraries.nvrtc(env::get).probe();
        if (probe instanceof LibraryProbe.Unavailable u) {
            Path older = olderNvrtc();
            if (older == null) {
                skipReason = "no NVRTC: " + u.reason();
                System.out.println("[NvrtcCompilerTest] skipped: " + skipReason);
                return;
            }
            System.out.println("[NvrtcCompilerTest] libnvrtc.so.13/.12 absent; testing the binding with " + older
                    + " through " + CudaLibraries.NVRTC_OVERRIDE);
            env.put(CudaLibraries.NVRTC_OVERRIDE, older.toString());
        } else {
            probe.orElseThrow().close();
        }
        compiler = NvrtcCompiler.load(env::get);
        System.out.println("[NvrtcCompilerTest] " + compiler);
    }

    private static Path olderNvrtc() {
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/local/cuda/lib64", "/usr/lib64")) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                var found = files.filter(f -> f.getFileName().toString().matches("libnvrtc\\.so\\.\\d+(\\.\\d+)?")).sorted().toList();
                if (!found.isEmpty()) {
                    return found.getLast();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    @AfterAll
    static void close() {
        if (compiler != null) {
            compiler.close();
        }
    }

    private static NvrtcCompiler compiler() {
        Assumptions.assumeTrue(compiler != null, skipReason);
        return compiler;
    }

    @Test
    void versionIsRead() {
        NvrtcCompiler.Version v = compiler().version();
        assertTrue(v.major() >= 11, "NVRTC " + v);
        assertTrue(compiler().baseOptions().containsAll(List.of("-default-device", "--std=c++17")));
    }

    @Test
    void compilesToPtxForAVirtualArchitecture() {
        KernelImage image = compiler().compile(KernelSource.of("add_one.cu", ADD_ONE), "compute_75", List.of());
        assertEquals(KernelImage.Format.PTX, image.format());
        String ptx = new String(image.bytes(), StandardCharsets.US_ASCII);
        assertTrue(ptx.contains(".entry add_one"), ptx);
        assertTrue(ptx.contains(".target sm_75"), ptx);
        assertEquals(0, image.bytes()[image.size() - 1], "PTX keeps its trailing NUL for cuModuleLoadData");
    }

    @Test
    void compileErrorsCarryTheLog() {
        AccelException e = assertThrows(AccelException.class,
                () -> compiler().compile(KernelSource.of("broken.cu", "extern \"C\" __global__ void broken() { undeclared_thing = 1; }"),
                        "compute_75", List.of()));
        assertEquals(ErrorCode.NATIVE_ERROR, e.code());
        assertEquals("NVRTC_ERROR_COMPILATION", e.nativeStatus().orElseThrow().name());
        assertTrue(e.getMessage().contains("undeclared_thing"), e.getMessage());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(AccelException.class, () -> compiler().compile(KernelSource.of("a.cu", ADD_ONE), "ampere", List.of())).code());
    }

    @Test
    void diskCacheCompilesOncePerSourceAndArchitecture(@TempDir Path dir) throws IOException {
        KernelCache cache = new KernelCache(dir, compiler());
        KernelSource addOne = KernelSource.of("add_one.cu", ADD_ONE);
        KernelImage cubin = cache.get(addOne, "sm_75");
        assertEquals(KernelImage.Format.CUBIN, cubin.format());
        byte[] bytes = cubin.bytes();
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, java.util.Arrays.copyOf(bytes, 4), "a CUBIN is an ELF file");
        assertEquals(1, cache.compiles());

        KernelImage again = cache.get(addOne, "sm_75");
        assertArrayEquals(bytes, again.bytes());
        assertEquals(1, cache.compiles(), "the second request is served from disk");
        assertEquals(1, cache.hits());

        String name = cache.fileName(addOne, "sm_75", KernelImage.Format.CUBIN);
        assertTrue(name.matches("add_one-[0-9a-f]{64}-nvrtc\\d+\\.\\d+-sm_75\\.cubin"), name);
        assertTrue(Files.isRegularFile(dir.resolve(name)));
        // the key covers the source: a changed source gets another file
        String other = cache.fileName(KernelSource.of("add_one.cu", ADD_ONE + "\n"), "sm_75", KernelImage.Format.CUBIN);
        assertTrue(!other.equals(name));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }

    /** A program whose kernel needs a macro and a function from a header it includes by name. */
    static final String USES_HEADER = """
            #include "twice.cuh"
            extern "C" __global__ void scaled(float* x, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i < n) x[i] = twice(x[i]) + TWICE_BIAS;
            }
            """;

    static KernelSource.Header twice(String bias) {
        return new KernelSource.Header("twice.cuh", "#define TWICE_BIAS " + bias + "\n__device__ float twice(float v) { return 2.0f * v; }\n");
    }

    @Test
    void headersReachNvrtcUnderTheirIncludeNames() {
        KernelSource withHeader = new KernelSource("scaled.cu", USES_HEADER, List.of(twice("0.5f")));
        String ptx = new String(compiler().compile(withHeader, "compute_75", List.of()).bytes(), StandardCharsets.US_ASCII);
        assertTrue(ptx.contains(".entry scaled"), ptx);
        assertTrue(ptx.contains("0f3F000000"), "the header's TWICE_BIAS (0.5f) is compiled in:\n" + ptx);

        AccelException missing = assertThrows(AccelException.class,
                () -> compiler().compile(KernelSource.of("scaled.cu", USES_HEADER), "compute_75", List.of()));
        assertEquals("NVRTC_ERROR_COMPILATION", missing.nativeStatus().orElseThrow().name());
        assertTrue(missing.getMessage().contains("twice.cuh") && missing.getMessage().contains("headers []"), missing.getMessage());

        KernelSource misnamed = new KernelSource("scaled.cu", USES_HEADER,
                List.of(new KernelSource.Header("other.cuh", twice("0.5f").text())));
        AccelException wrongName = assertThrows(AccelException.class, () -> compiler().compile(misnamed, "compute_75", List.of()));
        assertTrue(wrongName.getMessage().contains("twice.cuh") && wrongName.getMessage().contains("headers [other.cuh]"),
                "a header is found by its include name only:\n" + wrongName.getMessage());
    }

    @Test
    void theShippedSourcesCompileWithThePreludeGivenInMemory() {
        for (String name : List.of("elementwise.cu", "rows.cu")) {
            KernelSource source = CudaKernels.kernelSource(name);
            assertEquals(List.of(CudaKernels.PRELUDE), source.includeNames(), name);
            String ptx = new String(compiler().compile(source, "compute_80", List.of()).bytes(), StandardCharsets.US_ASCII);
            assertTrue(ptx.contains(".entry "), name + ": no kernels in\n" + ptx);
        }
    }

    @Test
    void aChangedHeaderIsCompiledAgainAndCachedUnderAnotherFile(@TempDir Path dir) throws IOException {
        KernelCache cache = new KernelCache(dir, compiler());
        KernelSource v1 = new KernelSource("scaled.cu", USES_HEADER, List.of(twice("0.5f")));
        KernelSource v2 = new KernelSource("scaled.cu", USES_HEADER, List.of(twice("0.25f")));
        String f1 = cache.fileName(v1, "compute_75", KernelImage.Format.PTX);
        String f2 = cache.fileName(v2, "compute_75", KernelImage.Format.PTX);
        assertTrue(!f1.equals(f2), "the same source with another header text needs another cache file: " + f1);

        String ptx1 = new String(cache.get(v1, "compute_75").bytes(), StandardCharsets.US_ASCII);
        String ptx2 = new String(cache.get(v2, "compute_75").bytes(), StandardCharsets.US_ASCII);
        assertEquals(2, cache.compiles(), "the header change is compiled, not served from the old file");
        assertTrue(ptx1.contains("0f3F000000") && ptx2.contains("0f3E800000"), "each image has its header's constant");
        assertArrayEquals(cache.get(v1, "compute_75").bytes(), ptx1.getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, cache.hits());
        assertTrue(Files.isRegularFile(dir.resolve(f1)) && Files.isRegularFile(dir.resolve(f2)));
    }

    @Test
    void toolkitHeadersAreUsedOnlyWithTheSameMajorVersion(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cuda.h"), "/* x */\n#define CUDA_VERSION 13000\n");
        Files.writeString(dir.resolve("cuda_fp16.h"), "");
        Path home = dir.getParent().resolve(dir.getFileName() + "-home");
        Files.createDirectories(home);
        Files.createSymbolicLink(home.resolve("include"), dir);
        assertEquals(13, NvrtcCompiler.toolkitMajor(dir.resolve("cuda.h")));
        assertEquals(home + "/include", NvrtcCompiler.includeDirectory(Map.of("CUDA_HOME", home.toString())::get, 13).orElseThrow());
        assertTrue(NvrtcCompiler.includeDirectory(Map.of("CUDA_HOME", home.toString())::get, 11)
                .map(d -> !d.startsWith(home.toString())).orElse(true), "a CUDA 13 toolkit is not used with NVRTC 11");
    }

    @Test
    void defaultDirectoryHonoursTheVariable() {
        assertEquals(Path.of("/tmp/x"), KernelCache.defaultDirectory(Map.of(KernelCache.CACHE_VARIABLE, "/tmp/x")::get));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "accel", "cuda"), KernelCache.defaultDirectory(Map.<String, String>of()::get));
    }

    /**
     * Compiles every shipped kernel source for sm_90 (H100). Expensive, so only with
     * {@code -Daccel.cuda.compileAllKernels=true}; needs NVRTC 12 or newer (the kernels use bf16).
     */
    @Test
    void everyShippedKernelCompiles() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("accel.cuda.compileAllKernels"),
                "set -Daccel.cuda.compileAllKernels=true to compile every shipped kernel with NVRTC");
        Assumptions.assumeTrue(compiler().version().major() >= 12, "the kernels need NVRTC 12+, found " + compiler().version());
        var url = CudaKernels.class.getResource(CudaKernels.KERNEL_RESOURCES);
        Assumptions.assumeTrue(url != null && url.getProtocol().equals("file"), "kernel sources are not a directory on the class path");
        try (Stream<Path> files = Files.list(Path.of(java.net.URI.create(url.toString())))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cu")).toList()) {
                String name = f.getFileName().toString();
                KernelImage image = compiler().compile(CudaKernels.kernelSource(name), "sm_90", List.of());
                assertTrue(image.size() > 0, name);
            }
        }
    }
}
