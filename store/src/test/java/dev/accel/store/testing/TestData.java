package dev.accel.store.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Deterministic pseudo-random test data (xorshift64*), streamed without holding it in memory. */
public final class TestData {
    private TestData() {
    }

    /** A stream of {@code length} pseudo-random bytes determined by {@code seed}. */
    public static InputStream stream(long seed, long length) {
        return new InputStream() {
            private long state = seed * 0x9E3779B97F4A7C15L + 1;
            private long remaining = length;
            private long word;
            private int left;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (remaining == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, remaining);
                for (int i = 0; i < n; i++) {
                    if (left == 0) {
                        state ^= state >>> 12;
                        state ^= state << 25;
                        state ^= state >>> 27;
                        word = state * 0x2545F4914F6CDD1DL;
                        left = 8;
                    }
                    b[off + i] = (byte) word;
                    word >>>= 8;
                    left--;
                }
                remaining -= n;
                return n;
            }
        };
    }

    public static byte[] bytes(long seed, int length) {
        try {
            return stream(seed, length).readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Writes {@code length} bytes of {@link #stream} to {@code file}. */
    public static Path write(Path file, long seed, long length) throws IOException {
        try (InputStream in = stream(seed, length); OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        }
        return file;
    }
}
