package dev.accel.store.internal;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the store's own small files (the model registry): values are {@code null},
 * {@link Boolean}, {@link Long} (integers), {@link Double} (other numbers), {@link String}, {@link List}
 * and {@link Map} (insertion-ordered). Input is limited to {@link #MAX_LENGTH} characters and
 * {@link #MAX_DEPTH} levels of nesting.
 */
public final class JsonText {
    /** Longest text {@link #parse} accepts. */
    public static final int MAX_LENGTH = 16 * 1024 * 1024;
    /** Deepest nesting {@link #parse} accepts. */
    public static final int MAX_DEPTH = 64;

    private final String s;
    private int i;

    private JsonText(String s) {
        this.s = s;
    }

    /** Writes {@code value} as compact JSON (maps in their iteration order). */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(value, b, "", false);
        return b.toString();
    }

    /** Writes {@code value} as JSON indented by two spaces per level, ending with a newline. */
    public static String writePretty(Object value) {
        StringBuilder b = new StringBuilder();
        write(value, b, "", true);
        return b.append('\n').toString();
    }

    /** Parses one JSON value; anything else (or trailing text) is {@link ErrorCode#MALFORMED_INPUT}. */
    public static Object parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "JSON text of " + text.length() + " characters is over the limit");
        }
        JsonText p = new JsonText(text);
        Object v = p.value(0);
        p.ws();
        if (p.i != text.length()) {
            throw p.error("text after the JSON value");
        }
        return v;
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder();
        quote(s, b);
        return b.toString();
    }

    private static void write(Object v, StringBuilder b, String indent, boolean pretty) {
        switch (v) {
            case null -> b.append("null");
            case String str -> quote(str, b);
            case Boolean bool -> b.append(bool);
            case Double d when d.isNaN() || d.isInfinite() -> throw new IllegalArgumentException("JSON has no " + d);
            case Number n -> b.append(n);
            case Map<?, ?> m -> {
                b.append('{');
                String inner = indent + "  ";
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    b.append(first ? "" : ",");
                    if (pretty) {
                        b.append('\n').append(inner);
                    }
                    first = false;
                    quote(String.valueOf(e.getKey()), b);
                    b.append(pretty ? ": " : ":");
                    write(e.getValue(), b, inner, pretty);
                }
                if (pretty && !m.isEmpty()) {
                    b.append('\n').append(indent);
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                String inner = indent + "  ";
                for (int k = 0; k < l.size(); k++) {
                    b.append(k == 0 ? "" : ",");
                    if (pretty) {
                        b.append('\n').append(inner);
                    }
                    write(l.get(k), b, inner, pretty);
                }
                if (pretty && !l.isEmpty()) {
                    b.append('\n').append(indent);
                }
                b.append(']');
            }
            default -> throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    private static void quote(String s, StringBuilder b) {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        ws();
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (peek('}')) {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    if (!peek('"')) {
                        throw error("expected a key");
                    }
                    String k = string();
                    ws();
                    expect(':');
                    if (m.put(k, value(depth + 1)) != null) {
                        throw error("duplicate key \"" + k + "\"");
                    }
                    ws();
                    if (peek(',')) {
                        i++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            case '[' -> {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (peek(']')) {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value(depth + 1));
                    ws();
                    if (peek(',')) {
                        i++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            default -> {
                if (s.startsWith("true", i)) {
                    i += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("false", i)) {
                    i += 5;
                    return Boolean.FALSE;
                }
                if (s.startsWith("null", i)) {
                    i += 4;
                    return null;
                }
                return number();
            }
        }
    }

    private Object number() {
        int start = i;
        if (peek('-')) {
            i++;
        }
        boolean integral = true;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                i++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integral = false;
                i++;
            } else {
                break;
            }
        }
        String t = s.substring(start, i);
        try {
            return integral ? (Object) Long.parseLong(t) : (Object) Double.parseDouble(t);
        } catch (NumberFormatException e) {
            i = start;
            throw error("not a JSON value");
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw error("unterminated escape");
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw error("truncated \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    i += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private void ws() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private boolean peek(char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private AccelException error(String what) {
        return new AccelException(ErrorCode.MALFORMED_INPUT, "malformed JSON at character " + i + ": " + what);
    }
}
