package dev.accel.openvino;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryScope;
import dev.accel.model.Dim;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.model.TensorInfo;
import dev.accel.openvino.standin.StandIn;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OpenVinoModelRuntime} and {@link OpenVinoSession} over Accel's OpenVINO <b>stand-in</b> (a test
 * double, not OpenVINO): the model comes from a mapped file by address, inputs are viewed in place,
 * outputs are correct, errors are named, and closing frees everything.
 */
class OpenVinoSessionTest {
    @TempDir
    Path dir;

    private StandIn standIn;
    private OpenVinoModelRuntime runtime;

    @BeforeEach
    void setUp() {
        standIn = StandIn.get();
        runtime = new OpenVinoModelRuntime(StandInRuntime.allowed(standIn));
        standIn.reset();
    }

    private Path modelFile() throws IOException {
        return Files.writeString(dir.resolve("model.onnx"), StandIn.MODEL_MAGIC + " v1\n", StandardCharsets.US_ASCII);
    }

    @Test
    void opensFromTheMappedFileWithoutACopyAndDescribesTheModel() throws IOException {
        try (MemoryScope mapping = MemoryScope.confined()) {
            Memory mapped = Memory.mapFile(modelFile(), mapping);
            try (ModelSession session = runtime.open(mapped, SessionOptions.defaults().withIntraOpThreads(2))) {
                assertEquals(mapped.hostSegment().address(), standIn.value("model_str"), "the mapping's own address");
                assertEquals(mapped.byteSize(), standIn.value("model_len"));
                assertEquals("CPU", standIn.text("device"));
                assertEquals("INFERENCE_NUM_THREADS=2", standIn.text("properties"));
                assertEquals(List.of(new TensorInfo("x", DType.F32, List.of(Dim.named("?"), Dim.of(3)))), session.inputs());
                assertEquals("y", session.outputs().getFirst().name());
                assertEquals(List.of(ExecutionProvider.OPENVINO), session.providers());
                assertTrue(session.runtime().startsWith("openvino stand-in 2025.0.0"), session.runtime());
                assertEquals("CPU", session.metadata().get("openvino.device"));
            }
        }
        standIn.assertBalanced();
    }

