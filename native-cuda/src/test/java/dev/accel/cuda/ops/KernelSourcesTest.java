package dev.accel.cuda.ops;

import dev.accel.cuda.CudaKernels;
import dev.accel.tensor.DType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernel sources and their prelude header: rules and the codes Java passes, checked on the text
 * everywhere, and a PTX compile with {@code nvcc} for sm_80 and sm_90 (the prelude found through {@code -I})
 * where the CUDA toolkit is installed ({@code $CUDA_HOME/bin/nvcc}, {@code /usr/local/cuda/bin/nvcc} or
 * {@code nvcc} on the PATH); without it the compile tests skip with that reason.
 */
class KernelSourcesTest {
    static final List<String> ARCHS = List.of("sm_80", "sm_90");
    /** A preprocessor include (not one quoted in a comment). */
    static final Pattern INCLUDE_LINE = Pattern.compile("(?m)^[ \\t]*#[ \\t]*include\\b");

    private static Optional<Path> nvcc;

    @BeforeAll
    static void findNvcc() {
        nvcc = locateNvcc();
    }

    static Optional<Path> locateNvcc() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getenv("CUDA_HOME");
        if (home != null) {
            candidates.add(Path.of(home, "bin", "nvcc"));
        }
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                candidates.add(Path.of(dir, "nvcc"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    private static void assumeNvcc() {
        assumeTrue(nvcc.isPresent(), "nvcc not found (looked in $CUDA_HOME/bin, /usr/local/cuda/bin and PATH): PTX compile tests skipped");
    }

    /** A running {@code nvcc -ptx}; {@link #await()} waits for it and fails with nvcc's output. */
    record PtxCompile(Process process, Path output, String what) {
        String await() throws IOException, InterruptedException {
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("nvcc timed out on " + what);
            }
            if (process.exitValue() != 0) {
                fail("nvcc " + what + " failed:\n" + log);
            }
            return Files.readString(this.output);
        }
    }

    /**
     * Starts compiling {@code source} to PTX for {@code arch} with {@code -I include} (compiles run side by
     * side).
     */
    static PtxCompile startPtx(Path dir, Path include, String name, String source, String arch) throws IOException {
        Path cu = dir.resolve(name);
        Path ptx = dir.resolve(name + "." + arch + ".ptx");
        Files.writeString(cu, source, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(nvcc.orElseThrow().toString(), "-ptx", "-arch=" + arch, "-I", include.toString(),
                "-o", ptx.toString(), cu.toString()).redirectErrorStream(true).start();
        return new PtxCompile(p, ptx, "-ptx -arch=" + arch + " -I " + include + " " + name);
    }

    @Test
    void everyKernelSourceCompilesToPtxWithEveryEntryCudaOpsLaunches(@TempDir Path dir) throws Exception {
        assumeNvcc();
        Path include = KernelSources.writeIncludeDirectory(dir);
        Map<String, PtxCompile> compiles = new LinkedHashMap<>();
        for (Kernel.Source source : Kernel.Source.values()) {
            for (String arch : ARCHS) {
                Path sub = Files.createDirectories(dir.resolve(arch));
                compiles.put(source.name() + " " + arch, startPtx(sub, include, source.fileName, KernelSources.text(source), arch));
            }
        }
        for (Kernel.Source source : Kernel.Source.values()) {
            for (String arch : ARCHS) {
                String ptx = compiles.get(source.name() + " " + arch).await();
                List<String> entries = KernelSources.entries(ptx);
                if (source == Kernel.Source.ROWS) { // launched with up to 1024 threads: registers must be bounded for that
                    assertEquals(entries.size(), ptx.split("\\.maxntid 1024, 1, 1", -1).length - 1, "every row kernel needs __launch_bounds__(1024)");
                }
                for (String expected : KernelSources.expectedEntries(source)) {
                    assertTrue(entries.contains(expected), source.fileName + " for " + arch + " lacks entry " + expected + "; has " + entries);
                }
                assertEquals(KernelSources.expectedEntries(source).size(), entries.size(),
                        source.fileName + ": every entry should be one CudaOps launches; PTX has " + entries);
            }
        }
    }

    @Test
    void theDescriptorLayoutDtypeCodesAndOpCodesMatchTheJavaSide(@TempDir Path dir) throws Exception {
        assumeNvcc();
        StringBuilder s = new StringBuilder("#include \"" + CudaKernels.PRELUDE + "\"\n");
        s.append("static_assert(ACCEL_MAX_RANK == ").append(StridedDesc.MAX_RANK).append(", \"max rank\");\n");
        s.append("static_assert(sizeof(Desc) == ").append(StridedDesc.BYTE_SIZE).append(", \"sizeof(Desc)\");\n");
        s.append("static_assert(alignof(Desc) == ").append(StridedDesc.ALIGNMENT).append(", \"alignof(Desc)\");\n");
        s.append("static_assert(__builtin_offsetof(Desc, shape) == ").append(StridedDesc.SHAPE_OFFSET).append(", \"shape\");\n");
        s.append("static_assert(__builtin_offsetof(Desc, strides) == ").append(StridedDesc.STRIDES_OFFSET).append(", \"strides\");\n");
        s.append("static_assert(__builtin_offsetof(Desc, rank) == ").append(StridedDesc.RANK_OFFSET).append(", \"rank\");\n");
        for (DType t : DType.values()) {
            s.append("static_assert(").append(DTypeCode.macro(t)).append(" == ").append(DTypeCode.of(t)).append(", \"").append(t).append("\");\n");
        }
        for (var op : OpCode.macros().entrySet()) {
            s.append("static_assert(").append(op.getKey()).append(" == ").append(op.getValue()).append(", \"").append(op.getKey()).append("\");\n");
        }
        s.append("extern \"C\" __global__ void layout_probe(Desc d, long long* out) { *out = d.shape[0] + d.rank; }\n");
        String ptx = startPtx(dir, KernelSources.writeIncludeDirectory(dir), "layout_probe.cu", s.toString(), ARCHS.getFirst()).await();
        assertEquals(List.of("layout_probe"), KernelSources.entries(ptx));
        // the by-value parameter as PTX declares it: 136 bytes aligned to 8
        Matcher m = Pattern.compile("\\.param \\.align (\\d+) \\.b8 \\w+\\[(\\d+)\\]").matcher(ptx);
        assertTrue(m.find(), "no by-value struct parameter in\n" + ptx);
        assertEquals(StridedDesc.ALIGNMENT, Integer.parseInt(m.group(1)));
        assertEquals(StridedDesc.BYTE_SIZE, Integer.parseInt(m.group(2)));
    }

    @Test
    void everySourceIncludesThePreludeAndNothingElse() {
        for (Kernel.Source source : Kernel.Source.values()) {
            String text = KernelSources.text(source);
            assertEquals(List.of(CudaKernels.PRELUDE), CudaKernels.kernelSource(source.fileName).includeNames(), source.fileName);
            assertEquals(1, INCLUDE_LINE.matcher(text).results().count(), source.fileName + " includes the prelude once and nothing else");
            assertTrue(text.indexOf("#include \"" + CudaKernels.PRELUDE + "\"") < text.indexOf("__global__"),
                    source.fileName + ": the prelude comes before the kernels");
            assertFalse(text.contains("__host__"), source.fileName + " must hold device code only");
            assertFalse(text.contains("#define ACCEL_PRELUDE_CUH") || text.contains("#define DT_F32"),
                    source.fileName + " holds a copy of the prelude instead of including it");
        }
        String prelude = KernelSources.prelude();
        assertFalse(INCLUDE_LINE.matcher(prelude).find(), "the prelude includes nothing: NVRTC gets no include directory");
        assertFalse(prelude.contains("__global__") || prelude.contains("__host__"), "the prelude holds device helpers only");
        assertTrue(prelude.contains("#ifndef ACCEL_PRELUDE_CUH\n#define ACCEL_PRELUDE_CUH\n") && prelude.strip().endsWith("#endif // ACCEL_PRELUDE_CUH"),
                "the prelude has an include guard around all of it");
    }

    /** Every {@code #define NAME <integer>} of the prelude, in order. */
    static Map<String, Integer> numericMacros(String text) {
        Map<String, Integer> macros = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^#define\\s+([A-Z][A-Z0-9_]*)\\s+(-?\\d+)\\s*$").matcher(text);
        while (m.find()) {
            assertEquals(null, macros.put(m.group(1), Integer.parseInt(m.group(2))), m.group(1) + " is defined twice");
        }
        return macros;
    }

    @Test
    void thePreludeDefinesExactlyTheCodesJavaPasses() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("ACCEL_MAX_RANK", StridedDesc.MAX_RANK);
        for (DType t : DType.values()) {
            expected.put(DTypeCode.macro(t), DTypeCode.of(t));
        }
        expected.putAll(OpCode.macros());
        Map<String, Integer> defined = numericMacros(KernelSources.prelude());
        assertEquals(new TreeMap<>(expected), new TreeMap<>(defined), "the prelude's numeric macros against DTypeCode, OpCode and StridedDesc");
        Matcher desc = Pattern.compile("struct Desc \\{\\s*long long shape\\[ACCEL_MAX_RANK\\];\\s*long long strides\\[ACCEL_MAX_RANK\\];\\s*int rank;\\s*\\};")
                .matcher(KernelSources.prelude());
        assertTrue(desc.find(), "Desc is the struct StridedDesc packs: shape, strides (int64 each), then the int32 rank");
        assertTrue(KernelSources.prelude().contains("static_assert(sizeof(Desc) == " + StridedDesc.BYTE_SIZE + " && alignof(Desc) == " + StridedDesc.ALIGNMENT),
                "every compile checks the size and alignment StridedDesc uses");
    }

    @Test
    void everyKernelCudaOpsLaunchesIsNamedInItsSource() {
        for (Kernel k : Kernel.values()) {
            String text = KernelSources.text(k.source);
            assertTrue(Pattern.compile("\\b" + k.entry + "\\b").matcher(text).find(), k.entry + " is not defined in " + k.source.fileName);
        }
    }
}
