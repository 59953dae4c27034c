package dev.accel.qnn;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the module's build put the C test natives (src/test/c/build.sh), and the reason to skip when it did not. */
final class QnnTestNatives {
    private QnnTestNatives() {
    }

    static Path dir() {
        String dir = System.getProperty("accel.qnn.native.dir");
        return dir != null ? Path.of(dir) : Path.of("target", "native-test");
    }

    static Path standIn() {
        return require(dir().resolve("libaccel_stand_in_QnnHtp.so"));
    }

    static Path layoutProbe() {
        return require(dir().resolve("qnn_layout_probe"));
    }

    private static Path require(Path file) {
        if (!Files.isRegularFile(file)) {
            String why = "not built";
            try {
                Path note = dir().resolve("gcc-missing.txt");
                if (Files.exists(note)) {
                    why = Files.readString(note).strip();
                }
            } catch (IOException ignored) {
                // the default reason stands
            }
            Assumptions.abort(file + " is missing (" + why + "); it is built by src/test/c/build.sh during mvn's process-test-classes");
        }
        return file;
    }
}
