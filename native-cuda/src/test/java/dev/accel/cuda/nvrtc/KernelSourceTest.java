package dev.accel.cuda.nvrtc;

import dev.accel.cuda.CudaKernels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link KernelSource} and the {@link KernelCache} key, which need no NVRTC. */
class KernelSourceTest {
    static final List<String> OPTIONS = List.of("--gpu-architecture=sm_90", "-default-device", "--std=c++17");

    @Test
    void theCacheKeyCoversEveryHeaderNameAndText() {
        KernelSource.Header prelude = new KernelSource.Header("p.cuh", "#define X 1\n");
        KernelSource source = new KernelSource("k.cu", "#include \"p.cuh\"\n", List.of(prelude));
        String key = KernelCache.key(source, OPTIONS);
        assertTrue(key.matches("[0-9a-f]{64}"), key);
        assertEquals(key, KernelCache.key(new KernelSource("k.cu", "#include \"p.cuh\"\n", List.of(new KernelSource.Header("p.cuh", "#define X 1\n"))), OPTIONS),
                "equal inputs, equal key");
        assertEquals(key, KernelCache.key(new KernelSource("renamed.cu", source.text(), source.headers()), OPTIONS),
                "the program name is in the file name, not the key");

        assertNotEquals(key, KernelCache.key(new KernelSource("k.cu", source.text(), List.of(new KernelSource.Header("p.cuh", "#define X 2\n"))), OPTIONS),
                "another header text");
        assertNotEquals(key, KernelCache.key(new KernelSource("k.cu", source.text(), List.of(new KernelSource.Header("q.cuh", "#define X 1\n"))), OPTIONS),
                "another include name");
        assertNotEquals(key, KernelCache.key(KernelSource.of("k.cu", source.text()), OPTIONS), "no header");
        assertNotEquals(key, KernelCache.key(source, List.of("--gpu-architecture=sm_80", "-default-device", "--std=c++17")), "other options");
        // fields are length-prefixed: moving text between source and header, or between name and text, changes the key
        assertNotEquals(KernelCache.key(new KernelSource("k.cu", "ab", List.of(new KernelSource.Header("h", "c"))), List.of()),
                KernelCache.key(new KernelSource("k.cu", "a", List.of(new KernelSource.Header("h", "bc"))), List.of()));
        assertNotEquals(KernelCache.key(new KernelSource("k.cu", "", List.of(new KernelSource.Header("hx", "y"))), List.of()),
                KernelCache.key(new KernelSource("k.cu", "", List.of(new KernelSource.Header("h", "xy"))), List.of()));
    }

    @Test
    void editingTheShippedPreludeChangesTheKeyOfEverySource() {
        for (String name : List.of("elementwise.cu", "rows.cu")) {
            KernelSource shipped = CudaKernels.kernelSource(name);
            KernelSource.Header prelude = shipped.headers().getFirst();
            assertEquals(CudaKernels.PRELUDE, prelude.includeName());
            KernelSource edited = new KernelSource(name, shipped.text(),
                    List.of(new KernelSource.Header(CudaKernels.PRELUDE, prelude.text().replace("#define DT_BOOL 9", "#define DT_BOOL 10"))));
            assertNotEquals(prelude.text(), edited.headers().getFirst().text(), "the edit applies");
            assertNotEquals(KernelCache.key(shipped, OPTIONS), KernelCache.key(edited, OPTIONS), name);
        }
    }

    @Test
    void badProgramsAreRefusedWithTheReason() {
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> new KernelSource("k.cu", "",
                List.of(new KernelSource.Header("p.cuh", "a"), new KernelSource.Header("p.cuh", "b"))));
        assertTrue(dup.getMessage().contains("two headers named 'p.cuh'"), dup.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> new KernelSource.Header("p.cuh", "ab\0c"));
        assertTrue(nul.getMessage().contains("NUL character at index 2"), nul.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KernelSource.of("k.cu", "x\0"));
        assertThrows(IllegalArgumentException.class, () -> KernelSource.of(" ", "x"));
        assertThrows(IllegalArgumentException.class, () -> new KernelSource.Header("", "x"));
        assertThrows(NullPointerException.class, () -> new KernelSource("k.cu", "x", null));
    }
}
