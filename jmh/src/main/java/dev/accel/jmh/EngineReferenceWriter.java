package dev.accel.jmh;

import dev.accel.examples.bert.EngineReference;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ModelRuntime;
import dev.accel.model.ModelRuntimes;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import dev.accel.tokenizers.BatchEncoding;
import dev.accel.tokenizers.Pooling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@link EngineReference} that {@code scripts/gpu-bundle.sh --engine} carries to a GPU machine: ONNX
 * Runtime's (CPU) sentence embeddings of {@link ModelFixture#SENTENCES} at batch 1 (the first sentence) and batch 32,
 * with their token ids, for {@code dev.accel.examples.bert.EngineCheck} to compare the engine on CUDA with there.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar dev.accel.jmh.EngineReferenceWriter
 * OUT.json [MODEL_COPY]}; with {@code MODEL_COPY} the model file the reference was made from is also copied there.
 */
public final class EngineReferenceWriter {
    private EngineReferenceWriter() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: EngineReferenceWriter OUT.json [MODEL_COPY]");
            System.exit(2);
        }
        try (ModelFixture fixture = ModelFixture.open(); MemoryScope scope = MemoryScope.shared()) {
            Path modelPath = fixture.modelPath();
            Memory file = Memory.mapFile(modelPath, scope);
            ModelRuntime ort = ModelRuntimes.get("onnxruntime");
            var tokenizer = fixture.tokenizer();
            try (ModelSession session = ort.open(file, SessionOptions.defaults())) {
                EngineReference.Batch one = batch("batch 1", session, tokenizer.encodeBatch(ModelFixture.SENTENCES.subList(0, 1)), scope);
                EngineReference.Batch many = batch("batch 32", session, tokenizer.encodeBatch(ModelFixture.SENTENCES), scope);
                String producer = "ONNX Runtime on CPU through Accel's '" + ort.name() + "' model runtime (" + ort.availability().reason()
                        + "), Pooling.sentenceEmbeddings; " + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors()
                        + " cores";
                new EngineReference(ModelFixture.NAME, file.hostSegment().byteSize(), EngineReference.sha256(file.hostSegment()), producer,
                        List.of(one, many)).write(Path.of(args[0]));
            }
            if (args.length == 2) {
                Files.copy(modelPath, Path.of(args[1]), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.out.println("EngineReferenceWriter: wrote " + args[0]);
    }

    private static EngineReference.Batch batch(String name, ModelSession session, BatchEncoding enc, MemoryScope scope) {
        Map<String, Tensor> in = enc.copyToTensors(scope);
        Tensor ids = in.get(BatchEncoding.INPUT_IDS);
        Tensor hidden = Tensor.zeros(scope, DType.F32, ids.size(0), ids.size(1), 384);
        session.run(in, Map.of("output_0", hidden), scope);
        Tensor mask = in.get(BatchEncoding.ATTENTION_MASK);
        return new EngineReference.Batch(name, (int) ids.size(0), (int) ids.size(1), ids.toLongArray(), mask.toLongArray(),
                in.get(BatchEncoding.TOKEN_TYPE_IDS).toLongArray(), Pooling.sentenceEmbeddings(hidden, mask, scope).toFloatArray());
    }
}
