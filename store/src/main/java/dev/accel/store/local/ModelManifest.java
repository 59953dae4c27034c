package dev.accel.store.local;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON manifest of a registry entry.
 *
 * @param format  what the model is: {@code onnx}, {@code safetensors}, {@code gguf}, {@code directory},
 *                {@code file}, or what the user said
 * @param size    content bytes (the file's size, or the sum of a directory's files)
 * @param source  where it came from (the imported path, a CAR, a URL)
 * @param profile the import profile's name ({@code unixfs-v1-2025}, ...), or {@code unknown} (CAR imports)
 * @param created when the entry was made
 * @param extra   any other keys, kept as read (later versions add model inputs and outputs here)
 */
public record ModelManifest(String format, long size, String source, String profile, Instant created, Map<String, Object> extra) {
    public ModelManifest {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(created, "created");
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** A manifest without extra keys. */
    public static ModelManifest of(String format, long size, String source, String profile, Instant created) {
        return new ModelManifest(format, size, source, profile, created, Map.of());
    }

    /** The manifest as a JSON-ready map ({@code format, size, source, profile, created}, then the extra keys). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("size", size);
        m.put("source", source);
        m.put("profile", profile);
        m.put("created", created.toString());
        extra.forEach(m::putIfAbsent);
        return m;
    }

    static ModelManifest fromMap(Map<?, ?> m, String where) {
        try {
            Map<String, Object> extra = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (!Map.of("format", 1, "size", 1, "source", 1, "profile", 1, "created", 1).containsKey(k)) {
                    extra.put((String) k, v);
                }
            });
            return new ModelManifest((String) required(m, "format"), ((Number) required(m, "size")).longValue(),
                    (String) required(m, "source"), (String) required(m, "profile"), Instant.parse((String) required(m, "created")), extra);
        } catch (ClassCastException | DateTimeParseException | IllegalArgumentException | NullPointerException e) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "manifest of " + where + " is malformed: " + e.getMessage(), e);
        }
    }

    private static Object required(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing \"" + key + "\"");
        }
        return v;
    }
}
