package dev.accel.examples.bert;

import dev.accel.examples.bert.onnx.OnnxModel;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ModelRuntimes;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import dev.accel.tokenizers.BatchEncoding;
import dev.accel.tokenizers.Pooling;
import dev.accel.tokenizers.WordPieceTokenizer;

import java.util.List;
import java.util.Map;

/**
 * MiniLM mapped once (shared scope, so CPU ops may use every core), parsed by the engine's ONNX reader, and
 * ONNX Runtime's answers for the same inputs: the reference the engine is compared with. One per test JVM.
 */
final class OrtReference {
    static final int MAX_LENGTH = 256;

    /** 32 sentences of different lengths and content (the batch-32 input; the first is the batch-1 input). */
    static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The new movie is awesome!",
            "The cat sits outside",
            "I love pasta; it's my favourite dish.",
            "Embeddings map sentences to vectors in 384 dimensions.",
            "OK",
            "Café au lait, naïve résumé, jalapeño piñata.",
            "我爱自然语言处理。",
            "Привет, как дела? Всё хорошо.",
            "I love it 😍🔥👍",
            "Hello!!! What?! Really... (yes) [no] {maybe}",
            "Price: $19.99, €5, £3, ¥100, 50% off & free #shipping @store",
            "email@example.com https://example.org/path?q=1&r=two#frag",
            "Literal [SEP] and [CLS] and [MASK] tokens",
            "supercalifragilisticexpialidocious antidisestablishmentarianism",
            "A content-addressed store names every block by the hash of its bytes.",
            "Memory-mapped files let the operating system page weights in on demand.",
            "The train to Lisbon was delayed by forty minutes because of a signal failure.",
            "Transformers compute attention between every pair of tokens in a sequence.",
            "Our quarterly revenue grew by twelve percent compared with last year.",
            "Heavy rain is expected across the northern region throughout Thursday.",
            "Zero-copy input means the runtime reads the caller's buffer in place.",
            "The kitten chased a ball of yarn under the sofa and fell asleep there.",
            "Researchers found that regular exercise improves sleep quality in adults.",
            "Quantized models trade a little accuracy for much smaller weights.",
            "The spacecraft entered orbit around Mars after a seven-month journey.",
            "Every native resource should be released exactly once, even on failure.",
            "Customers can return unused items within thirty days for a full refund.",
            "The history of natural language processing generally started in the 1950s, when Alan Turing published"
                    + " an article titled Computing Machinery and Intelligence, which proposed what is now called the Turing test.",
            "Profiling showed that most of the time was spent inside the matrix multiply.");

    private static OrtReference instance;

    final MemoryScope scope = MemoryScope.shared();
    final Memory file;
    final OnnxModel model;
    final WordPieceTokenizer tokenizer;
    private final ModelSession session;

    private OrtReference() {
        file = Memory.mapFile(MiniLmFiles.model(), scope);
        model = OnnxModel.parse(file.hostSegment(), MiniLmFiles.MODEL);
        tokenizer = WordPieceTokenizer.fromJson(MiniLmFiles.tokenizer()).withMaxLength(MAX_LENGTH);
        session = ModelRuntimes.get("onnxruntime").open(file, SessionOptions.defaults());
    }

    static synchronized OrtReference get() {
        if (instance == null) {
            instance = new OrtReference();
        }
        return instance;
    }

    Map<String, Tensor> inputs(List<String> sentences, MemoryScope into) {
        return tokenizer.encodeBatch(sentences).copyToTensors(into);
    }

    /** ONNX Runtime's last hidden state (output_0), f32 [batch, seq, 384]. */
    Tensor hidden(Map<String, Tensor> inputs, MemoryScope into) {
        Tensor ids = inputs.get(BatchEncoding.INPUT_IDS);
        Tensor hidden = Tensor.zeros(into, DType.F32, ids.size(0), ids.size(1), 384);
        synchronized (session) {
            session.run(inputs, Map.of("output_0", hidden), into);
        }
        return hidden;
    }

    /** ONNX Runtime's hidden state pooled the way the CLI's embed pipeline pools it (mean over the mask, L2). */
    Tensor embeddings(Map<String, Tensor> inputs, MemoryScope into) {
        return Pooling.sentenceEmbeddings(hidden(inputs, into), inputs.get(BatchEncoding.ATTENTION_MASK), into);
    }
}
