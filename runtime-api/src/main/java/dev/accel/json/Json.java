package dev.accel.json;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes JSON by the rules of this package (see {@code package-info.java}): strict RFC 8259 in,
 * {@link Map}/{@link List}/{@link String}/{@link Long}/{@link Double}/{@link Boolean}/{@link #NULL} out, and
 * the same types back to text.
 */
public final class Json {
    /** The JSON {@code null} value; {@link #write} also accepts Java {@code null} for it. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private Json() {
    }

    /**
     * Parses one JSON value (white space around it allowed, nothing else) under {@link JsonLimits#DEFAULT}.
     *
     * @param source names the text in error messages (a file name, "the add answer")
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} naming {@code source}, line and column
     */
    public static Object parse(String text, String source) {
        return parse(text, source, JsonLimits.DEFAULT);
    }

    /** {@link #parse(String, String)} under other limits. */
    public static Object parse(String text, String source, JsonLimits limits) {
        return new JsonParser(text, source, Objects.requireNonNull(limits, "limits")).document();
    }

    /**
     * Parses newline-delimited JSON (NDJSON): one value per line, blank lines skipped, under
     * {@link JsonLimits#DEFAULT} counted over the whole text; errors give the line in the whole text.
     */
    public static List<Object> parseLines(String text, String source) {
        return parseLines(text, source, JsonLimits.DEFAULT);
    }

    /** {@link #parseLines(String, String)} under other limits. */
    public static List<Object> parseLines(String text, String source, JsonLimits limits) {
        return new JsonParser(text, source, Objects.requireNonNull(limits, "limits")).lines();
    }

    /**
     * {@code value} as JSON on one line, members separated by {@code ", "} and keys by {@code ": "} (maps in
     * their iteration order).
     *
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} for a value JSON cannot hold (NaN, an
     *                        infinity, a key that is not a string, a type outside this package's rules)
     */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(value, b, null);
        return b.toString();
    }

    /** {@code value} as JSON indented by two spaces per level, ending with a new line; errors as {@link #write}. */
    public static String writePretty(Object value) {
        StringBuilder b = new StringBuilder();
        write(value, b, "");
        return b.append('\n').toString();
    }

    /** {@code s} as a JSON string literal, quotes included; control characters and lone surrogates escaped. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        quote(s, b);
        return b.toString();
    }

    /** {@code indent == null}: one line; otherwise the current indentation of a pretty document. */
    private static void write(Object v, StringBuilder b, String indent) {
        switch (v) {
            case null -> b.append("null");
            case String s -> quote(s, b);
            case Boolean bool -> b.append(bool);
            case Double d when !Double.isFinite(d) -> throw invalid("JSON has no number " + d);
            case Float f when !Float.isFinite(f) -> throw invalid("JSON has no number " + f);
            case Long n -> b.append(n);
            case Integer n -> b.append(n);
            case Short n -> b.append(n);
            case Byte n -> b.append(n);
            case Double n -> b.append(n);
            case Float n -> b.append(n);
            case Map<?, ?> m -> {
                String inner = indent == null ? null : indent + "  ";
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw invalid("JSON object keys are strings, not " + e.getKey());
                    }
                    separate(b, first, inner);
                    first = false;
                    quote(key, b);
                    b.append(": ");
                    write(e.getValue(), b, inner);
                }
                close(b, m.isEmpty(), indent, '}');
            }
            case List<?> l -> {
                String inner = indent == null ? null : indent + "  ";
                b.append('[');
                for (int k = 0; k < l.size(); k++) {
                    separate(b, k == 0, inner);
                    write(l.get(k), b, inner);
                }
                close(b, l.isEmpty(), indent, ']');
            }
            default -> {
                if (v == NULL) {
                    b.append("null");
                } else {
                    throw invalid("cannot write a " + v.getClass().getName() + " as JSON");
                }
            }
        }
    }

    private static void separate(StringBuilder b, boolean first, String inner) {
        if (inner == null) {
            b.append(first ? "" : ", ");
        } else {
            b.append(first ? "\n" : ",\n").append(inner);
        }
    }

    private static void close(StringBuilder b, boolean empty, String indent, char bracket) {
        if (indent != null && !empty) {
            b.append('\n').append(indent);
        }
        b.append(bracket);
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
                    boolean paired = Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1));
                    if (c < 0x20 || (Character.isSurrogate(c) && !paired)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else if (paired) {
                        b.append(c).append(s.charAt(++k));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static AccelException invalid(String what) {
        return new AccelException(ErrorCode.INVALID_ARGUMENT, what);
    }
}
