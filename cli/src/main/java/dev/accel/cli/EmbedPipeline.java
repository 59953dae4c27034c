package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.model.Dim;
import dev.accel.model.ModelSession;
import dev.accel.model.TensorInfo;
import dev.accel.store.local.MappedFile;
import dev.accel.store.local.ModelStore;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import dev.accel.tokenizers.BatchEncoding;
import dev.accel.tokenizers.Pooling;
import dev.accel.tokenizers.Truncation;
import dev.accel.tokenizers.WordPieceTokenizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Text to sentence embeddings with a model directory from the store ({@code config.json},
 * {@code tokenizer.json}, an ONNX file): WordPiece tokenization, one model run, mean pooling over the
 * attention mask, L2 normalisation (as {@code config.json} says).
 *
 * <p>The token-state output ({@code output_0} for MiniLM) is received without a copy: {@link #embed}
 * allocates an f32 {@code [batch, sequence, dims]} tensor and passes it to
 * {@link ModelSession#run(Map, Map, MemoryScope)}, so ONNX Runtime writes into it. Inputs are copied once
 * from the tokenizer's arrays into tensors (which ONNX Runtime then reads in place).
 *
 * <p>Not thread-safe for concurrent {@link #embed} calls with a shared scope; the session itself may be
 * shared. The pipeline does not own the session.
 */
final class EmbedPipeline {
    private final ModelSession session;
    private final WordPieceTokenizer tokenizer;
    private final String outputName;
    private final int dims;
    private final boolean meanPooling;
    private final boolean normalize;
    private final List<String> inputNames;

    EmbedPipeline(ModelSession session, WordPieceTokenizer tokenizer, ModelConfig config) {
        this.session = session;
        this.tokenizer = tokenizer;
        TensorInfo out = config.string("output").flatMap(n -> session.signature().output(n))
                .or(() -> session.outputs().stream().filter(o -> o.rank() == 3 && o.dtype() == DType.F32).findFirst())
                .orElseThrow(() -> new AccelException(ErrorCode.UNSUPPORTED, "the model has no f32 [batch, sequence, width] output to pool;"
                        + " it produces " + session.signature().describeOutputs()));
        this.outputName = out.name();
        int declared = out.rank() == 3 && out.shape().get(2) instanceof Dim.Fixed(long size) ? Math.toIntExact(size) : -1;
        this.dims = config.integer("dims", declared);
        if (dims <= 0 || (declared > 0 && declared != dims)) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "config.json says dims " + dims + " but the model's output is " + out);
        }
        String pooling = config.string("pooling").orElse("mean");
        if (!pooling.equals("mean")) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "pooling \"" + pooling + "\" is not supported (only \"mean\")");
        }
        this.meanPooling = true;
        this.normalize = config.bool("normalize", true);
        this.inputNames = session.inputs().stream().map(TensorInfo::name).toList();
    }

    /**
     * Loads the tokenizer (mapped from the store, decoded once) and config of {@code model}, for a session
     * already open on its ONNX file.
     *
     * @param onTruncation told about every text cut to the maximum length
     */
    static EmbedPipeline load(ModelStore store, ModelReference model, ModelSession session, Consumer<Truncation> onTruncation) {
        if (!model.directory()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, model.label() + " is a single file; embedding needs a model directory with "
                    + ModelBootstrap.TOKENIZER_FILE + " and " + ModelBootstrap.CONFIG_FILE + " beside the ONNX file");
        }
        ModelConfig config = model.readText(store, ModelBootstrap.CONFIG_FILE)
                .map(t -> ModelConfig.parse(t, model.root() + "/" + ModelBootstrap.CONFIG_FILE))
                .orElse(new ModelConfig(Map.of()));
        WordPieceTokenizer tokenizer;
        try (MemoryScope scope = MemoryScope.confined()) {
            MappedFile json = model.map(store, ModelBootstrap.TOKENIZER_FILE, scope);
            tokenizer = WordPieceTokenizer.fromJson(json.segment().asByteBuffer(), model.root() + "/" + ModelBootstrap.TOKENIZER_FILE);
        }
        int max = config.integer("max_length", 0);
        if (max > 0) {
            tokenizer = tokenizer.withMaxLength(max);
        }
        return new EmbedPipeline(session, tokenizer.onTruncation(onTruncation), config);
    }

    int dims() {
        return dims;
    }

    String outputName() {
        return outputName;
    }

    WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Embeds {@code texts}: an f32 {@code [texts.size(), dims]} tensor owned by {@code scope}, one row per
     * text, L2-normalised when the config says so. Every temporary (token tensors, token states) is also
     * allocated in {@code scope}.
     */
    Tensor embed(List<String> texts, MemoryScope scope) {
        if (texts.isEmpty()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "nothing to embed: give at least one text");
        }
        BatchEncoding enc = tokenizer.encodeBatch(texts);
        Map<String, Tensor> all = enc.copyToTensors(scope);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (String name : inputNames) {
            Tensor t = all.get(name);
            if (t == null) {
                throw new AccelException(ErrorCode.UNSUPPORTED, "the model wants input '" + name + "', which a BERT tokenizer does not make;"
                        + " it expects " + session.signature().describeInputs());
            }
            inputs.put(name, t);
        }
        Tensor hidden = Tensor.zeros(scope, DType.F32, enc.batchSize(), enc.sequenceLength(), dims);
        session.run(inputs, Map.of(outputName, hidden), scope); // ONNX Runtime writes the token states into `hidden`
        Tensor pooled = meanPooling ? Pooling.meanPool(hidden, all.get(BatchEncoding.ATTENTION_MASK), scope) : hidden;
        return normalize ? Pooling.l2NormalizeInPlace(pooled) : pooled;
    }

    /** The rows of a {@code [n, dims]} tensor as arrays (copies). */
    static float[][] rows(Tensor embeddings) {
        int n = Math.toIntExact(embeddings.size(0));
        int d = Math.toIntExact(embeddings.size(1));
        float[] flat = embeddings.toFloatArray();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    /** Cosine similarity of every pair of rows. */
    static double[][] similarity(float[][] rows) {
        double[][] s = new double[rows.length][rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows.length; j++) {
                s[i][j] = Pooling.cosine(rows[i], rows[j]);
            }
        }
        return s;
    }

    /** The matrix as aligned text, with row and column labels {@code [0]}, {@code [1]}, ... */
    static String formatMatrix(double[][] s, String indent) {
        StringBuilder b = new StringBuilder(indent).append("     ");
        for (int j = 0; j < s.length; j++) {
            b.append(String.format(java.util.Locale.ROOT, "%7s", "[" + j + "]"));
        }
        b.append('\n');
        for (int i = 0; i < s.length; i++) {
            b.append(indent).append(String.format(java.util.Locale.ROOT, "%5s", "[" + i + "]"));
            for (double v : s[i]) {
                b.append(String.format(java.util.Locale.ROOT, "%7.3f", v));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
