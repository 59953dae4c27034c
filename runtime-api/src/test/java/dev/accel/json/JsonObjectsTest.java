package dev.accel.json;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonObjectsTest {
    private static final Map<String, Object> ANSWER = JsonObjects.object(
            Json.parse("{\"Key\": \"bafy\", \"Size\": 12, \"Str\": \" 34 \", \"Frac\": 1.5, \"Bad\": \"x\", \"N\": null}", "answer"), "the answer");

    @Test
    void readsTypedMembers() {
        assertEquals(Optional.of("bafy"), JsonObjects.string(ANSWER, "Key"));
        assertEquals(Optional.empty(), JsonObjects.string(ANSWER, "Size"), "a number is not a string");
        assertEquals(Optional.empty(), JsonObjects.string(ANSWER, "Missing"));
        assertEquals("bafy", JsonObjects.requireString(ANSWER, "Key", "the answer"));
        assertEquals(Optional.of(12L), JsonObjects.integerOrDecimalString(ANSWER, "Size"));
        assertEquals(Optional.of(34L), JsonObjects.integerOrDecimalString(ANSWER, "Str"));
        for (String key : new String[] {"Frac", "Bad", "N", "Missing", "Key"}) {
            assertEquals(Optional.empty(), JsonObjects.integerOrDecimalString(ANSWER, key), key);
        }
    }

    @Test
    void wrongShapesAreMalformedInputNamingWhat() {
        AccelException e = assertThrows(AccelException.class, () -> JsonObjects.object(Json.parse("[1, 2]", "t"), "the stat answer"));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
        assertEquals("the stat answer is not a JSON object: [1, 2]", e.getMessage());
        e = assertThrows(AccelException.class, () -> JsonObjects.requireString(ANSWER, "Size", "the put answer"));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
        assertTrue(e.getMessage().startsWith("the put answer has no string \"Size\": {\"Key\": \"bafy\""), e.getMessage());
        e = assertThrows(AccelException.class, () -> JsonObjects.object("x".repeat(500), "long"));
        assertTrue(e.getMessage().endsWith("x..."), "long values are cut: " + e.getMessage().length());
    }

    @Test
    void ofBuildsAnOrderedObjectAndRefusesBadPairs() {
        Map<String, Object> m = JsonObjects.of("z", 1L, "a", null, "m", java.util.List.of(true));
        assertEquals("{\"z\": 1, \"a\": null, \"m\": [true]}", Json.write(m));
        for (Object[] bad : new Object[][] {{"a"}, {1, "x"}, {"a", 1, "a", 2}}) {
            AccelException e = assertThrows(AccelException.class, () -> JsonObjects.of(bad), java.util.Arrays.toString(bad));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
    }
}
