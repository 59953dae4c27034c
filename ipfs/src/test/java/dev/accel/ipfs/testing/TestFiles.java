package dev.accel.ipfs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Deterministic test content. */
public final class TestFiles {
    private TestFiles() {
    }

    public static byte[] bytes(long seed, int length) {
        byte[] b = new byte[length];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    public static Path write(Path file, long seed, int length) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, bytes(seed, length));
    }

    /** A small "model" folder: a config, a tokenizer, weights over several chunks, a nested folder. */
    public static Path modelDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\"hidden\": 64, \"layers\": 2}\n");
        write(dir.resolve("tokenizer.json"), 2, 40_000);
        write(dir.resolve("model.onnx"), 3, 2 * 1024 * 1024 + 12_345);
        write(dir.resolve("extra/README.md"), 4, 1_000);
        return dir;
    }

    /** Number of blocks stored under a store root's {@code blocks/} folder. */
    public static long blockFiles(Path storeRoot) throws IOException {
        Path blocks = storeRoot.resolve("blocks");
        if (!Files.isDirectory(blocks)) {
            return 0;
        }
        try (var walk = Files.walk(blocks)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    /** Files left in a folder (a staging folder should be empty after a fetch, whatever happened). */
    public static long filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }
}
