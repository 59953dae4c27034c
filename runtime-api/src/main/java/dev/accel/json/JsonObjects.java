package dev.accel.json;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads from parsed JSON (answers of remote services, configuration files): a value that should be an
 * object, and members that should be strings or integers. A wrong shape is {@link ErrorCode#MALFORMED_INPUT}
 * naming what was read and showing (the first 200 characters of) what was found. {@link #of} builds an
 * ordered object to write.
 */
public final class JsonObjects {
    private JsonObjects() {
    }

    /**
     * A new insertion-ordered, modifiable object for {@link Json#write}: {@code of("name", "a", "size", 3L)}.
     * Values may be {@code null}.
     *
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} for an odd count, a key that is not a string or
     *                        a key given twice
     */
    public static Map<String, Object> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "keys and values come in pairs; got " + keysAndValues.length + " arguments");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "argument " + i + " must be a string key, got " + keysAndValues[i]);
            }
            if (m.containsKey(key)) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "key \"" + key + "\" given twice");
            }
            m.put(key, keysAndValues[i + 1]);
        }
        return m;
    }

    /** {@code value} as an object, or a malformed-input error naming {@code what}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new AccelException(ErrorCode.MALFORMED_INPUT, what + " is not a JSON object: " + abbreviate(value));
    }

    /** The member {@code key} of {@code object} if it is present and a string; empty otherwise. */
    public static Optional<String> string(Map<String, Object> object, String key) {
        return object.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The string member {@code key}, or a malformed-input error naming {@code what}. */
    public static String requireString(Map<String, Object> object, String key, String what) {
        return string(object, key).orElseThrow(() -> new AccelException(ErrorCode.MALFORMED_INPUT,
                what + " has no string \"" + key + "\": " + abbreviate(object)));
    }

    /**
     * The member {@code key} if it is a JSON integer in the range of {@code long}, or a string holding one in
     * decimal (Kubo writes some sizes as strings); empty when absent or anything else (a fraction included).
     */
    public static Optional<Long> integerOrDecimalString(Map<String, Object> object, String key) {
        Object v = object.get(key);
        if (v instanceof Long l) {
            return Optional.of(l);
        }
        if (v instanceof String s) {
            try {
                return Optional.of(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** {@code value}'s text, cut to 200 characters, for error messages. */
    static String abbreviate(Object value) {
        String s;
        try {
            s = Json.write(value);
        } catch (AccelException notJson) {
            s = String.valueOf(value);
        }
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
