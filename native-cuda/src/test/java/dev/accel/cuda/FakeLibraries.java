package dev.accel.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Builds the native test doubles in {@code src/test/c} (a fake CUDA driver, a fake NVRTC) into shared
 * libraries with the C compiler ({@code $CC}, else {@code cc}).
 */
public final class FakeLibraries {
    private FakeLibraries() {
    }

    /** Why a fake cannot be built here: the tests that need it skip with this reason. */
    public static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    /**
     * Compiles {@code src/test/c/<cFile>} into a fresh temporary directory as {@code libraryName}.
     *
     * @throws Unavailable     when the source is not there (not run from the module) or there is no C compiler
     * @throws AssertionError  when the compiler rejects the source (a broken fake is a test bug), with its output
     */
    public static Path build(String cFile, String libraryName) throws Unavailable, IOException, InterruptedException {
        Path source = Path.of("src/test/c", cFile).toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            throw new Unavailable(cFile + " not found at " + source + " (run from the native-cuda module)");
        }
        Path lib = Files.createTempDirectory("accel-" + cFile.replace(".c", "")).resolve(libraryName);
        String cc = System.getenv().getOrDefault("CC", "cc");
        Process p;
        try {
            p = new ProcessBuilder(cc, "-shared", "-fPIC", "-O1", "-o", lib.toString(), source.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new Unavailable("no C compiler ('" + cc + "') to build " + cFile + ": " + e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(cc + " could not build " + cFile + ":\n" + out);
        }
        return lib;
    }
}
