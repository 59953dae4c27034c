package dev.accel.model;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSignatureTest {
    static final ModelSignature SIG = new ModelSignature(
            List.of(new TensorInfo("ids", DType.I64, List.of(Dim.named("batch"), Dim.named("seq"))),
                    new TensorInfo("scale", DType.F32, List.of(Dim.of(3)))),
            List.of(new TensorInfo("out", DType.F32, List.of(Dim.named("batch"), Dim.named("seq"), Dim.of(8))),
                    new TensorInfo("dyn", DType.F32, List.of(Dim.named("?")))));

    @Test
    void describesItself() {
        assertEquals("[ids: i64[batch, seq], scale: f32[3]]", SIG.describeInputs());
        assertEquals("out: f32[batch, seq, 8]", SIG.outputs().getFirst().toString());
    }

    @Test
    void bindsSymbolicAxesAndResolvesOutputs() {
        try (MemoryScope s = MemoryScope.confined()) {
            Map<String, Long> b = SIG.checkInputs(Map.of("ids", Tensor.zeros(s, DType.I64, 2, 5), "scale", Tensor.zeros(s, DType.F32, 3)));
            assertEquals(Map.of("batch", 2L, "seq", 5L), b);
            assertArrayEquals(new long[]{2, 5, 8}, ModelSignature.resolve(SIG.outputs().get(0), b).orElseThrow());
            assertTrue(ModelSignature.resolve(SIG.outputs().get(1), b).isEmpty());
        }
    }

    @Test
    void reportsWhatTheModelExpects() {
        try (MemoryScope s = MemoryScope.confined()) {
            Tensor ids = Tensor.zeros(s, DType.I64, 2, 5);
            AccelException e = assertThrows(AccelException.class, () -> SIG.checkInputs(Map.of("ids", ids)));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertEquals("missing input [scale]; the model expects [ids: i64[batch, seq], scale: f32[3]]", e.getMessage());
            e = assertThrows(AccelException.class, () -> SIG.checkInputs(Map.of("ids", ids, "scale", Tensor.zeros(s, DType.F32, 4))));
            assertEquals(ErrorCode.SHAPE_MISMATCH, e.code());
            assertTrue(e.getMessage().contains("axis 0 must be 3"), e.getMessage());
            e = assertThrows(AccelException.class, () -> SIG.checkInputs(Map.of("ids", Tensor.zeros(s, DType.I32, 2, 5), "scale", Tensor.zeros(s, DType.F32, 3))));
            assertEquals(ErrorCode.SHAPE_MISMATCH, e.code());
            e = assertThrows(AccelException.class, () -> SIG.checkOutputs(Map.of("out", Tensor.zeros(s, DType.F32, 2, 5, 7))));
            assertEquals(ErrorCode.SHAPE_MISMATCH, e.code());
            e = assertThrows(AccelException.class, () -> SIG.checkOutputs(Map.of("out", Tensor.zeros(s, DType.F32, 2, 8, 5).transpose(1, 2))));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            SIG.checkOutputs(Map.of("out", Tensor.zeros(s, DType.F32, 2, 5, 8)));
        }
    }

    @Test
    void sessionOptionsValidate() {
        SessionOptions o = SessionOptions.defaults().withIntraOpThreads(4).withProviders(ExecutionProvider.CUDA, ExecutionProvider.CPU);
        assertEquals(List.of(ExecutionProvider.CUDA, ExecutionProvider.CPU), o.providers());
        assertThrows(IllegalArgumentException.class, () -> SessionOptions.defaults().withProviders());
        assertThrows(IllegalArgumentException.class, () -> SessionOptions.defaults().withProviders(ExecutionProvider.CPU, ExecutionProvider.CPU));
        assertThrows(IllegalArgumentException.class, () -> SessionOptions.defaults().withInterOpThreads(-1));
        assertEquals(ExecutionProvider.OPENVINO, ExecutionProvider.parse("openvino"));
        assertThrows(AccelException.class, () -> ModelRuntimes.get("nonesuch"));
    }
}
