package dev.accel.tokenizers;

/**
 * Reported to the tokenizer's truncation listener when a text had more tokens than the maximum length and
 * its end was dropped (the closing special tokens are kept).
 *
 * @param index             the text's position in the batch (0 for a single text)
 * @param untruncatedLength tokens the text had, special tokens included
 * @param maxLength         tokens kept, special tokens included
 */
public record Truncation(int index, int untruncatedLength, int maxLength) {
    @Override
    public String toString() {
        return "text " + index + " has " + untruncatedLength + " tokens; truncated to the maximum of " + maxLength;
    }
}
