package dev.accel.npy;

import dev.accel.testing.MutationFuzzer;
import dev.accel.AccelException;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the {@code .npy} reader (header parser, {@code read} and {@code map}) with mutated files. Allowed
 * outcomes: a tensor whose shape and bytes agree with the header (and survive a write/read round trip), or
 * {@link AccelException}. Default: a few thousand files; {@code -Dfuzz.seconds=N} runs for N seconds.
 */
class NpyFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 1500);

    @Test
    void npyFiles(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("fuzz.npy");
        Path again = tmp.resolve("again.npy");
        MutationFuzzer.Result r = new MutationFuzzer("npy", AccelException.class)
                .dictionary("{", "}", "(", ")", ",", "'descr'", "'shape'", "'fortran_order'", "True", "False", "'<f4'", "'>i8'", "'|b1'",
                        "'<c8'", "18446744073709551616", "-1", "0", "4294967296", "\n", "L", "(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)")
                .run(ITERATIONS, in -> {
                    Files.write(file, in);
                    NpyHeader h = Npy.readHeader(file);
                    assertTrue(h.dataOffset() + h.dataByteSize() <= in.length, "the header announces no more than the file holds");
                    try (MemoryScope scope = MemoryScope.confined()) {
                        Tensor t = Npy.read(file, scope);
                        assertArrayEquals(h.shape(), t.shape());
                        assertEquals(h.numel(), t.numel());
                        if (h.byteOrder() == ByteOrder.nativeOrder() || h.dtype().byteSize() == 1) {
                            Tensor m = Npy.map(file, scope);
                            assertArrayEquals(h.shape(), m.shape());
                        }
                        Files.deleteIfExists(again);
                        Npy.write(again, t);
                        assertArrayEquals(t.shape(), Npy.read(again, scope).shape());
                    }
                });
        System.out.println(r);
        assertTrue(r.findings().isEmpty(), () -> r + "\n" + String.join("\n\n", r.findings()));
        assertTrue(r.accepted() > 0 && r.refused() > 0, r::toString);
    }
}
