package dev.accel.json;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

/**
 * The limits one parse enforces; input over any of them is {@link ErrorCode#MALFORMED_INPUT}. The size of the
 * text itself is the caller's limit (it already holds the text); these bound what parsing builds from it.
 *
 * @param maxDepth       deepest nesting of arrays and objects ({@code [[1]]} is two levels)
 * @param maxStringChars longest string (key or value) in UTF-16 chars, after unescaping
 * @param maxValues      most values in one parse (every object, array, string, number, literal and key
 *                       counts once; for {@link Json#parseLines} the count runs over all lines)
 */
public record JsonLimits(int maxDepth, int maxStringChars, long maxValues) {
    /** 64 levels, 1 Mi chars per string, 4 Mi values: enough for the largest {@code tokenizer.json} files. */
    public static final JsonLimits DEFAULT = new JsonLimits(64, 1 << 20, 1L << 22);

    /** Checks that every limit is at least 1. */
    public JsonLimits {
        if (maxDepth < 1 || maxStringChars < 1 || maxValues < 1) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "JSON limits must be at least 1, got depth " + maxDepth
                    + ", string chars " + maxStringChars + ", values " + maxValues);
        }
    }

    /** These limits with another nesting depth. */
    public JsonLimits withMaxDepth(int depth) {
        return new JsonLimits(depth, maxStringChars, maxValues);
    }

    /** These limits with another longest string. */
    public JsonLimits withMaxStringChars(int chars) {
        return new JsonLimits(maxDepth, chars, maxValues);
    }

    /** These limits with another value count. */
    public JsonLimits withMaxValues(long values) {
        return new JsonLimits(maxDepth, maxStringChars, values);
    }
}
