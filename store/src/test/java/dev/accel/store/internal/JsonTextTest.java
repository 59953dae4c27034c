package dev.accel.store.internal;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTextTest {
    @Test
    void roundTripsWhatTheRegistryWrites() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "org/m \"q\" \\ \n\u0001é");
        m.put("size", 1L << 40);
        m.put("ok", true);
        m.put("none", null);
        m.put("list", List.of(1L, 2.5, "x", Map.of()));
        assertEquals(m, JsonText.parse(JsonText.write(m)));
        assertEquals(m, JsonText.parse(JsonText.writePretty(m)));
    }

    @Test
    void malformedInputIsRefused() {
        for (String bad : new String[] {"", "{", "{\"a\":1,}", "[1 2]", "{\"a\":1,\"a\":2}", "\"\\x\"", "tru", "1 2", "[".repeat(100) + "]".repeat(100)}) {
            AccelException e = assertThrows(AccelException.class, () -> JsonText.parse(bad), bad);
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
        }
    }
}
