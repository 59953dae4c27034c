package dev.accel.examples.bert;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Device;
import dev.accel.backend.Ops;
import dev.accel.backend.PreparedMatrix;
import dev.accel.examples.bert.onnx.OnnxModel;
import dev.accel.examples.bert.onnx.OnnxTensor;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A BERT encoder on one {@link Device}, built from {@link Ops} calls only. See the package rules for
 * weights, lifetimes, inputs and outputs.
 *
 * <p>One layer, with {@code x} of shape {@code [batch * sequence, hidden]}:
 * <pre>
 *   q, k, v  = x [Wq Wk Wv] + [bq bk bv]                 (one product over the three weights side by side, then the
 *                                                           bias added in place; q, k, v are column views of its result)
 *   scores   = (q_h k_h^T) * scale + maskBias              (q, k viewed as [batch, heads, seq, head]; no copy)
 *   context  = softmax(scores) v_h                          (written through a permuted view straight into [batch, seq, hidden])
 *   x1       = LayerNorm(context Wo + bo + x)
 *   x'       = LayerNorm(act(x1 Wi + bi) Wout + bout + x1)
 * </pre>
 * The attention mask becomes an additive bias {@code (1 - mask) * float_min}, as the exported ONNX graph does.
 *
 * <p><b>Why no scalar broadcasts.</b> Every elementwise op here has unit inner strides on both operands: scalar
 * constants are rows of {@code maxPositions} equal values narrowed to the sequence, and the attention scale is a
 * {@code binary MUL} rather than {@code scale}. The CPU backend's f32 elementwise loop has a separate path for a
 * broadcast scalar operand; a program that alternates between the two paths makes C2 throw the compiled loop away
 * at each switch ("uncommon trap") and run it interpreted or C1-compiled, without vector intrinsics, for seconds
 * at a time, which made the bias adds 100x slower (see docs/bert-engine.md).
 */
public final class BertEncoder implements AutoCloseable {
    /** The bias added to the scores of padding positions (the most negative f32, as PyTorch's export uses). */
    static final double MASKED = -Float.MAX_VALUE;

    private final Device device;
    private final Ops ops;
    private final BertConfig config;
    private final MemoryScope weightScope;
    private final Tensor word;
    private final Tensor position;
    private final Tensor tokenType;
    private final Tensor[] embNorm;
    private final List<Tensor[]> layers;
    /** Per layer, the product weights, prepared by {@link Ops#prepare}. */
    private final List<LayerProducts> products;
    /**
     * The side-by-side query, key and value weights of every layer (one {@link Ops#concat} each), while a prepared
     * product still reads them (a device whose {@code prepare} keeps its source as it is); closed at load otherwise.
     */
    private final MemoryScope fusedScope;
    private final Tensor ones;
    private final Tensor negMax;
    private final Tensor scoreScale;
    private final Tensor poolGamma;
    private final int copiedWeights;
    private final long uploadedBytes;
    private final long preparedBytes;

