package dev.accel.tokenizers;

import dev.accel.testing.MutationFuzzer;
import dev.accel.AccelException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@code tokenizer.json} parsing (and encoding with whatever was parsed) and the encoding of
 * arbitrary text. Allowed outcomes: a tokenizer whose encodings are well formed, or {@link AccelException}.
 * Default: a few thousand inputs per target; {@code -Dfuzz.seconds=N} runs each target for N seconds.
 */
class TokenizerFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 3000);

    private static void check(MutationFuzzer.Result r) {
        System.out.println(r);
        assertTrue(r.findings().isEmpty(), () -> r + "\n" + String.join("\n\n", r.findings()));
        assertTrue(r.accepted() > 0, () -> "no input was accepted: " + r);
    }

    private static void wellFormed(Encoding e, int maxLength) {
        assertEquals(e.ids().length, e.typeIds().length);
        assertEquals(e.ids().length, e.tokens().size());
        assertTrue(e.ids().length <= maxLength, "encoding longer than maxLength");
    }

    @Test
    void tokenizerJson() throws Exception {
        check(new MutationFuzzer("tokenizer-json", AccelException.class)
                .dictionary("{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "-1", "0", "1e999", "9223372036854775808",
                        "\"max_length\":", "\"vocab\":", "\"type\":", "\"WordPiece\"", "\"BertNormalizer\"", "\\u0000", "\\ud800", "[[[[[[[[")
                .run(ITERATIONS, in -> {
                    WordPieceTokenizer t = WordPieceTokenizer.fromJson(ByteBuffer.wrap(in), "fuzz.json").onTruncation(x -> { });
                    for (String text : List.of("Hello, world! unaffable", "", "中国 $ [SEP] " + "a".repeat(40))) {
                        wellFormed(t.encode(text), t.maxLength());
                    }
                    BatchEncoding b = t.encodeBatch(List.of("hello", "world hello a a a"));
                    assertEquals(2, b.batchSize());
                    assertEquals(2L * b.sequenceLength(), b.inputIds().length);
                }));
    }

    @Test
    void arbitraryText() throws Exception {
        WordPieceTokenizer t = WordPieceTokenizerTest.tokenizer().onTruncation(x -> { });
        WordPieceTokenizer shortT = t.withMaxLength(6);
        check(new MutationFuzzer("tokenizer-text").dictionary("\u0301", "\u00e9", "\ud83d\ude00", "##", "[SEP]", "[PAD]", "\u0000", "\t")
                .run(ITERATIONS, in -> {
                    String text = new String(in, StandardCharsets.UTF_8);
                    wellFormed(t.encode(text), t.maxLength());
                    wellFormed(shortT.encode(text), 6);
                }));
    }
}
