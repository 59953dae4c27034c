package dev.accel.examples.bert;

import dev.accel.backend.Backend;
import dev.accel.backend.Backends;
import dev.accel.backend.Device;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.Tensor;
import dev.accel.tokenizers.BatchEncoding;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same engine on the CUDA backend: weights uploaded once, every op on the GPU, embeddings within
 * cosine 0.9999 of ONNX Runtime (CPU) at batch 1 and 32. Skips, with the backend's reason, where CUDA is
 * not available.
 */
class BertEncoderCudaTest {
    static final double MIN_COSINE_CUDA = 0.9999;

    private static Device cuda() {
        Backend backend = Backends.all().stream().filter(b -> b.name().equals("cuda")).findFirst().orElse(null);
        assumeTrue(backend != null, "no backend named cuda is registered on the test class path (accel-native-cuda provides none in this build)");
        assumeTrue(backend.availability().available(), () -> "cuda backend unavailable: " + backend.availability().reason());
        return Backends.device("cuda");
    }

    @Test
    void embeddingsMatchOnnxRuntimeOnCuda() {
        Device device = cuda();
        OrtReference ref = OrtReference.get();
        try (BertEncoder encoder = BertEncoder.load(ref.model, MiniLmFiles.MODEL, device)) {
            assertTrue(encoder.uploadedBytes() > 80_000_000L, "weights uploaded once: " + encoder.uploadedBytes() + " bytes");
            try (MemoryScope scope = MemoryScope.shared()) {
                Map<String, Tensor> in = ref.inputs(List.of("The GPU runs every op."), scope);
                Tensor out = encoder.sentenceEmbeddings(in.get(BatchEncoding.INPUT_IDS), in.get(BatchEncoding.ATTENTION_MASK),
                        in.get(BatchEncoding.TOKEN_TYPE_IDS), scope);
                assertEquals(MemoryKind.DEVICE, out.memoryKind(), "the result stays on the device the test asked for");
            }
            BertEncoderTest.assertEmbeddingsMatch(encoder, OrtReference.SENTENCES.subList(0, 1), MIN_COSINE_CUDA);
            BertEncoderTest.assertEmbeddingsMatch(encoder, OrtReference.SENTENCES, MIN_COSINE_CUDA);
        }
    }
}
