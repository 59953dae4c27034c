package dev.accel.examples.bert;

import dev.accel.backend.UnaryOp;

/**
 * The shape of a BERT encoder, as read from its weights and graph (all-MiniLM-L6-v2: 6 layers, hidden 384,
 * 12 heads, intermediate 1536, vocabulary 30522, 512 positions, 2 token types, GELU (erf), eps 1e-12).
 *
 * @param layers transformer layers
 * @param hidden hidden width
 * @param heads attention heads ({@code hidden / heads} is the head size)
 * @param intermediate feed-forward width
 * @param vocabulary rows of the word-embedding table
 * @param maxPositions rows of the position-embedding table (the longest sequence)
 * @param tokenTypes rows of the token-type table
 * @param layerNormEps the LayerNorm epsilon
 * @param attentionScale the factor applied to {@code q k^T} (normally {@code 1 / sqrt(head size)})
 * @param activation the feed-forward activation
 */
public record BertConfig(int layers, int hidden, int heads, int intermediate, long vocabulary, long maxPositions, long tokenTypes,
                         double layerNormEps, double attentionScale, UnaryOp activation) {
    public int headSize() {
        return hidden / heads;
    }
}