    @Test
    void runsOnTheCallersInputInPlaceAndCopiesOutputsOut() throws IOException {
        try (MemoryScope scope = MemoryScope.confined(); ModelSession session = runtime.open(Memory.mapFile(modelFile(), scope),
                SessionOptions.defaults(), "NPU")) {
            Tensor x = Tensor.copyOf(scope, new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
            Map<String, Tensor> out = session.run(Map.of("x", x), scope);
            assertEquals(x.asSegment().address(), standIn.value("host_ptr"), "input viewed in place");
            assertEquals("2,3", standIn.text("host_ptr"));
            Tensor y = out.get("y");
            assertArrayEquals(new long[] {2, 3}, y.shape());
            assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11}, y.toFloatArray());
            Map<String, Tensor> again = session.run(Map.of("x", Tensor.copyOf(scope, new float[] {1, 1, 1}, 1, 3)), scope);
            assertArrayEquals(new float[] {3, 3, 3}, again.get("y").toFloatArray());
            assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11}, y.toFloatArray(), "an earlier output is a copy, not reused memory");
            assertEquals(1, standIn.created("infer_request"), "the idle request is reused");
        }
        standIn.assertBalanced();
    }

    @Test
    void aNonContiguousInputIsCopiedFirstAndStillCorrect() throws IOException {
        try (MemoryScope scope = MemoryScope.confined(); ModelSession session = runtime.open(Memory.mapFile(modelFile(), scope),
                SessionOptions.defaults())) {
            Tensor t = Tensor.copyOf(scope, new float[] {0, 1, 2, 3, 4, 5}, 3, 2).transpose(0, 1); // [2,3], strided
            Map<String, Tensor> out = session.run(Map.of("x", t), scope);
            assertNotEquals(t.memory().hostSegment().address(), standIn.value("host_ptr"));
            assertArrayEquals(new float[] {1, 5, 9, 3, 7, 11}, out.get("y").toFloatArray());
        }
        standIn.assertBalanced();
    }

    @Test
    void givenOutputsAreWrittenInPlace() throws IOException {
        try (MemoryScope scope = MemoryScope.confined(); ModelSession session = runtime.open(Memory.mapFile(modelFile(), scope),
                SessionOptions.defaults())) {
            Tensor y = Tensor.zeros(scope, DType.F32, 1, 3);
            Map<String, Tensor> out = session.run(Map.of("x", Tensor.copyOf(scope, new float[] {2, 2, 2}, 1, 3)), Map.of("y", y), scope);
            assertSame(y, out.get("y"));
            assertEquals(y.asSegment().address(), standIn.value("set_output"));
            assertArrayEquals(new float[] {5, 5, 5}, y.toFloatArray());
            assertEquals(0, standIn.created("infer_request") - standIn.freed("infer_request"),
                    "a request given caller outputs is freed, never reused");
        }
        standIn.assertBalanced();
    }

    @Test
    void badInputsAreRefusedBeforeAnyNativeCall() throws IOException {
        try (MemoryScope scope = MemoryScope.confined(); ModelSession session = runtime.open(Memory.mapFile(modelFile(), scope),
                SessionOptions.defaults())) {
            long before = standIn.created("tensor");
            AccelException dtype = assertThrows(AccelException.class,
                    () -> session.run(Map.of("x", Tensor.copyOf(scope, new double[] {1, 2, 3}, 1, 3)), scope));
            assertEquals(ErrorCode.SHAPE_MISMATCH, dtype.code());
            AccelException shape = assertThrows(AccelException.class,
                    () -> session.run(Map.of("x", Tensor.copyOf(scope, new float[] {1, 2}, 1, 2)), scope));
            assertEquals(ErrorCode.SHAPE_MISMATCH, shape.code());
            AccelException name = assertThrows(AccelException.class,
                    () -> session.run(Map.of("z", Tensor.copyOf(scope, new float[] {1, 2, 3}, 1, 3)), scope));
            assertEquals(ErrorCode.INVALID_ARGUMENT, name.code());
            assertEquals(before, standIn.created("tensor"));
        }
        standIn.assertBalanced();
    }

    @Test
    void aFailingInferenceIsNamedAndLeaksNothing() throws IOException {
        try (MemoryScope scope = MemoryScope.confined(); ModelSession session = runtime.open(Memory.mapFile(modelFile(), scope),
                SessionOptions.defaults())) {
            standIn.failNext("ov_infer_request_infer", -4, "stand-in: shapes do not fit");
            AccelException e = assertThrows(AccelException.class,
                    () -> session.run(Map.of("x", Tensor.copyOf(scope, new float[] {1, 2, 3}, 1, 3)), scope));
            assertEquals("PARAMETER_MISMATCH", e.nativeStatus().orElseThrow().name());
            assertTrue(e.getMessage().contains("shapes do not fit"), e.getMessage());
            assertArrayEquals(new float[] {3, 5, 7},
                    session.run(Map.of("x", Tensor.copyOf(scope, new float[] {1, 2, 3}, 1, 3)), scope).get("y").toFloatArray());
        }
        standIn.assertBalanced();
    }

    @Test
    void openErrorsAreClear() throws IOException {
        try (MemoryScope scope = MemoryScope.confined()) {
            Path junk = Files.writeString(dir.resolve("junk.onnx"), "GGUF not a model");
            AccelException malformed = assertThrows(AccelException.class,
                    () -> runtime.open(Memory.mapFile(junk, scope), SessionOptions.defaults()));
            assertEquals(ErrorCode.MALFORMED_INPUT, malformed.code());
            Memory model = Memory.mapFile(modelFile(), scope);
            AccelException device = assertThrows(AccelException.class, () -> runtime.open(model, SessionOptions.defaults(), "GPU"));
            assertEquals("NOT_FOUND", device.nativeStatus().orElseThrow().name());
            assertTrue(device.getMessage().contains("GPU"), device.getMessage());
            AccelException provider = assertThrows(AccelException.class,
                    () -> runtime.open(model, SessionOptions.defaults().withProviders(ExecutionProvider.CUDA)));
            assertEquals(ErrorCode.INVALID_ARGUMENT, provider.code());
            Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
            assertEquals(ErrorCode.MALFORMED_INPUT, assertThrows(AccelException.class,
                    () -> runtime.open(Memory.wrap(scope.allocateHost(0).hostSegment()), SessionOptions.defaults())).code());
            assertTrue(Files.exists(empty));
        }
        standIn.assertBalanced();
    }

    @Test
    void closeFreesEverythingAndLaterRunsFailCleanly() throws IOException {
        ModelSession session;
        try (MemoryScope scope = MemoryScope.confined()) {
            session = runtime.open(Memory.mapFile(modelFile(), scope), SessionOptions.defaults());
            session.run(Map.of("x", Tensor.copyOf(scope, new float[] {1, 2, 3}, 1, 3)), scope);
            session.close();
            session.close();
            assertThrows(IllegalStateException.class,
                    () -> session.run(Map.of("x", Tensor.copyOf(scope, new float[] {1, 2, 3}, 1, 3)), scope));
        }
        assertEquals(1, standIn.freed("compiled_model"));
        assertEquals(1, standIn.freed("infer_request"));
        standIn.assertBalanced();
    }

    @Test
    void runsFromSeveralThreadsAtOnceEachGetTheirOwnResults() throws Exception {
        try (MemoryScope scope = MemoryScope.shared(); ModelSession session = runtime.open(Memory.mapFile(modelFile(), scope),
                SessionOptions.defaults())) {
            List<java.util.concurrent.Callable<Boolean>> jobs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                float v = t;
                jobs.add(() -> {
                    for (int i = 0; i < 25; i++) {
                        try (MemoryScope mine = MemoryScope.confined()) {
                            Tensor y = session.run(Map.of("x", Tensor.copyOf(mine, new float[] {v, v, i}, 1, 3)), mine).get("y");
                            if (!java.util.Arrays.equals(new float[] {2 * v + 1, 2 * v + 1, 2 * i + 1}, y.toFloatArray())) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
            }
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                for (var f : pool.invokeAll(jobs)) {
                    assertTrue(f.get(), "every thread saw its own results");
                }
            } finally {
                pool.shutdown();
            }
            assertTrue(standIn.created("infer_request") <= 4, "at most one request per concurrent run");
        }
        standIn.assertBalanced();
    }

    @Test
    void irModelsShareTheirWeights() throws IOException {
        try (MemoryScope scope = MemoryScope.confined()) {
            Memory weights = scope.allocateHost(256);
            try (ModelSession session = runtime.openIr(Memory.mapFile(modelFile(), scope), weights, SessionOptions.defaults(), "CPU")) {
                assertEquals(weights.hostSegment().address(), standIn.value("weights_data"));
                assertEquals(256, standIn.value("weights_len"));
                assertEquals(1, session.inputs().size());
            }
        }
        standIn.assertBalanced();
    }
}
