package dev.accel.cpu.onnx;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.model.Dim;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelRuntime;
import dev.accel.model.ModelRuntimes;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.model.TensorInfo;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import dev.accel.tokenizers.BatchEncoding;
import dev.accel.tokenizers.Pooling;
import dev.accel.tokenizers.WordPieceTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxModelRuntimeTest {
    private static final List<String> SENTENCES = List.of("A man is eating food.", "A man is eating a piece of bread.",
            "The new movie is awesome!", "Der Himmel ist blau.");

    static MemoryScope modelScope;
    static ModelSession session;
    static WordPieceTokenizer tokenizer;

    @BeforeAll
    static void open() {
        modelScope = MemoryScope.shared();
        Memory mapped = Memory.mapFile(MiniLmFiles.model(), modelScope);
        assertEquals(MemoryKind.MAPPED_FILE, mapped.kind());
        session = ModelRuntimes.forFormat("onnx").open(mapped, SessionOptions.defaults().withIntraOpThreads(2));
        tokenizer = WordPieceTokenizer.fromJson(MiniLmFiles.tokenizer()).withMaxLength(256);
    }

    @AfterAll
    static void close() {
        session.close();
        modelScope.close();
    }

    @Test
    void runtimeIsDiscoveredAndReportsItsProviders() {
        ModelRuntime rt = ModelRuntimes.get("onnxruntime");
        assertEquals("onnx", rt.format());
        assertTrue(rt.availability().available(), rt.availability().reason());
        assertTrue(rt.availability().reason().contains(OnnxModelRuntime.version()), rt.availability().reason());
        assertTrue(rt.providers().contains(ExecutionProvider.CPU), rt.providers().toString());
        assertTrue(session.runtime().startsWith("onnxruntime 1."), session.runtime());
    }

    @Test
    void metadataIsKnownBeforeRunning() {
        List<TensorInfo> in = session.inputs();
        assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), in.stream().map(TensorInfo::name).toList());
        for (TensorInfo i : in) {
            assertEquals(DType.I64, i.dtype(), i.toString());
            assertEquals(2, i.rank(), i.toString());
            assertTrue(i.shape().stream().noneMatch(Dim::isFixed), "batch and sequence axes are symbolic: " + i);
        }
        // As shipped: [output_0: f32[batch, Addoutput_0_dim_1, 384], 882: f32[batch, 384]] (token states, pooler output).
        TensorInfo out = session.outputs().getFirst();
        assertEquals(DType.F32, out.dtype());
        assertEquals(3, out.rank());
        assertEquals(Dim.of(384), out.shape().get(2), out.toString());
        assertEquals(List.of(ExecutionProvider.CPU), session.providers());
        // The MiniLM file sets no model_version: ONNX Runtime reports INT64_MAX for that, which is not shown.
        assertTrue(!session.metadata().containsKey("model_version") && session.metadata().containsKey("producer"), session.metadata().toString());
    }

    @Test
    void embedsSentencesIntoOutputScope() {
        try (MemoryScope scope = MemoryScope.confined()) {
            BatchEncoding enc = tokenizer.encodeBatch(SENTENCES);
            Map<String, Tensor> inputs = enc.copyToTensors(scope);
            Map<String, Tensor> out = session.run(inputs, scope);
            Tensor hidden = out.get(session.outputs().getFirst().name());
            assertArrayEquals(new long[]{SENTENCES.size(), enc.sequenceLength(), 384}, hidden.shape());
            assertSame(scope, hidden.memory().scope(), "outputs are allocated in the caller's scope");
            Tensor emb = Pooling.sentenceEmbeddings(hidden, inputs.get(BatchEncoding.ATTENTION_MASK), scope);
            float[] e = emb.toFloatArray();
            float[][] rows = new float[SENTENCES.size()][384];
            for (int b = 0; b < rows.length; b++) {
                System.arraycopy(e, b * 384, rows[b], 0, 384);
                assertEquals(1.0, Pooling.cosine(rows[b], rows[b]), 1e-6);
            }
            double close = Pooling.cosine(rows[0], rows[1]);
            double far = Pooling.cosine(rows[0], rows[2]);
            assertTrue(close > 0.6 && far < 0.3 && close > far, "similar sentences score higher: " + close + " vs " + far);
        }
    }

    @Test
    void callerAllocatedOutputsAreFilledInPlace() {
        try (MemoryScope scope = MemoryScope.confined()) {
            BatchEncoding enc = tokenizer.encodeBatch(SENTENCES);
            Map<String, Tensor> inputs = enc.copyToTensors(scope);
            float[] copied = session.run(inputs, scope).get("output_0").toFloatArray();
            Tensor mine = Tensor.zeros(scope, DType.F32, enc.batchSize(), enc.sequenceLength(), 384);
            Map<String, Tensor> out = session.run(inputs, Map.of("output_0", mine), scope);
            assertSame(mine, out.get("output_0"));
            assertEquals(List.copyOf(session.outputs().stream().map(TensorInfo::name).toList()), List.copyOf(out.keySet()));
            assertArrayEquals(copied, mine.toFloatArray(), 0f);
        }
    }

    @Test
    void nonContiguousInputsGiveTheSameResult() {
        try (MemoryScope scope = MemoryScope.confined()) {
            Map<String, Tensor> inputs = tokenizer.encodeBatch(SENTENCES.subList(0, 2)).copyToTensors(scope);
            float[] expected = session.run(inputs, scope).values().iterator().next().toFloatArray();
            Map<String, Tensor> strided = new HashMap<>();
            inputs.forEach((name, t) -> {
                Tensor transposedCopy = Tensor.zeros(scope, t.dtype(), t.size(1), t.size(0));
                t.transpose(0, 1).copyTo(transposedCopy);
                strided.put(name, transposedCopy.transpose(0, 1)); // same values, column-major view
            });
            assertTrue(!strided.get("input_ids").isContiguous());
            float[] actual = session.run(strided, scope).values().iterator().next().toFloatArray();
            assertArrayEquals(expected, actual, 1e-5f);
        }
    }

    @Test
    void wrongInputsListWhatTheModelExpects() {
        try (MemoryScope scope = MemoryScope.confined()) {
            Map<String, Tensor> good = tokenizer.encodeBatch(SENTENCES).copyToTensors(scope);

            Map<String, Tensor> renamed = new HashMap<>(good);
            renamed.put("ids", renamed.remove("input_ids"));
            AccelException e = assertThrows(AccelException.class, () -> session.run(renamed, scope));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("unknown input [ids]") && e.getMessage().contains("missing input [input_ids]")
                    && e.getMessage().contains("input_ids: i64["), e.getMessage());

            Map<String, Tensor> wrongType = new HashMap<>(good);
            wrongType.put("attention_mask", Tensor.zeros(scope, DType.I32, 4, good.get("input_ids").size(1)));
            e = assertThrows(AccelException.class, () -> session.run(wrongType, scope));
            assertEquals(ErrorCode.SHAPE_MISMATCH, e.code());
            assertTrue(e.getMessage().contains("dtype i32") && e.getMessage().contains("expects i64"), e.getMessage());

            Map<String, Tensor> wrongRank = new HashMap<>(good);
            wrongRank.put("token_type_ids", Tensor.zeros(scope, DType.I64, 4));
            e = assertThrows(AccelException.class, () -> session.run(wrongRank, scope));
            assertEquals(ErrorCode.SHAPE_MISMATCH, e.code());
            assertTrue(e.getMessage().contains("rank 1") && e.getMessage().contains("expects rank 2"), e.getMessage());

            // Symbolic sizes that disagree are ONNX Runtime's to judge (the model names both axes "batch").
            Map<String, Tensor> disagree = new HashMap<>(good);
            disagree.put("token_type_ids", Tensor.zeros(scope, DType.I64, 3, good.get("input_ids").size(1)));
            e = assertThrows(AccelException.class, () -> session.run(disagree, scope));
            assertTrue(e.code() == ErrorCode.SHAPE_MISMATCH || e.code() == ErrorCode.NATIVE_ERROR, e.code().toString());
            assertTrue(e.getMessage().contains("the model expects [input_ids: i64[") && e.nativeStatus().isPresent(), e.getMessage());

            Map<String, Tensor> badOut = Map.of("output_0", Tensor.zeros(scope, DType.F32, 4, 2, 383));
            e = assertThrows(AccelException.class, () -> session.run(good, badOut, scope));
            assertEquals(ErrorCode.SHAPE_MISMATCH, e.code());
            assertTrue(e.getMessage().contains("the model produces output_0: f32["), e.getMessage());

            Map<String, Tensor> wrongShapeOut = Map.of("output_0", Tensor.zeros(scope, DType.F32, 4, 2, 384));
            e = assertThrows(AccelException.class, () -> session.run(good, wrongShapeOut, scope));
            assertTrue(e.getMessage().contains("and produces [output_0: f32["), e.getMessage());

            e = assertThrows(AccelException.class, () -> session.run(good, Map.of("pooled", Tensor.zeros(scope, DType.F32, 4, 384)), scope));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("unknown output [pooled]") && e.getMessage().contains("882: f32[batch, 384]"), e.getMessage());
        }
    }

    @Test
    void aFileThatIsNotOnnxGivesAClearError() throws Exception {
        try (MemoryScope scope = MemoryScope.confined()) {
            Memory json = Memory.mapFile(MiniLmFiles.tokenizer(), scope);
            AccelException e = assertThrows(AccelException.class, () -> ModelRuntimes.get("onnxruntime").open(json, SessionOptions.defaults()));
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("not an ONNX model") && e.getMessage().contains("JSON text"), e.getMessage());
            assertTrue(e.nativeStatus().isPresent() && e.nativeStatus().get().library().equals("onnxruntime"), String.valueOf(e.nativeStatus()));

            Path empty = Files.createTempFile("empty", ".onnx");
            try {
                Memory none = scope.allocateHost(0);
                e = assertThrows(AccelException.class, () -> ModelRuntimes.get("onnxruntime").open(none, SessionOptions.defaults()));
                assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
            } finally {
                Files.delete(empty);
            }
        }
    }

    @Test
    void aMissingExecutionProviderIsNamedWithThoseAvailable() {
        ModelRuntime rt = ModelRuntimes.get("onnxruntime");
        for (ExecutionProvider p : List.of(ExecutionProvider.CUDA, ExecutionProvider.OPENVINO, ExecutionProvider.COREML, ExecutionProvider.QNN)) {
            if (rt.providers().contains(p)) {
                continue; // a build that has it (e.g. onnxruntime_gpu) cannot show the error
            }
            try (MemoryScope scope = MemoryScope.confined()) {
                Memory mapped = Memory.mapFile(MiniLmFiles.model(), scope);
                AccelException e = assertThrows(AccelException.class, () -> rt.open(mapped, SessionOptions.defaults().withProviders(p, ExecutionProvider.CPU)));
                assertEquals(ErrorCode.BACKEND_UNAVAILABLE, e.code());
                assertTrue(e.getMessage().contains("execution provider " + p + " not present in this build")
                        && e.getMessage().contains("available: [CPU"), e.getMessage());
            }
        }
    }

    @Test
    void sessionNeedsNoModelBytesAfterOpenAndClosesIdempotently() {
        ModelSession own;
        try (MemoryScope scope = MemoryScope.confined()) {
            own = ModelRuntimes.get("onnxruntime").open(Memory.mapFile(MiniLmFiles.quantizedModel(), scope),
                    SessionOptions.defaults().withOptimization(SessionOptions.OptimizationLevel.BASIC).withIntraOpThreads(1));
        } // the mapping is gone
        try (MemoryScope scope = MemoryScope.confined()) {
            Map<String, Tensor> out = own.run(tokenizer.encodeBatch(List.of("still works")).copyToTensors(scope), scope);
            assertEquals(384, out.values().iterator().next().size(2));
        }
        own.close();
        own.close();
        assertThrows(IllegalStateException.class, own::inputs);
        try (MemoryScope scope = MemoryScope.confined()) {
            assertThrows(IllegalStateException.class, () -> own.run(Map.of(), scope));
        }
    }
}
