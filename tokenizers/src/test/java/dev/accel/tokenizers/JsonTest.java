package dev.accel.tokenizers;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void parsesValues() {
        Object v = Json.parse(" {\"a\": [1, -2.5, 3e2, true, false, null, \"x\\u00e9\\n\\ud83d\\ude00\"], \"b\": {}} ", "t");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2.5, a.get(1));
        assertEquals(300.0, a.get(2));
        assertEquals(Boolean.TRUE, a.get(3));
        assertSame(Json.NULL, a.get(5));
        assertEquals("xé\n😀", a.get(6));
        assertEquals(Map.of(), m.get("b"));
    }

    @Test
    void rejectsWhatIsNotStrictJson() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "01", "1.", "-", "'x'", "{\"a\":1}{", "\"\u0001\"",
                "\"\\x\"", "\"\\ud800\"", "{\"a\":1,\"a\":2}", "// c\n1", "tru", "[1 2]", "NaN")) {
            AccelException e = assertThrows(AccelException.class, () -> Json.parse(bad, "bad.json"), bad);
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
            assertTrue(e.getMessage().startsWith("bad.json: ") && e.getMessage().contains("line "), e.getMessage());
        }
    }

    @Test
    void limitsNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        AccelException e = assertThrows(AccelException.class, () -> Json.parse(deep, "deep"));
        assertTrue(e.getMessage().contains("nesting deeper than " + Json.MAX_DEPTH), e.getMessage());
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        Json.parse(ok, "ok");
    }
}
