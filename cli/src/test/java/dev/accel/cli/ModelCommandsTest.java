package dev.accel.cli;

import dev.accel.memory.MemoryScope;
import dev.accel.model.ModelRuntimes;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.npy.Npy;
import dev.accel.store.local.MappedFile;
import dev.accel.store.local.ModelStore;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.accel.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code accel demo}, {@code run}, {@code embed} and {@code models info} on all-MiniLM-L6-v2, imported once
 * from its carrier jar into a store shared by the tests of this class (the demo test runs first and checks
 * the import; the others reuse the store).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelCommandsTest {
    @TempDir
    static Path tmp;

    static String store() {
        return tmp.resolve("store").toString();
    }

    /** "hello world" and "a b", padded: [CLS] hello world [SEP] / [CLS] a b [SEP]. */
    static final long[] IDS = {101, 7592, 2088, 102, 101, 1037, 1038, 102, 0, 0};
    static final long[] MASK = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0};

    @Test
    @Order(1)
    void demoImportsPrintsSimilarityAndTimingsThenReusesTheStore() {
        MainTest.Result first = run("demo", "--store", store(), "--runs", "3", "--batch", "4", "--batch-runs", "1");
        assertEquals(0, first.code(), first.out() + first.err());
        String out = first.out();
        assertTrue(out.matches("(?s).*import: +all-minilm-l6-v2 -> bafy\\w+ \\(UnixFS directory.*\\) in [0-9.]+ s\n.*"), out);
        assertTrue(out.contains("(first open: verified copy made under files/)"), out);
        assertTrue(out.matches("(?s).*session: +onnxruntime .*providers \\[CPU].*created in [0-9.]+ ms\n.*"), out);
        assertTrue(out.contains("cosine similarity:") && out.matches("(?s).*\n +\\[6] .*1\\.000\n.*"), out);
        assertTrue(out.contains("-> OK"), out);
        assertTrue(out.matches("(?s).*latency: +first inference \\(batch 7\\) [0-9.]+ ms; batch 1, 3 runs: p50 [0-9.]+ ms, p99 [0-9.]+ ms.*"), out);
        assertTrue(out.matches("(?s).*throughput: batch 4, 1 runs: [0-9]+ sentences/s.*"), out);

        MainTest.Result second = run("demo", "--store", store(), "--runs", "2", "--batch", "2", "--batch-runs", "1");
        assertEquals(0, second.code(), second.out() + second.err());
        assertTrue(second.out().contains("(already in the store: reused, nothing imported)"), second.out());
        assertTrue(second.out().contains("(no copy)"), second.out());
        assertEquals(root(out), root(second.out()), "same CID both times");
    }

    @Test
    @Order(2)
    void runWritesOutputsThatMatchTheSessionApi() {
        Path in = tmp.resolve("in");
        Path outDir = tmp.resolve("out");
        try (MemoryScope scope = MemoryScope.confined()) {
            write(in, "ids.npy", Tensor.copyOf(scope, IDS, 2, 5));
            write(in, "mask.npy", Tensor.copyOf(scope, MASK, 2, 5));
            write(in, "types.npy", Tensor.copyOf(scope, new long[10], 2, 5));
        }
        MainTest.Result r = run("run", "all-minilm-l6-v2", "--store", store(), "--input", "input_ids=" + in.resolve("ids.npy"),
                "--input", "attention_mask=" + in.resolve("mask.npy"), "-i", "token_type_ids=" + in.resolve("types.npy"), "--output", outDir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("output_0: f32[2, 5, 384] -> ") && r.out().contains("882: f32[2, 384] -> "), r.out());

        try (ModelStore s = ModelStore.open(Path.of(store()));
             MemoryScope scope = MemoryScope.shared()) {
            var root = s.registry().get("all-minilm-l6-v2").orElseThrow().root();
            MappedFile file = s.open(s.resolve(root, "model.onnx"), scope);
            try (ModelSession session = ModelRuntimes.forFormat("onnx").open(file.memory(), SessionOptions.defaults())) {
                Map<String, Tensor> expected = session.run(Map.of(
                        "input_ids", Npy.map(in.resolve("ids.npy"), scope),
                        "attention_mask", Npy.map(in.resolve("mask.npy"), scope),
                        "token_type_ids", Npy.map(in.resolve("types.npy"), scope)), scope);
                for (String name : new String[] {"output_0", "882"}) {
                    Tensor got = Npy.map(outDir.resolve(name + ".npy"), scope);
                    assertArrayEquals(expected.get(name).shape(), got.shape(), name);
                    float[] want = expected.get(name).toFloatArray();
                    float[] have = got.toFloatArray();
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(want[i], have[i], 1e-5, name + "[" + i + "]");
                    }
                }
            }
        }
    }

    @Test
    @Order(3)
    void runErrorsSayWhatIsExpectedAndHowToGetAMissingCid() {
        Path in = tmp.resolve("in2");
        try (MemoryScope scope = MemoryScope.confined()) {
            write(in, "ids.npy", Tensor.copyOf(scope, IDS, 2, 5));
        }
        String ids = in.resolve("ids.npy").toString();
        MainTest.Result wrongName = run("run", "all-minilm-l6-v2", "--store", store(), "-i", "ids=" + ids);
        assertEquals(1, wrongName.code());
        assertTrue(wrongName.err().contains("unknown input [ids]") && wrongName.err().contains("the model expects [input_ids: i64[batch, batch],"
                + " attention_mask: i64[batch, batch], token_type_ids: i64[batch, batch]]"), wrongName.err());

        String root = registryRoot();
        MainTest.Result notOnnx = run("run", root + "/tokenizer.json", "--store", store(), "-i", "input_ids=" + ids);
        assertEquals(1, notOnnx.code());
        assertTrue(notOnnx.err().contains("not an ONNX model") && notOnnx.err().contains("JSON text"), notOnnx.err());

        String absent = "bafkreiguyq5lbqmkav5tyidh3gxcnv4dqgncb3z74ifbk4x4d7rhazhfqa";
        MainTest.Result unknown = run("run", absent, "--store", store(), "-i", "input_ids=" + ids);
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains(absent + " is not in this store") && unknown.err().contains("accel store import-car FILE.car"), unknown.err());

        MainTest.Result badSpec = run("run", "all-minilm-l6-v2", "--store", store(), "-i", "input_ids");
        assertEquals(2, badSpec.code());
        assertTrue(badSpec.err().contains("NAME=FILE.npy"), badSpec.err());
    }

    @Test
    @Order(4)
    void embedRanksIdenticalSentencesAboveUnrelatedOnesAndWritesNpy() {
        Path npy = tmp.resolve("emb.npy");
        MainTest.Result r = run("embed", "--store", store(), "--json", "--output", npy.toString(),
                "A man is playing a guitar.", "A man is playing a guitar.", "Quarterly revenue grew by twelve percent.");
        assertEquals(0, r.code(), r.out() + r.err());
        Matcher m = Pattern.compile("\"similarity\": \\[\\[([^]]*)]").matcher(r.out());
        assertTrue(m.find(), r.out());
        double[] row0 = Arrays.stream(m.group(1).split(", ")).mapToDouble(Double::parseDouble).toArray();
        assertEquals(1.0, row0[1], 1e-5, "identical sentences");
        assertTrue(row0[2] < 0.5, "unrelated sentence: " + row0[2]);
        try (MemoryScope scope = MemoryScope.confined()) {
            assertArrayEquals(new long[] {3, 384}, Npy.map(npy, scope).shape());
        }
        MainTest.Result text = run("embed", "--store", store(), "hello world", "hello world");
        assertEquals(0, text.code(), text.err());
        // sentence-transformers' all-MiniLM-L6-v2 embedding of "hello world" starts -0.0345, 0.0310, 0.0067, 0.0261
        assertTrue(text.out().contains("norm 1.000000  [-0.0345, 0.0310, 0.0067, 0.0261,"), text.out());
        assertTrue(text.out().contains("cosine similarity:") && text.out().contains("[1]  1.000  1.000"), text.out());
    }

    @Test
    @Order(5)
    void modelsInfoShowsInputsWithSymbolicDims() {
        MainTest.Result r = run("models", "info", "--store", store(), "all-minilm-l6-v2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  input_ids: i64[batch, batch]"), r.out());
        assertTrue(r.out().contains("  output_0: f32[batch, Addoutput_0_dim_1, 384]"), r.out());
        assertTrue(r.out().contains("opsets [ai.onnx 14]") && r.out().contains("model.onnx"), r.out());
        MainTest.Result json = run("models", "info", "--store", store(), "--json", registryRoot() + "/model.onnx");
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().contains("{\"name\": \"input_ids\", \"dtype\": \"i64\", \"shape\": [\"batch\", \"batch\"]}"), json.out());
        MainTest.Result bundledAbsent = run("models", "info", "--store", tmp.resolve("empty").toString(), "all-minilm-l6-v2-q");
        assertEquals(1, bundledAbsent.code());
        assertTrue(bundledAbsent.err().contains("not in this store yet"), bundledAbsent.err());
    }

    @Test
    @Order(6)
    void demoOpsKeepsTheCpuWorkload() {
        MainTest.Result r = run("demo", "ops", "--device", "cpu", "--seq", "9", "--dim", "8", "--iterations", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("-> OK"), r.out());
    }

    private static String registryRoot() {
        try (ModelStore s = ModelStore.open(Path.of(store()))) {
            return s.registry().get("all-minilm-l6-v2").orElseThrow().root().toString();
        }
    }

    private static String root(String demoOut) {
        Matcher m = Pattern.compile("(bafy\\w+)").matcher(demoOut);
        return m.find() ? m.group(1) : demoOut;
    }

    private static void write(Path dir, String name, Tensor t) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Npy.write(dir.resolve(name), t);
    }
}
