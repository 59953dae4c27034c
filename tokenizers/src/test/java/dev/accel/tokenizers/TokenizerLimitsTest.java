package dev.accel.tokenizers;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The size limit of {@code tokenizer.json} is checked before a byte is parsed, and named. */
class TokenizerLimitsTest {
    @Test
    void jsonOverTheSizeLimitIsRefusedNamingIt() {
        ByteBuffer big = ByteBuffer.allocateDirect(WordPieceTokenizer.MAX_JSON_BYTES + 1);
        AccelException e = assertThrows(AccelException.class, () -> WordPieceTokenizer.fromJson(big, "huge.json"));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
        assertTrue(e.getMessage().contains("huge.json") && e.getMessage().contains(Integer.toString(WordPieceTokenizer.MAX_JSON_BYTES)),
                e.getMessage());
    }

    @Test
    void maxLengthThatLeavesNoRoomForTextIsMalformedInput() {
        String json = WordPieceTokenizerTest.json(WordPieceTokenizerTest.BERT, "\"truncation\":{\"max_length\":2},");
        AccelException e = assertThrows(AccelException.class, () -> WordPieceTokenizer.fromJson(json, "t.json"));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
        assertTrue(e.getMessage().contains("max_length"), e.getMessage());
        assertEquals(3, WordPieceTokenizer.fromJson(WordPieceTokenizerTest.json(WordPieceTokenizerTest.BERT,
                "\"truncation\":{\"max_length\":3},"), "t.json").maxLength());
    }
}
