package dev.accel.cuda;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.cuda.nvrtc.KernelSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link CudaKernels} turns a kernel source resource into the program NVRTC compiles (no NVRTC needed). */
class CudaKernelSourcesTest {
    static String resource(String name) throws IOException {
        try (InputStream in = CudaKernels.class.getResourceAsStream(CudaKernels.KERNEL_RESOURCES + name)) {
            assertTrue(in != null, name + " is not a resource");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyShippedSourceCarriesThePreludeUnderTheNameItIncludes() throws IOException {
        String prelude = resource(CudaKernels.PRELUDE);
        for (String name : List.of("elementwise.cu", "rows.cu")) {
            KernelSource source = CudaKernels.kernelSource(name);
            assertEquals(name, source.name());
            assertEquals(resource(name), source.text());
            assertTrue(source.text().contains("#include \"" + CudaKernels.PRELUDE + "\""), name);
            assertEquals(List.of(new KernelSource.Header(CudaKernels.PRELUDE, prelude)), source.headers(),
                    name + ": the prelude resource is passed under the include name the source uses");
        }
    }

    @Test
    void aSourceThatDoesNotIncludeThePreludeFailsWithTheReason() {
        AccelException e = assertThrows(AccelException.class, () -> CudaKernels.kernelSource("bare.cu",
                "extern \"C\" __global__ void k(Desc d) {}\n", h -> "unused"));
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertTrue(e.getMessage().contains("kernel source bare.cu does not #include \"accel_prelude.cuh\""), e.getMessage());
        // a commented-out include does not count
        assertThrows(AccelException.class, () -> CudaKernels.kernelSource("bare.cu", "// #include \"accel_prelude.cuh\"\n", h -> "x"));
    }

    @Test
    void includesOtherThanKernelHeadersAreRefused() {
        Map<String, String> headers = Map.of("accel_prelude.cuh", "// prelude\n", "extra.cuh", "// extra\n");
        for (String include : List.of("#include <cuda_fp16.h>", "#include \"cuda_fp16.h\"", "#include \"sub/extra.cuh\"")) {
            AccelException e = assertThrows(AccelException.class, () -> CudaKernels.kernelSource("k.cu",
                    "#include \"accel_prelude.cuh\"\n" + include + "\n", headers::get));
            assertEquals(ErrorCode.INTERNAL, e.code());
            assertTrue(e.getMessage().contains("has '" + include + "'") && e.getMessage().contains("only kernel headers"), e.getMessage());
        }
        KernelSource two = CudaKernels.kernelSource("k.cu", "#include \"accel_prelude.cuh\"\n  #  include \"extra.cuh\"\n#include \"extra.cuh\"\n", headers::get);
        assertEquals(List.of("accel_prelude.cuh", "extra.cuh"), two.includeNames(), "each header once, in include order");
        assertEquals("// extra\n", two.headers().get(1).text());
    }

    @Test
    void namesAndMissingResourcesAreReported() {
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AccelException.class, () -> CudaKernels.kernelSource("../rows.cu")).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AccelException.class, () -> CudaKernels.kernelSource(CudaKernels.PRELUDE)).code());
        AccelException missing = assertThrows(AccelException.class, () -> CudaKernels.kernelSource("absent.cu"));
        assertEquals(ErrorCode.INTERNAL, missing.code());
        assertTrue(missing.getMessage().contains("/dev/accel/cuda/kernels/absent.cu is not in the jar"), missing.getMessage());
    }
}
