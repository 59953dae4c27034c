package dev.accel.cuda.nvrtc;

import dev.accel.AccelException;
import dev.accel.cuda.CudaKernels;
import dev.accel.cuda.CudaLibraries;
import dev.accel.cuda.FakeLibraries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link NvrtcCompiler} and {@link KernelCache} hand to NVRTC, against a fake {@code libnvrtc} built from
 * {@code src/test/c/fake_nvrtc.c} (loaded through {@link CudaLibraries#NVRTC_OVERRIDE}) whose "PTX" is a
 * transcript of the program name, the headers with their include names, and the options it was given. Runs
 * wherever a C compiler is (NVRTC itself is not needed: {@link NvrtcCompilerTest} compiles for real where it
 * is installed); skips with the reason otherwise.
 */
class FakeNvrtcTest {
    private static NvrtcCompiler compiler;

    /** Skips the whole class (JUnit reports every test skipped with the reason) when the fake cannot be built. */
    @BeforeAll
    static void build() throws Exception {
        try {
            Path lib = FakeLibraries.build("fake_nvrtc.c", "libnvrtc.so.13");
            compiler = NvrtcCompiler.load(Map.of(CudaLibraries.NVRTC_OVERRIDE, lib.toString())::get);
        } catch (FakeLibraries.Unavailable e) {
            Assumptions.abort("cannot build the fake NVRTC: " + e.getMessage());
        }
    }

    @AfterAll
    static void close() {
        if (compiler != null) {
            compiler.close();
        }
    }

    private static NvrtcCompiler compiler() {
        return compiler;
    }

    private static long knob(String name) throws Throwable {
        MethodHandle h = compiler().library().downcall(name, FunctionDescriptor.of(ValueLayout.JAVA_LONG));
        return (long) h.invokeExact();
    }

    private static String text(KernelImage image) {
        byte[] b = image.bytes();
        return new String(b, 0, b.length - 1, StandardCharsets.UTF_8); // PTX keeps its trailing NUL
    }

    /** C's {@code strlen} of the text. */
    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CudaKernels.class.getResourceAsStream(CudaKernels.KERNEL_RESOURCES + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShippedSourcesReachNvrtcWithThePreludeUnderItsIncludeName() throws Throwable {
        String prelude = resource(CudaKernels.PRELUDE);
        long created = knob("fake_nvrtc_programs_created");
        long destroyed = knob("fake_nvrtc_programs_destroyed");
        for (String name : List.of("elementwise.cu", "rows.cu")) {
            String transcript = text(compiler().compile(CudaKernels.kernelSource(name), "compute_90", List.of()));
            assertTrue(transcript.startsWith("program " + name + "\nheader " + CudaKernels.PRELUDE + " " + utf8Length(prelude) + "\n"
                    + prelude + "\nend header\n"), "the whole prelude text, once, under the name the source includes:\n"
                    + transcript.substring(0, Math.min(400, transcript.length())));
            assertEquals(1, transcript.split("\nheader ", -1).length - 1, "exactly one header");
            for (String option : compiler().options("compute_90", List.of())) {
                assertTrue(transcript.contains("\noption " + option + "\n"), option);
            }
            assertTrue(transcript.endsWith("source " + utf8Length(resource(name)) + "\n"), "the source text itself: " + transcript.lines().toList().getLast());
        }
        assertEquals(created + 2, knob("fake_nvrtc_programs_created"));
        assertEquals(destroyed + 2, knob("fake_nvrtc_programs_destroyed"), "every program is destroyed");
    }

    @Test
    void aSourceWhoseHeaderIsNotGivenFailsNamingIt() throws Throwable {
        long destroyed = knob("fake_nvrtc_programs_destroyed");
        KernelSource bare = KernelSource.of("elementwise.cu", CudaKernels.kernelSource("elementwise.cu").text());
        AccelException e = assertThrows(AccelException.class, () -> compiler().compile(bare, "compute_90", List.of()));
        assertEquals("NVRTC_ERROR_COMPILATION", e.nativeStatus().orElseThrow().name());
        assertTrue(e.getMessage().contains("cannot open source file \"accel_prelude.cuh\"") && e.getMessage().contains("headers []"),
                e.getMessage());
        assertEquals(destroyed + 1, knob("fake_nvrtc_programs_destroyed"), "a failed program is destroyed too");
    }

    @Test
    void theCacheCompilesAgainWhenThePreludeChanges(@TempDir Path dir) {
        KernelCache cache = new KernelCache(dir, compiler());
        KernelSource shipped = CudaKernels.kernelSource("rows.cu");
        KernelSource.Header prelude = shipped.headers().getFirst();
        KernelSource edited = new KernelSource("rows.cu", shipped.text(),
                List.of(new KernelSource.Header(prelude.includeName(), prelude.text() + "// edited\n")));

        KernelImage first = cache.get(shipped, "sm_90");
        assertArrayEquals(first.bytes(), cache.get(shipped, "sm_90").bytes());
        assertEquals(1, cache.compiles());
        assertEquals(1, cache.hits());

        KernelImage second = cache.get(edited, "sm_90");
        assertEquals(2, cache.compiles(), "an edited prelude is compiled, not served from the old file");
        assertTrue(new String(second.bytes(), StandardCharsets.UTF_8).contains("// edited\n\nend header"), "NVRTC got the edited header");
        assertTrue(!cache.fileName(shipped, "sm_90", KernelImage.Format.CUBIN).equals(cache.fileName(edited, "sm_90", KernelImage.Format.CUBIN)));
    }
}
