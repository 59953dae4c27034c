package dev.accel.jmh.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void readsEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"s\": \"x\\\"y\\u00e9\\n\", \"o\": {}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1.0, -2500.0, true, false), ((List<?>) m.get("a")).subList(0, 4));
        assertNull(((List<?>) m.get("a")).get(4));
        assertEquals("x\"yé\n", m.get("s"));
        assertEquals(Map.of(), m.get("o"));
        assertEquals(List.of("s", "o"), List.copyOf(m.keySet()).subList(1, 3), "key order is kept");
    }

    @Test
    void malformedInputSaysWhereAndWhat() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertTrue(e.getMessage().contains("offset 5") && e.getMessage().contains("',' or ']'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
        assertTrue(e.getMessage().contains("expected ':'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
        assertTrue(e.getMessage().contains("end of input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[1.2.3]"));
        assertTrue(e.getMessage().contains("a number, not '1.2.3'"), e.getMessage());
    }

    @Test
    void nestingIsLimited() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("levels of nesting"), e.getMessage());
    }
}
