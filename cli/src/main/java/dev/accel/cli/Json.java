package dev.accel.cli;

import java.util.List;

/** Just enough JSON writing for the CLI's machine-readable output (values are pre-rendered JSON). */
final class Json {
    private Json() {
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
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
        return b.append('"').toString();
    }

    /** {@code keyValues}: key, rendered value, key, rendered value, ... */
    static String object(String... keyValues) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(str(keyValues[i])).append(": ").append(keyValues[i + 1]);
        }
        return b.append('}').toString();
    }

    static String array(List<String> rendered) {
        return "[" + String.join(", ", rendered) + "]";
    }
}
