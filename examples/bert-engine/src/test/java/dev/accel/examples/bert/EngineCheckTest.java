package dev.accel.examples.bert;

import dev.accel.memory.MemoryScope;
import dev.accel.tensor.Tensor;
import dev.accel.tokenizers.BatchEncoding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link EngineCheck} on the CPU against a reference written from ONNX Runtime, and its refusals. */
class EngineCheckTest {
    @TempDir
    static Path dir;
    private static Path referenceFile;
    private static EngineReference reference;

    @BeforeAll
    static void writeReference() {
        OrtReference ref = OrtReference.get();
        List<EngineReference.Batch> batches = new ArrayList<>();
        try (MemoryScope scope = MemoryScope.shared()) {
            batches.add(batch("batch 1", ref, OrtReference.SENTENCES.subList(0, 1), scope));
            batches.add(batch("batch 4", ref, OrtReference.SENTENCES.subList(4, 8), scope));
        }
        Path model = MiniLmFiles.model();
        String sha = EngineReference.sha256(ref.file.hostSegment());
        reference = new EngineReference(MiniLmFiles.MODEL, ref.file.hostSegment().byteSize(), sha, "ONNX Runtime (test)", batches);
        referenceFile = dir.resolve("reference.json");
        reference.write(referenceFile);
        assertTrue(Files.exists(model));
    }

    private static EngineReference.Batch batch(String name, OrtReference ref, List<String> sentences, MemoryScope scope) {
        Map<String, Tensor> in = ref.inputs(sentences, scope);
        Tensor ids = in.get(BatchEncoding.INPUT_IDS);
        return new EngineReference.Batch(name, (int) ids.size(0), (int) ids.size(1), ids.toLongArray(),
                in.get(BatchEncoding.ATTENTION_MASK).toLongArray(), in.get(BatchEncoding.TOKEN_TYPE_IDS).toLongArray(),
                ref.embeddings(in, scope).toFloatArray());
    }

    @Test
    void theReferenceReadsBackAsWritten() {
        EngineReference back = EngineReference.read(referenceFile);
        assertEquals(reference.modelSha256(), back.modelSha256());
        assertEquals(2, back.batches().size());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(reference.batches().get(i).inputIds(), back.batches().get(i).inputIds());
            assertArrayEquals(reference.batches().get(i).embeddings(), back.batches().get(i).embeddings(), "floats survive as JSON doubles");
        }
    }

    @Test
    void theEngineOnTheCpuPassesWithTheCpuBound() {
        Output o = run("--model", MiniLmFiles.model().toString(), "--reference", referenceFile.toString(), "--device", "cpu",
                "--runs", "3", "--json", dir.resolve("result.json").toString());
        assertEquals(0, o.status, o.toString());
        assertTrue(o.out.contains("batch 1 on cpu") && o.out.contains("batch 4 on cpu") && o.out.contains("(bound 0.99999) ok"), o.out);
        assertTrue(Files.exists(dir.resolve("result.json")));
    }

    @Test
    void aWrongEmbeddingFailsWithStatus1() throws Exception {
        String text = Files.readString(referenceFile);
        EngineReference.Batch first = reference.batches().getFirst();
        float[] flipped = first.embeddings().clone();
        for (int i = 0; i < first.hidden(); i++) {
            flipped[i] = -flipped[i];
        }
        Path bad = dir.resolve("flipped.json");
        new EngineReference(reference.model(), reference.modelBytes(), reference.modelSha256(), reference.producer(),
                List.of(new EngineReference.Batch(first.name(), first.batch(), first.sequence(), first.inputIds(), first.attentionMask(),
                        first.tokenTypeIds(), flipped))).write(bad);
        Output o = run("--model", MiniLmFiles.model().toString(), "--reference", bad.toString(), "--device", "cpu", "--runs", "1");
        assertEquals(1, o.status, o.toString());
        assertTrue(o.out.contains("FAILED"), o.out);
        assertTrue(text.startsWith("{\"format\": \"" + EngineReference.FORMAT + "\""), text.substring(0, 60));
    }

    @Test
    void anotherModelFileOrBadArgumentsAreRefusedWithStatus2() throws Exception {
        Path other = dir.resolve("other.onnx");
        Files.writeString(other, "not the model");
        Output wrongModel = run("--model", other.toString(), "--reference", referenceFile.toString(), "--device", "cpu");
        assertEquals(2, wrongModel.status, wrongModel.toString());
        assertTrue(wrongModel.err.contains("13 bytes") && wrongModel.err.contains(reference.modelSha256()), wrongModel.err);

        assertEquals(2, run("--model", "m").status, "--reference is required");
        assertEquals(2, run("--frobnicate", "1").status);
        Output noDevice = run("--model", MiniLmFiles.model().toString(), "--reference", referenceFile.toString(), "--device", "nosuchdevice");
        assertEquals(2, noDevice.status, noDevice.toString());
        assertTrue(noDevice.err.contains("nosuchdevice"), noDevice.err);

        Path notJson = dir.resolve("broken.json");
        Files.writeString(notJson, "{\"format\": \"something-else\"}");
        Output broken = run("--model", MiniLmFiles.model().toString(), "--reference", notJson.toString(), "--device", "cpu");
        assertEquals(2, broken.status, broken.toString());
        assertTrue(broken.err.contains("something-else") && broken.err.contains(EngineReference.FORMAT), broken.err);
    }

    private record Output(int status, String out, String err) {
    }

    private static Output run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = EngineCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
