package dev.accel.tokenizers;

import java.util.List;

/**
 * One encoded text, special tokens included, not padded. The arrays are the caller's: the tokenizer keeps
 * no reference to them.
 *
 * @param tokens            the token strings ({@code [CLS]}, {@code hello}, {@code ##s}, ..., {@code [SEP]})
 * @param ids               the token ids, one per token
 * @param typeIds           the token type (segment) ids, one per token
 * @param untruncatedLength how many tokens the text had, special tokens included, before truncation
 */
public record Encoding(List<String> tokens, long[] ids, long[] typeIds, int untruncatedLength) {
    public Encoding {
        tokens = List.copyOf(tokens);
        if (ids.length != tokens.size() || typeIds.length != tokens.size()) {
            throw new IllegalArgumentException("tokens, ids and typeIds differ in length");
        }
    }

    public int length() {
        return ids.length;
    }

    /** True when tokens were dropped to fit the maximum length. */
    public boolean truncated() {
        return untruncatedLength > ids.length;
    }
}
