package dev.accel.tokenizers;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordPieceTokenizerTest {
    static final String[] VOCAB = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "!", ",", "un", "##aff", "##able",
            "cafe", "中", "国", "$", "'", "s", "a", "##a"};

    static String json(String normalizer, String extra) {
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < VOCAB.length; i++) {
            vocab.append(i == 0 ? "" : ",").append('"').append(VOCAB[i]).append("\":").append(i);
        }
        return """
                {"version":"1.0",%s
                 "added_tokens":[{"id":0,"content":"[PAD]","special":true},{"id":3,"content":"[SEP]","special":true,"lstrip":false,"rstrip":false}],
                 "normalizer":%s,
                 "pre_tokenizer":{"type":"BertPreTokenizer"},
                 "post_processor":{"type":"TemplateProcessing",
                   "single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],
                   "special_tokens":{"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]}}},
                 "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":10,"vocab":{%s}}}
                """.formatted(extra, normalizer, vocab);
    }

    static final String BERT = "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":null,\"lowercase\":true}";

    static WordPieceTokenizer tokenizer() {
        return WordPieceTokenizer.fromJson(json(BERT, ""), "test.json");
    }

    @Test
    void normalizesSplitsAndAddsSpecialTokens() {
        Encoding e = tokenizer().encode("Hello,\tWORLD!\u0000 Unaffable CAFÉ 中国$");
        assertEquals(List.of("[CLS]", "hello", ",", "world", "!", "un", "##aff", "##able", "cafe", "中", "国", "$", "[SEP]"), e.tokens());
        assertArrayEquals(new long[]{2, 5, 8, 6, 7, 9, 10, 11, 12, 13, 14, 15, 3}, e.ids());
        assertArrayEquals(new long[13], e.typeIds());
        assertFalse(e.truncated());
    }

    @Test
    void unknownWordsAndOverlongWordsBecomeUnk() {
        assertEquals(List.of("[CLS]", "[UNK]", "[UNK]", "a", "##a", "[SEP]"), tokenizer().encode("xyz aaaaaaaaaaa aa").tokens());
    }

    @Test
    void literalSpecialTokensAreKept() {
        assertEquals(List.of("[CLS]", "hello", "[SEP]", "world", "[SEP]"), tokenizer().encode("hello [SEP] world").tokens());
        assertEquals(List.of("[CLS]", "[UNK]", "[UNK]", "[UNK]", "[SEP]"), tokenizer().encode("[sep]").tokens(), "matching is case-sensitive, before lower-casing");
    }

    @Test
    void truncatesWithAWarningAndPadsBatches() {
        List<Truncation> seen = new ArrayList<>();
        WordPieceTokenizer t = tokenizer().withMaxLength(4).onTruncation(seen::add);
        BatchEncoding b = t.encodeBatch(List.of("hello", "hello world ! hello"));
        assertEquals(List.of(new Truncation(1, 6, 4)), seen);
        assertEquals(2, b.batchSize());
        assertEquals(4, b.sequenceLength());
        assertArrayEquals(new long[]{2, 5, 3, 0, 2, 5, 6, 3}, b.inputIds());
        assertArrayEquals(new long[]{1, 1, 1, 0, 1, 1, 1, 1}, b.attentionMask());
        assertArrayEquals(new long[8], b.tokenTypeIds());
        try (MemoryScope scope = MemoryScope.confined()) {
            Map<String, Tensor> m = b.copyToTensors(scope);
            assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), List.copyOf(m.keySet()));
            assertEquals(DType.I64, m.get("input_ids").dtype());
            assertArrayEquals(new long[]{2, 4}, m.get("attention_mask").shape());
        }
        assertThrows(IllegalArgumentException.class, () -> tokenizer().withMaxLength(2));
    }

    @Test
    void maxLengthComesFromTheFileOrDefaultsTo512() {
        assertEquals(512, tokenizer().maxLength());
        String withTruncation = json(BERT, "\"truncation\":{\"direction\":\"Right\",\"max_length\":128,\"strategy\":\"LongestFirst\",\"stride\":0},");
        assertEquals(128, WordPieceTokenizer.fromJson(withTruncation, "t").maxLength());
    }

    @Test
    void accentsStayWhenLowercaseIsOff() {
        String cased = "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":null,\"lowercase\":false}";
        assertEquals(List.of("[CLS]", "[UNK]", "[SEP]"), WordPieceTokenizer.fromJson(json(cased, ""), "t").encode("CAFÉ").tokens());
    }

    @Test
    void normalizerFollowsHuggingFace() {
        BertNormalizer n = new BertNormalizer(true, true, true, true);
        assertEquals("a b c", n.normalize("a\u00A0b\u3000c"));
        assertEquals("ab", n.normalize("a\u200Bb"), "format characters (Cf) are removed");
        assertEquals("ab", n.normalize("a\u0007\uFFFDb"));
        assertEquals("i", n.normalize("\u0130"), "İ: NFD, mark dropped, lower-cased");
        assertEquals("σ", n.normalize("Σ"), "per-character lower-casing, no final-sigma rule");
        assertEquals(" 中  文 ", n.normalize("中文"));
        assertTrue(BertPreTokenizer.isPunctuation('$') && BertPreTokenizer.isPunctuation('¿') && !BertPreTokenizer.isPunctuation('€'));
    }

    @Test
    void readsFromAByteBuffer() {
        byte[] bytes = json(BERT, "").getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        assertEquals(VOCAB.length, WordPieceTokenizer.fromJson(direct, "direct").vocabSize());
        AccelException e = assertThrows(AccelException.class, () -> WordPieceTokenizer.fromJson(ByteBuffer.wrap(new byte[]{'{', (byte) 0xC3}), "bad"));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
    }

    @Test
    void otherTokenizersAreRefusedByName() {
        AccelException e = assertThrows(AccelException.class, () -> WordPieceTokenizer.fromJson(json(BERT, "").replace("\"type\":\"WordPiece\"", "\"type\":\"BPE\""), "bpe.json"));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("bpe.json") && e.getMessage().contains("BPE"), e.getMessage());
        e = assertThrows(AccelException.class, () -> WordPieceTokenizer.fromJson(json("{\"type\":\"NFC\"}", ""), "nfc.json"));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        e = assertThrows(AccelException.class, () -> WordPieceTokenizer.fromJson("{\"model\":{\"vocab\":{}}}", "empty.json"));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
        assertTrue(e.getMessage().contains("[UNK]"), e.getMessage());
    }
}
