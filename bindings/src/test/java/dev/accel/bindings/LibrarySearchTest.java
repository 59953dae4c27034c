package dev.accel.bindings;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LibrarySearchTest {
    private static final String MISSING = "libaccel-test-does-not-exist.so.7";

    @Test
    void missingLibraryIsUnavailableAndNamesEveryPlaceTried(@TempDir Path dir) {
        Path absent = dir.resolve("absent-dir");
        LibraryProbe probe = LibrarySearch.forNames(MISSING, "libaccel-test-does-not-exist.so")
                .describedAs("Test runtime")
                .overrideVariable("ACCEL_TEST_LIBRARY")
                .pathVariables(LibrarySearch.ACCEL_LIBRARY_PATH, "LD_LIBRARY_PATH")
                .directories(dir.toString(), absent.toString())
                .environment(Map.of(LibrarySearch.ACCEL_LIBRARY_PATH, dir + File.pathSeparator))
                .probe();

        LibraryProbe.Unavailable unavailable = assertInstanceOf(LibraryProbe.Unavailable.class, probe);
        String reason = unavailable.reason();
        assertTrue(reason.startsWith("Test runtime not found (tried: "), reason);
        assertTrue(reason.contains("$ACCEL_TEST_LIBRARY: unset"), reason);
        assertTrue(reason.contains("$LD_LIBRARY_PATH: unset"), reason);
        // Misses in one directory, and names the system loader did not find, are grouped in the reason...
        assertTrue(reason.contains(dir + ": none of [" + MISSING + ", libaccel-test-does-not-exist.so]"), reason);
        assertTrue(reason.contains(absent + ": no such directory"), reason);
        if (isLinux()) {
            assertTrue(reason.contains("system loader (dlopen): none of the same 2 names found"), reason);
        }
        // ...and every single attempt stays in attempts().
        assertTrue(unavailable.attempts().stream().anyMatch(a -> a.place().equals("dlopen(\"" + MISSING + "\")")), reason);
        assertTrue(unavailable.attempts().stream().anyMatch(a -> a.place().equals(dir.resolve("libaccel-test-does-not-exist.so").toString())
                && a.outcome().equals("no such file")), reason);
        // dir came from both ACCEL_LIBRARY_PATH and directories(): searched once.
        assertEquals(1, unavailable.attempts().stream().filter(a -> a.place().equals(dir.resolve(MISSING).toString())).count());
        // 1 override + 1 unset path variable + 2 files + 1 missing directory + 2 dlopen
        assertEquals(7, unavailable.attempts().size(), unavailable.attempts().toString());
        assertTrue(probe.loadedLibrary().isEmpty());
    }

    @Test
    void systemLoaderFailureCarriesTheLoadersMessageOnLinux() {
        assumeTrue(isLinux(), "dlerror text is checked on Linux only");
        LibraryProbe probe = LibrarySearch.forNames(MISSING).environment(Map.of()).probe();
        String reason = assertInstanceOf(LibraryProbe.Unavailable.class, probe).reason();
        assertTrue(reason.contains("cannot open shared object file"), reason);
    }

    @Test
    void overrideNamingANonexistentFileIsReportedAndNothingElseIsTried(@TempDir Path dir) {
        Path missing = dir.resolve("libcuda.so.1");
        LibraryProbe probe = LibrarySearch.forNames("libc.so.6")
                .describedAs("CUDA driver")
                .overrideVariable("ACCEL_CUDA_LIBRARY")
                .environment(Map.of("ACCEL_CUDA_LIBRARY", missing.toString()))
                .probe();

        LibraryProbe.Unavailable unavailable = assertInstanceOf(LibraryProbe.Unavailable.class, probe);
        assertEquals(List.of(new LibraryProbe.Attempt("$ACCEL_CUDA_LIBRARY=" + missing, "no such file")),
                unavailable.attempts());
        assertTrue(unavailable.reason().contains("$ACCEL_CUDA_LIBRARY=" + missing + ": no such file"), unavailable.reason());
        assertTrue(unavailable.reason().contains("nothing else was tried"), unavailable.reason());
    }

    @Test
    void fileThatIsNotALibraryIsReportedAsSuch(@TempDir Path dir) throws Exception {
        assumeTrue(isLinux(), "the ELF check is Linux-only");
        Path text = Files.writeString(dir.resolve("libfake.so"), "INPUT(-lfake)\n");
        Files.createDirectory(dir.resolve("libdir.so"));
        LibraryProbe probe = LibrarySearch.forNames("libfake.so", "libdir.so")
                .pathVariables()
                .directories(dir.toString())
                .environment(Map.of())
                .probe();

        List<LibraryProbe.Attempt> attempts = probe.attempts();
        assertEquals(new LibraryProbe.Attempt(text.toString(),
                "not an ELF shared library (a linker script or another kind of file)"), attempts.get(0));
        assertEquals(new LibraryProbe.Attempt(dir.resolve("libdir.so").toString(), "is a directory"), attempts.get(1));
    }

    @Test
    void brokenElfFileReportsTheLoadersReason(@TempDir Path dir) throws Exception {
        assumeTrue(isLinux(), "ELF files are Linux-only");
        Path broken = Files.write(dir.resolve("libbroken.so"), elfWithoutLoadableSegments());
        LibraryProbe probe = LibrarySearch.forNames("libbroken.so")
                .overrideVariable("ACCEL_BROKEN_LIBRARY")
                .environment(Map.of("ACCEL_BROKEN_LIBRARY", broken.toString()))
                .probe();

        LibraryProbe.Attempt attempt = probe.attempts().getFirst();
        assertTrue(attempt.outcome().startsWith("exists but could not be loaded: "), attempt.toString());
        assertTrue(attempt.outcome().length() > "exists but could not be loaded: ".length(), attempt.toString());
    }

    /**
     * A 64-bit little-endian ELF shared-object header with one program header (a non-executable
     * PT_GNU_STACK, so the JVM does not warn about the stack guard) and nothing to load: the
     * dynamic loader refuses it.
     */
    private static byte[] elfWithoutLoadableSegments() {
        short machine = System.getProperty("os.arch").equals("aarch64") ? (short) 183 : (short) 62;
        ByteBuffer elf = ByteBuffer.allocate(64 + 56).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        elf.putShort((short) 3).putShort(machine).putInt(1)          // ET_DYN, machine, EV_CURRENT
                .putLong(0).putLong(64).putLong(0).putInt(0)         // entry, phoff, shoff, flags
                .putShort((short) 64).putShort((short) 56).putShort((short) 1)   // ehsize, phentsize, phnum
                .putShort((short) 64).putShort((short) 0).putShort((short) 0);   // shentsize, shnum, shstrndx
        elf.putInt(0x6474e551).putInt(6)                              // PT_GNU_STACK, PF_R | PF_W
                .putLong(0).putLong(0).putLong(0).putLong(0).putLong(0).putLong(16);
        return elf.array();
    }

    @Test
    void overrideNamingARealLibraryLoadsIt() {
        Optional<Path> libc = findLibc();
        assumeTrue(libc.isPresent(), "libc.so.6 not found in the usual directories");
        LibraryProbe probe = LibrarySearch.forNames("libc.so.6")
                .overrideVariable("ACCEL_LIBC")
                .environment(Map.of("ACCEL_LIBC", libc.get().toString()))
                .probe();
        try (NativeLibrary library = probe.orElseThrow()) {
            assertEquals(NativeLibrary.Source.ENVIRONMENT_OVERRIDE, library.source());
            assertEquals(libc.get().toAbsolutePath().toString(), library.origin());
            assertTrue(library.findSymbol("strlen").isPresent());
        }
    }

    @Test
    void searchDirectoryIsTriedBeforeTheSystemLoader() {
        Optional<Path> libc = findLibc();
        assumeTrue(libc.isPresent(), "libc.so.6 not found in the usual directories");
        LibraryProbe probe = LibrarySearch.forNames(MISSING, "libc.so.6")
                .directories(libc.get().getParent().toString())
                .environment(Map.of())
                .probe();
        LibraryProbe.Loaded loaded = assertInstanceOf(LibraryProbe.Loaded.class, probe);
        try (NativeLibrary library = loaded.library()) {
            assertEquals(NativeLibrary.Source.SEARCH_DIRECTORY, library.source());
            assertEquals("loaded", loaded.attempts().getLast().outcome());
            assertEquals(libc.get().getParent().resolve(MISSING) + ": no such file", loaded.attempts().get(1).toString());
        }
    }

    @Test
    void unavailableOrElseThrowGivesBackendUnavailable() {
        LibraryProbe probe = LibrarySearch.forNames(MISSING).environment(Map.of()).probe();
        AccelException e = assertThrows(AccelException.class, probe::orElseThrow);
        assertEquals(ErrorCode.BACKEND_UNAVAILABLE, e.code());
        assertEquals(((LibraryProbe.Unavailable) probe).reason(), e.getMessage());
    }

    @Test
    void candidateNamesMustBePlainFileNames() {
        assertThrows(IllegalArgumentException.class, LibrarySearch::forNames);
        assertThrows(IllegalArgumentException.class, () -> LibrarySearch.forNames("/usr/lib/libc.so.6"));
        assertThrows(IllegalArgumentException.class, () -> LibrarySearch.forNames(" "));
    }

    static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("linux");
    }

    /** libc.so.6 as a file, in the directories distributions put it. */
    static Optional<Path> findLibc() {
        for (String dir : List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib")) {
            Path candidate = Path.of(dir, "libc.so.6");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
