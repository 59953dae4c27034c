package dev.accel.json;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    private static AccelException malformed(String text, String source) {
        AccelException e = assertThrows(AccelException.class, () -> Json.parse(text, source), text);
        assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
        return e;
    }

    @Test
    void parsesValues() {
        Object v = Json.parse(" {\"a\": [1, -2.5, 3e2, true, false, null, \"x\\u00e9\\n\\ud83d\\ude00\"], \"b\": {}} ", "t");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2.5, a.get(1));
        assertEquals(300.0, a.get(2));
        assertEquals(Boolean.TRUE, a.get(3));
        assertEquals(Boolean.FALSE, a.get(4));
        assertSame(Json.NULL, a.get(5));
        assertEquals("xé\n😀", a.get(6));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(List.of("a", "b"), List.copyOf(m.keySet()), "key order is kept");
        assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) Json.parse("{}", "t")).put("k", 1L));
    }

    @Test
    void numbersAreLongsWhenIntegralAndInRangeElseDoubles() {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807", "n"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808", "n"));
        assertEquals(0L, Json.parse("-0", "n"));
        assertEquals(9.223372036854775808e18, Json.parse("9223372036854775808", "n"));
        assertInstanceOf(Double.class, Json.parse("1.0", "n"));
        assertInstanceOf(Double.class, Json.parse("1e2", "n"));
        assertEquals(0.0, Json.parse("1e-999", "n"));
        AccelException e = malformed("[1e999]", "big.json");
        assertTrue(e.getMessage().contains("beyond the range of a double") && e.getMessage().contains("column 2"), e.getMessage());
    }

    @Test
    void rejectsWhatIsNotStrictJson() {
        for (String bad : List.of("", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "01", "1.", "-", "+1", ".5", "1e", "'x'", "{\"a\":1}{",
                "\"\u0001\"", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\ud800\"", "\"\ud800\"", "\"\\udc00\\ud800\"", "{\"a\":1,\"a\":2}", "// c\n1",
                "tru", "nul", "[1 2]", "NaN", "Infinity", "{1:2}", "[1]]", "\"abc", "\"\\", "\u00a01", "1 2")) {
            AccelException e = malformed(bad, "bad.json");
            assertTrue(e.getMessage().startsWith("bad.json: ") && e.getMessage().contains("line "), e.getMessage());
        }
    }

    @Test
    void errorsNameLineAndColumn() {
        AccelException e = malformed("{\n  \"a\": 1,\n  \"a\": 2\n}", "dup.json");
        assertEquals("dup.json: duplicate key \"a\" at line 3, column 3", e.getMessage());
        e = malformed("[1,\n 2,,3]", "x");
        assertTrue(e.getMessage().endsWith("at line 2, column 4"), e.getMessage());
    }

    @Test
    void limitsNesting() {
        int depth = JsonLimits.DEFAULT.maxDepth();
        String deep = "[".repeat(depth + 1) + "]".repeat(depth + 1);
        AccelException e = malformed(deep, "deep");
        assertTrue(e.getMessage().contains("nesting deeper than " + depth), e.getMessage());
        Json.parse("[".repeat(depth) + "]".repeat(depth), "ok");
        String objects = "{\"a\":".repeat(depth + 1) + "1" + "}".repeat(depth + 1);
        assertTrue(malformed(objects, "deep").getMessage().contains("nesting deeper"));
        JsonLimits two = JsonLimits.DEFAULT.withMaxDepth(2);
        Json.parse("[[1]]", "ok", two);
        assertThrows(AccelException.class, () -> Json.parse("[[[1]]]", "deep", two));
    }

    @Test
    void limitsStringsAndValues() {
        JsonLimits limits = new JsonLimits(8, 3, 5);
        assertEquals("abc", Json.parse("\"abc\"", "s", limits));
        assertEquals("é", Json.parse("\"\\u00e9\"", "s", limits));
        AccelException e = assertThrows(AccelException.class, () -> Json.parse("\"abcd\"", "s", limits));
        assertTrue(e.getMessage().contains("string longer than 3"), e.getMessage());
        assertThrows(AccelException.class, () -> Json.parse("{\"abcd\": 1}", "s", limits), "keys count as strings");
        assertEquals(List.of(1L, 2L, 3L, 4L), Json.parse("[1,2,3,4]", "v", limits));
        e = assertThrows(AccelException.class, () -> Json.parse("[1,2,3,4,5]", "v", limits));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
        assertTrue(e.getMessage().contains("more than 5 values"), e.getMessage());
        assertThrows(AccelException.class, () -> Json.parse("{\"a\":1,\"b\":2,\"c\":3}", "v", limits), "keys count as values");
        String big = "\"" + "x".repeat(JsonLimits.DEFAULT.maxStringChars() + 1) + "\"";
        assertTrue(malformed(big, "big").getMessage().contains("string longer than " + JsonLimits.DEFAULT.maxStringChars()));
        AccelException bad = assertThrows(AccelException.class, () -> new JsonLimits(0, 1, 1));
        assertEquals(ErrorCode.INVALID_ARGUMENT, bad.code());
    }

    @Test
    void parsesNdjsonLines() {
        List<Object> lines = Json.parseLines("{\"a\":1}\n\n  [2] \r\n\"x\"\n", "ndjson");
        assertEquals(List.of(Map.of("a", 1L), List.of(2L), "x"), lines);
        assertEquals(List.of(), Json.parseLines(" \n\n", "empty"));
        AccelException e = assertThrows(AccelException.class, () -> Json.parseLines("{\"a\":1}\n{\"a\":2} {\"a\":3}\n", "add answer"));
        assertEquals("add answer: expected a new line after the JSON value (one value per line) at line 2, column 9", e.getMessage());
        e = assertThrows(AccelException.class, () -> Json.parseLines("1\n2\n[3,\n", "lines"));
        assertTrue(e.getMessage().startsWith("lines: ") && e.getMessage().contains("line 4"), e.getMessage());
        assertThrows(AccelException.class, () -> Json.parseLines("1\n2\n3\n", "lines", JsonLimits.DEFAULT.withMaxValues(2)),
                "the value limit counts over all lines");
    }

    @Test
    void writesOneLineAndPretty() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "org/m \"q\" \\ \n\u0001é");
        m.put("size", 1L << 40);
        m.put("ok", true);
        m.put("none", null);
        m.put("list", Arrays.asList(1, 2.5, "x", Map.of(), List.of(), Json.NULL));
        assertEquals("{\"name\": \"org/m \\\"q\\\" \\\\ \\n\\u0001é\", \"size\": 1099511627776, \"ok\": true, \"none\": null, "
                + "\"list\": [1, 2.5, \"x\", {}, [], null]}", Json.write(m));
        assertEquals("""
                {
                  "a": [
                    1,
                    {
                      "b": false
                    }
                  ],
                  "c": {}
                }
                """, Json.writePretty(JsonObjects.of("a", List.of(1L, Map.of("b", false)), "c", Map.of())));
        assertEquals("[]\n", Json.writePretty(List.of()));
        assertEquals("\"tab\\there \\ud800 😀\"", Json.quote("tab\there \ud800 😀"));
    }

    @Test
    void writtenTextParsesBackToAnEqualValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "org/m \"q\" \\ \n\u0001\u001fé\u2028😀");
        m.put("size", Long.MIN_VALUE);
        m.put("big", 1.0e300);
        m.put("small", -4.9e-324);
        m.put("ok", true);
        m.put("none", Json.NULL);
        List<Object> list = new ArrayList<>(List.of(1L, 2.5, "x", Map.of(), List.of(List.of())));
        m.put("list", list);
        assertEquals(m, Json.parse(Json.write(m), "one line"));
        assertEquals(m, Json.parse(Json.writePretty(m), "pretty"));
    }

    @Test
    void refusesToWriteWhatJsonCannotHold() {
        for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Map.of(1, "x"), new Object(), List.of('c'))) {
            AccelException e = assertThrows(AccelException.class, () -> Json.write(bad), String.valueOf(bad));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
    }
}
