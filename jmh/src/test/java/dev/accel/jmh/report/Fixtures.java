package dev.accel.jmh.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies the test fixtures (a small JMH JSON file and its machine file) into a folder. */
final class Fixtures {
    static final String NAME = "2026-01-02-fixture";

    private Fixtures() {
    }

    static Path copyTo(Path dir) throws IOException {
        for (String suffix : new String[] {".json", ".machine.txt"}) {
            try (InputStream in = Fixtures.class.getResourceAsStream(NAME + suffix)) {
                if (in == null) {
                    throw new IOException("test resource " + NAME + suffix + " missing");
                }
                Files.copy(in, dir.resolve(NAME + suffix));
            }
        }
        return dir.resolve(NAME + ".json");
    }

    static String jsonUnchecked() {
        try {
            return json();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String json() throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream(NAME + ".json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