    private BertEncoder(BertGraph g, Device device, boolean prepareWeights) {
        this.device = device;
        this.ops = device.ops();
        this.weightScope = MemoryScope.shared();
        this.fusedScope = MemoryScope.shared();
        boolean host = device.defaultMemoryKind().isHostAccessible();
        Loader loader = new Loader(host);
        try {
            word = loader.load(g.wordEmbeddings);
            position = loader.load(g.positionEmbeddings);
            tokenType = loader.load(g.tokenTypeEmbeddings);
            embNorm = new Tensor[] {loader.load(g.embeddingNorm.gamma()), loader.load(g.embeddingNorm.beta())};
            layers = new ArrayList<>();
            for (BertGraph.Layer l : g.layers) {
                layers.add(new Tensor[] {
                        loader.load(l.query().weight()), loader.load(l.query().bias()),
                        loader.load(l.key().weight()), loader.load(l.key().bias()),
                        loader.load(l.value().weight()), loader.load(l.value().bias()),
                        loader.load(l.attentionOutput().weight()), loader.load(l.attentionOutput().bias()),
                        loader.load(l.attentionNorm().gamma()), loader.load(l.attentionNorm().beta()),
                        loader.load(l.intermediate().weight()), loader.load(l.intermediate().bias()),
                        loader.load(l.output().weight()), loader.load(l.output().bias()),
                        loader.load(l.outputNorm().gamma()), loader.load(l.outputNorm().beta())});
            }
            int hidden = Math.toIntExact(word.size(1));
            int intermediate = Math.toIntExact(layers.getFirst()[10].size(1));
            config = new BertConfig(layers.size(), hidden, g.heads, intermediate, word.size(0), position.size(0), tokenType.size(0),
                    g.embeddingNorm.eps(), g.attentionScale, g.activation);
            check(config, g);
            // Constant rows of maxPositions values, narrowed to the sequence: every binary op then has unit inner strides
            // (see the class comment on why the engine never broadcasts a scalar).
            int positions = Math.toIntExact(position.size(0));
            ones = loader.constant(filled(positions, 1f));
            negMax = loader.constant(filled(positions, (float) MASKED));
            scoreScale = loader.constant(filled(positions, (float) g.attentionScale));
            float[] gamma = new float[hidden];
            Arrays.fill(gamma, (float) (1 / Math.sqrt(hidden)));
            poolGamma = loader.constant(gamma);
            copiedWeights = loader.copied;
            uploadedBytes = loader.uploaded;
            products = new ArrayList<>();
            boolean sourcesInUse = false;
            for (Tensor[] w : layers) {
                LayerProducts p = prepareWeights ? prepared(w) : LayerProducts.asIs(device, w);
                sourcesInUse |= p.qkv() != null && p.qkv().preparedBytes() == 0;
                products.add(p);
            }
            if (!sourcesInUse) {
                fusedScope.close();
            }
            preparedBytes = products.stream().mapToLong(LayerProducts::preparedBytes).sum();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The prepared products of one layer's weights {@code w}: query, key and value side by side as one
     * {@code [hidden, 3 hidden]} product (three products of a third of the width each cost more, above all with
     * few rows, where each streams its weights from memory), the other three as they are.
     */
    private LayerProducts prepared(Tensor[] w) {
        Tensor qkvWeight = ops.concat(List.of(w[0], w[2], w[4]), 1, fusedScope);
        Tensor qkvBias = ops.concat(List.of(w[1], w[3], w[5]), 0, weightScope);
        return new LayerProducts(ops.prepare(qkvWeight, weightScope), qkvBias, null,
                ops.prepare(w[6], weightScope), ops.prepare(w[10], weightScope), ops.prepare(w[12], weightScope));
    }

    /**
     * A layer's product weights: {@code qkv} with {@code qkvBias} when query, key and value are one product, else the
     * three {@code separate} ones (in place, with no copy); then the attention output, intermediate and output weights.
     */
    private record LayerProducts(PreparedMatrix qkv, Tensor qkvBias, PreparedMatrix[] separate,
                                 PreparedMatrix attentionOutput, PreparedMatrix intermediate, PreparedMatrix output) {
        static LayerProducts asIs(Device device, Tensor[] w) {
            return new LayerProducts(null, null,
                    new PreparedMatrix[] {PreparedMatrix.asIs(device, w[0]), PreparedMatrix.asIs(device, w[2]), PreparedMatrix.asIs(device, w[4])},
                    PreparedMatrix.asIs(device, w[6]), PreparedMatrix.asIs(device, w[10]), PreparedMatrix.asIs(device, w[12]));
        }

        long preparedBytes() {
            long bytes = attentionOutput.preparedBytes() + intermediate.preparedBytes() + output.preparedBytes();
            return bytes + (qkv != null ? qkv.preparedBytes() : 0);
        }
    }

    /**
     * Builds an encoder for {@code device} from a parsed BERT ONNX model.
     *
     * @throws AccelException {@link ErrorCode#UNSUPPORTED} when the graph is not a BERT encoder this engine can
     *         run (with what was expected and found), or a weight has a dtype other than f32
     */
    public static BertEncoder load(OnnxModel model, String source, Device device) {
        return load(model, source, device, true);
    }

    /**
     * As {@link #load(OnnxModel, String, Device)}; with {@code prepareWeights} false the products read the weights as
     * they are (on the CPU: the views into the mapped file, no copy at all) instead of in the layout
     * {@link Ops#prepare} gives them, which on the CPU costs a packed copy ({@link #preparedBytes()}) and makes
     * small batches several times faster.
     */
    public static BertEncoder load(OnnxModel model, String source, Device device, boolean prepareWeights) {
        return new BertEncoder(BertGraph.read(model, source), device, prepareWeights);
    }

    public BertConfig config() {
        return config;
    }

    public Device device() {
        return device;
    }

    /** Weights that could not be used in place and were copied (typed-field initializers); 0 for MiniLM on CPU. */
    public int copiedWeights() {
        return copiedWeights;
    }

    /** Bytes uploaded to a non-host device at load (0 on CPU, where weights are views). */
    public long uploadedBytes() {
        return uploadedBytes;
    }

    /**
     * Bytes the device's {@link Ops#prepare} holds for the product weights, beyond the weights themselves: on the CPU the
     * packed panels (about the weights' size), 0 when the device reads weights as they are or preparing was turned off.
     */
    public long preparedBytes() {
        return preparedBytes;
    }

    /**
     * The last hidden state, f32 {@code [batch, sequence, hidden]} on this encoder's device, owned by {@code scope}.
     *
     * @throws AccelException {@link ErrorCode#SHAPE_MISMATCH} when the inputs' shapes differ or the sequence is
     *         longer than {@link BertConfig#maxPositions()}; {@link ErrorCode#INVALID_ARGUMENT} for non-integer inputs
     */
    public Tensor lastHiddenState(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds, MemoryScope scope) {
        checkInputs(inputIds, attentionMask, tokenTypeIds);
        try (MemoryScope tmp = MemoryScope.shared()) {
            Tensor out = Tensor.empty(device, scope, DType.F32, inputIds.size(0), inputIds.size(1), config.hidden());
            encode(onDevice(inputIds, tmp), onDevice(attentionMask, tmp), onDevice(tokenTypeIds, tmp), out, tmp);
            return out;
        }
    }

    /**
     * Sentence embeddings: the last hidden state averaged over the positions where the mask is non-zero, then
     * divided by its L2 norm (at least 1e-12). f32 {@code [batch, hidden]} on this encoder's device, owned by {@code scope}.
     */
    public Tensor sentenceEmbeddings(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds, MemoryScope scope) {
        checkInputs(inputIds, attentionMask, tokenTypeIds);
        long batch = inputIds.size(0);
        long seq = inputIds.size(1);
        int hidden = config.hidden();
        try (MemoryScope tmp = MemoryScope.shared()) {
            Tensor mask = onDevice(attentionMask, tmp);
            Tensor hiddenState = Tensor.empty(device, tmp, DType.F32, batch, seq, hidden);
            encode(onDevice(inputIds, tmp), mask, onDevice(tokenTypeIds, tmp), hiddenState, tmp);
            Tensor maskF = ops.cast(mask, DType.F32, tmp);                                          // [B, S]
            Tensor summed = ops.matmul(maskF.unsqueeze(1), hiddenState, tmp).reshape(batch, hidden);   // [B, H]: sum over the mask
            // The mean's division by the token count is skipped: the L2 normalization that follows cancels any positive
            // factor. x / max(|x|, 1e-12) is the RMS norm x / sqrt(mean(x^2) + eps) * (1 / sqrt(H)) = x / sqrt(|x|^2 + eps H);
            // an empty mask gives a zero sum and a zero embedding, as Pooling.sentenceEmbeddings does.
            Tensor out = Tensor.empty(device, scope, DType.F32, batch, hidden);
            ops.rmsNorm(summed, poolGamma, 1e-24 / hidden, out);
            return out;
        }
    }

    private void encode(Tensor ids, Tensor mask, Tensor types, Tensor out, MemoryScope tmp) {
        long batch = ids.size(0);
        long seq = ids.size(1);
        int hidden = config.hidden();
        int heads = config.heads();
        int head = config.headSize();
        long rows = batch * seq;
        double eps = config.layerNormEps();

        // One set of buffers, reused by every layer (allocation zero-fills: per-op allocation would cost a pass per op).
        Tensor x = buffer(tmp, rows, hidden);
        boolean fused = products.isEmpty() || products.getFirst().qkv() != null;
        Tensor qkv = fused ? buffer(tmp, rows, 3L * hidden) : null;
        Tensor q = fused ? qkv.narrow(1, 0, hidden) : buffer(tmp, rows, hidden);
        Tensor k = fused ? qkv.narrow(1, hidden, hidden) : buffer(tmp, rows, hidden);
        Tensor v = fused ? qkv.narrow(1, 2L * hidden, hidden) : buffer(tmp, rows, hidden);
        Tensor scores = buffer(tmp, batch, heads, seq, seq);
        Tensor probs = buffer(tmp, batch, heads, seq, seq);
        Tensor context = buffer(tmp, batch, seq, heads, head);
        Tensor attn = buffer(tmp, rows, hidden);
        Tensor x1 = buffer(tmp, rows, hidden);
        Tensor inter = buffer(tmp, rows, config.intermediate());
        Tensor ffn = buffer(tmp, rows, hidden);

        // Embeddings: word + token type + position, then LayerNorm.
        Tensor emb = ffn.reshape(batch, seq, hidden);
        Tensor typ = attn.reshape(batch, seq, hidden);
        ops.gather(word, ids, emb);
        ops.gather(tokenType, types, typ);
        ops.binary(BinaryOp.ADD, emb, typ, emb);
        ops.binary(BinaryOp.ADD, emb, position.narrow(0, 0, seq), emb);           // [S, H] broadcast over B
        ops.layerNorm(emb, embNorm[0], embNorm[1], eps, x.reshape(batch, seq, hidden));

        // Additive mask bias [B, 1, 1, S]: (1 - mask) * MASKED.
        Tensor maskF = ops.cast(mask, DType.F32, tmp);
        Tensor bias = ops.binary(BinaryOp.SUB, ones.narrow(0, 0, seq), maskF, tmp);
        ops.binary(BinaryOp.MUL, bias, negMax.narrow(0, 0, seq), bias);
        Tensor maskBias = bias.reshape(batch, 1, 1, seq);
        Tensor scale = scoreScale.narrow(0, 0, seq);

        // Per-head views (no copies): q, v as [B, N, S, D], k as [B, N, D, S]; the context written through [B, N, S, D].
        Tensor qh = heads(q, batch, seq).permute(0, 2, 1, 3);
        Tensor kT = heads(k, batch, seq).permute(0, 2, 3, 1);
        Tensor vh = heads(v, batch, seq).permute(0, 2, 1, 3);
        Tensor contextHeads = context.permute(0, 2, 1, 3);
        Tensor contextRows = context.reshape(rows, hidden);
        for (int l = 0; l < layers.size(); l++) {
            Tensor[] w = layers.get(l);
            LayerProducts p = products.get(l);
            if (p.qkv() != null) {
                linear(x, p.qkv(), p.qkvBias(), qkv);
            } else {
                linear(x, p.separate()[0], w[1], q);
                linear(x, p.separate()[1], w[3], k);
                linear(x, p.separate()[2], w[5], v);
            }
            ops.matmul(qh, kT, scores);                                               // [B, N, S, S]
            ops.binary(BinaryOp.MUL, scores, scale, scores);
            ops.binary(BinaryOp.ADD, scores, maskBias, scores);
            ops.softmax(scores, probs);
            ops.matmul(probs, vh, contextHeads);                                      // heads merged back, no copy
            linear(contextRows, p.attentionOutput(), w[7], attn);
            ops.binary(BinaryOp.ADD, attn, x, attn);
            ops.layerNorm(attn, w[8], w[9], eps, x1);
            linear(x1, p.intermediate(), w[11], inter);
            ops.unary(config.activation(), inter, inter);
            linear(inter, p.output(), w[13], ffn);
            ops.binary(BinaryOp.ADD, ffn, x1, ffn);
            ops.layerNorm(ffn, w[14], w[15], eps, l == layers.size() - 1 ? out.reshape(rows, hidden) : x);
        }
        if (layers.isEmpty()) {
            ops.copy(x, out.reshape(rows, hidden));
        }
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }

    /** {@code [rows, hidden]} (possibly a column view of a wider buffer) as {@code [batch, seq, heads, head]}, no copy. */
    private Tensor heads(Tensor t, long batch, long seq) {
        int head = config.headSize();
        long[] strides = t.strides();
        return Tensor.view(t.memory(), t.dtype(), new long[] {batch, seq, config.heads(), head},
                new long[] {seq * strides[0], strides[0], head * strides[1], strides[1]}, t.offset());
    }

    private Tensor buffer(MemoryScope tmp, long... shape) {
        return Tensor.empty(device, tmp, DType.F32, shape);
    }

    /** {@code out = x weight + bias}: the product, then the bias added in place. */
    private void linear(Tensor x, PreparedMatrix weight, Tensor bias, Tensor out) {
        ops.matmul(x, weight, out);
        ops.binary(BinaryOp.ADD, out, bias, out);
    }

    private Tensor onDevice(Tensor t, MemoryScope tmp) {
        boolean here = t.memory().device().map(d -> d.equals(device)).orElse(device.defaultMemoryKind().isHostAccessible()
                && t.memoryKind().isHostAccessible());
        return here ? t : t.to(device, tmp);
    }

    private void checkInputs(Tensor ids, Tensor mask, Tensor types) {
        for (Tensor t : new Tensor[] {ids, mask, types}) {
            if (t.dtype() != DType.I64 && t.dtype() != DType.I32) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "BERT inputs must be i64 or i32 [batch, sequence]; got " + t);
            }
        }
        if (ids.rank() != 2 || !Arrays.equals(ids.shape(), mask.shape()) || !Arrays.equals(ids.shape(), types.shape())) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "input_ids, attention_mask and token_type_ids must all be [batch, sequence]; got "
                    + Arrays.toString(ids.shape()) + ", " + Arrays.toString(mask.shape()) + ", " + Arrays.toString(types.shape()));
        }
        if (ids.size(1) > config.maxPositions()) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "sequence of " + ids.size(1) + " tokens is longer than the model's "
                    + config.maxPositions() + " positions; truncate it (e.g. WordPieceTokenizer.withMaxLength)");
        }
    }

    private static void check(BertConfig c, BertGraph g) {
        if (c.heads() <= 0 || c.hidden() % c.heads() != 0) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "hidden width " + c.hidden() + " is not a multiple of " + c.heads() + " heads");
        }
        for (BertGraph.Layer l : g.layers) {
            for (OnnxTensor w : List.of(l.query().weight(), l.key().weight(), l.value().weight(), l.attentionOutput().weight())) {
                if (!Arrays.equals(w.shape(), new long[] {c.hidden(), c.hidden()})) {
                    throw new AccelException(ErrorCode.UNSUPPORTED, "attention weight '" + w.name() + "' is " + Arrays.toString(w.shape())
                            + ", expected [" + c.hidden() + ", " + c.hidden() + "]");
                }
            }
            if (!Arrays.equals(l.intermediate().weight().shape(), new long[] {c.hidden(), c.intermediate()})
                    || !Arrays.equals(l.output().weight().shape(), new long[] {c.intermediate(), c.hidden()})) {
                throw new AccelException(ErrorCode.UNSUPPORTED, "feed-forward weights '" + l.intermediate().weight().name() + "' and '"
                        + l.output().weight().name() + "' do not have shapes [hidden, intermediate] and [intermediate, hidden]");
            }
        }
    }

    /** Frees the weights uploaded to a device and the prepared ones (the host weights are views). Idempotent. */
    @Override
    public void close() {
        if (weightScope.isAlive()) {
            weightScope.close();
        }
        if (fusedScope.isAlive()) {
            fusedScope.close();
        }
    }

    @Override
    public String toString() {
        return "BertEncoder[" + config + " on " + device.name() + "]";
    }

    /** Turns initializers into tensors the device can use: views on the host, one upload elsewhere. */
    private final class Loader {
        private final boolean host;
        int copied;
        long uploaded;

        Loader(boolean host) {
            this.host = host;
        }

        Tensor load(OnnxTensor t) {
            if (t.dtype() != DType.F32) {
                throw new AccelException(ErrorCode.UNSUPPORTED, "weight '" + t.name() + "' is " + t.dtype() + "; this engine runs f32 models");
            }
            Tensor src;
            if (t.isView()) {
                src = t.view();
            } else {
                src = t.copyTo(weightScope);
                copied++;
            }
            if (host) {
                return src;
            }
            uploaded += src.byteSize();
            return src.to(device, weightScope);
        }

        Tensor constant(float[] values) {
            Tensor t = Tensor.copyOf(weightScope, values, values.length == 1 ? new long[0] : new long[] {values.length});
            return host ? t : t.to(device, weightScope);
        }
    }
}
