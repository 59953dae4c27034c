package dev.accel.tokenizers;

import dev.accel.memory.MemoryScope;
import dev.accel.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several texts encoded and right-padded to the longest of them: three {@code [batchSize, sequenceLength]}
 * arrays of i64 in row-major order, named as BERT-style ONNX models name their inputs.
 */
public final class BatchEncoding {
    /** Input names used by {@link #copyToTensors}. */
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final List<Encoding> encodings;
    private final int sequenceLength;
    private final long[] inputIds;
    private final long[] attentionMask;
    private final long[] tokenTypeIds;

    BatchEncoding(List<Encoding> encodings, long padId, long padTypeId) {
        this.encodings = List.copyOf(encodings);
        int longest = 0;
        for (Encoding e : encodings) {
            longest = Math.max(longest, e.length());
        }
        this.sequenceLength = longest;
        int n = Math.multiplyExact(encodings.size(), longest);
        inputIds = new long[n];
        attentionMask = new long[n];
        tokenTypeIds = new long[n];
        for (int b = 0; b < encodings.size(); b++) {
            Encoding e = encodings.get(b);
            int row = b * longest;
            for (int s = 0; s < longest; s++) {
                boolean real = s < e.length();
                inputIds[row + s] = real ? e.ids()[s] : padId;
                tokenTypeIds[row + s] = real ? e.typeIds()[s] : padTypeId;
                attentionMask[row + s] = real ? 1 : 0;
            }
        }
    }

    public int batchSize() {
        return encodings.size();
    }

    /** The padded length: the longest encoding's length. */
    public int sequenceLength() {
        return sequenceLength;
    }

    /** The unpadded encodings, in input order. */
    public List<Encoding> encodings() {
        return encodings;
    }

    /** Token ids, {@code [batchSize * sequenceLength]}, row-major; a copy. */
    public long[] inputIds() {
        return inputIds.clone();
    }

    /** 1 for real tokens, 0 for padding; a copy. */
    public long[] attentionMask() {
        return attentionMask.clone();
    }

    /** Token type (segment) ids; a copy. */
    public long[] tokenTypeIds() {
        return tokenTypeIds.clone();
    }

    /**
     * Copies the three arrays into new i64 host tensors of shape {@code [batchSize, sequenceLength]} owned by
     * {@code scope}, keyed {@value #INPUT_IDS}, {@value #ATTENTION_MASK}, {@value #TOKEN_TYPE_IDS} (in that order).
     * Pass a subset to a model that takes fewer inputs.
     */
    public Map<String, Tensor> copyToTensors(MemoryScope scope) {
        long[] shape = {batchSize(), sequenceLength};
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(INPUT_IDS, Tensor.copyOf(scope, inputIds, shape));
        m.put(ATTENTION_MASK, Tensor.copyOf(scope, attentionMask, shape));
        m.put(TOKEN_TYPE_IDS, Tensor.copyOf(scope, tokenTypeIds, shape));
        return java.util.Collections.unmodifiableMap(m);
    }
}
