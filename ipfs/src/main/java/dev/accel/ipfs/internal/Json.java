package dev.accel.ipfs.internal;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough JSON reading for RPC answers: objects become {@code Map<String, Object>}, arrays
 * {@code List<Object>}, numbers {@code Long} or {@code Double}, and {@code true}/{@code false}/{@code null}
 * their Java values (null as {@link #NULL}). Nesting is limited to 64 levels; malformed text is
 * {@link ErrorCode#MALFORMED_INPUT} naming the offset and where it came from.
 */
public final class Json {
    /** JSON {@code null}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    private static final int MAX_DEPTH = 64;

    private final String text;
    private final String source;
    private int pos;

    private Json(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Parses one JSON value (surrounded by optional white space). */
    public static Object parse(String text, String source) {
        Json p = new Json(text, source);
        p.skipWs();
        Object v = p.value(0);
        p.skipWs();
        if (p.pos != text.length()) {
            throw p.error("trailing characters");
        }
        return v;
    }

    /** Parses newline-delimited JSON values (the streaming answers of {@code add}, {@code dag/import}). */
    public static List<Object> parseLines(String text, String source) {
        List<Object> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(parse(line, source));
            }
        }
        return out;
    }

    /** {@code value} as an object, or a malformed-input error naming {@code what}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new AccelException(ErrorCode.MALFORMED_INPUT, what + " is not a JSON object: " + abbreviate(value));
    }

    /** The string member {@code key} of {@code object}, if present and a string. */
    public static Optional<String> string(Map<String, Object> object, String key) {
        return object.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The string member {@code key}, or a malformed-input error naming {@code what}. */
    public static String requireString(Map<String, Object> object, String key, String what) {
        return string(object, key).orElseThrow(() -> new AccelException(ErrorCode.MALFORMED_INPUT,
                what + " has no string \"" + key + "\": " + abbreviate(object)));
    }

    /** The number member {@code key} (a JSON number or a decimal string), if present. */
    public static Optional<Long> number(Map<String, Object> object, String key) {
        Object v = object.get(key);
        if (v instanceof Long l) {
            return Optional.of(l);
        }
        if (v instanceof Double d) {
            return Optional.of(d.longValue());
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

    static String abbreviate(Object v) {
        String s = String.valueOf(v);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                skipWs();
                if (peek('}')) {
                    pos++;
                    return m;
                }
                while (true) {
                    skipWs();
                    if (!peek('"')) {
                        throw error("expected a member name");
                    }
                    String k = string();
                    skipWs();
                    expect(':');
                    skipWs();
                    m.put(k, value(depth + 1));
                    skipWs();
                    if (peek(',')) {
                        pos++;
                        continue;
                    }
                    expect('}');
                    return m;
                }
            }
            case '[' -> {
                pos++;
                List<Object> l = new ArrayList<>();
                skipWs();
                if (peek(']')) {
                    pos++;
                    return l;
                }
                while (true) {
                    skipWs();
                    l.add(value(depth + 1));
                    skipWs();
                    if (peek(',')) {
                        pos++;
                        continue;
                    }
                    expect(']');
                    return l;
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                literal("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                literal("null");
                return NULL;
            }
            default -> {
                return number();
            }
        }
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String n = text.substring(start, pos);
        if (n.isEmpty()) {
            throw error("unexpected character '" + text.charAt(start) + "'");
        }
        try {
            if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0) {
                return Long.parseLong(n);
            }
            return Double.parseDouble(n);
        } catch (NumberFormatException e) {
            throw error("bad number " + n);
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw error("expected " + word);
        }
        pos += word.length();
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipWs() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private AccelException error(String what) {
        return new AccelException(ErrorCode.MALFORMED_INPUT, "malformed JSON from " + source + " at offset " + pos + ": " + what);
    }
}
