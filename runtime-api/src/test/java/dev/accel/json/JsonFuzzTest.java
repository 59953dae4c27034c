package dev.accel.json;

import dev.accel.AccelException;
import dev.accel.testing.MutationFuzzer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the JSON parser with mutated documents. Allowed outcomes: a value whose written text (one line and
 * pretty) parses back to an equal value, or {@link AccelException}. Default: a few thousand inputs per target;
 * {@code -Dfuzz.seconds=N} runs each target for N seconds.
 */
class JsonFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 3000);
    private static final String[] DICTIONARY = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "null", "true", "false", "-1", "0", "-0", "1e999",
            "1e-999", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1.5e+3", "\\u0000", "\\ud800", "\\udc00",
            "\\ud83d\\ude00", "\n", "\r\n", "[[[[[[[[", "\"a\":"};
    private static final List<String> SEEDS = List.of(
            "{\"version\": 1, \"models\": {\"m\": {\"root\": \"bafy\", \"manifest\": {\"size\": 12, \"ok\": true, \"x\": null}}}}",
            "[1, -2.5, 3e2, true, false, null, \"x\\u00e9\\n\\ud83d\\ude00\", {}, []]",
            "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[PAD]\": 0, \"[UNK]\": 1, \"a\": 2}}, \"truncation\": null}",
            "[{\"benchmark\": \"a.B.c\", \"primaryMetric\": {\"score\": 1.5, \"scoreError\": \"NaN\"}}]",
            "{\"Name\":\"a\",\"Hash\":\"bafy\",\"Size\":\"12\"}\n{\"Name\":\"b\",\"Hash\":\"bafz\",\"Size\":\"3\"}\n");

    private static List<byte[]> seeds() {
        return SEEDS.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static void check(MutationFuzzer.Result r) {
        System.out.println(r);
        assertTrue(r.findings().isEmpty(), () -> r + "\n" + String.join("\n\n", r.findings()));
        assertTrue(r.accepted() > 0 && r.refused() > 0, r::toString);
    }

    @Test
    void documents() throws Exception {
        check(new MutationFuzzer("json", AccelException.class).dictionary(DICTIONARY).run(seeds(), ITERATIONS, in -> {
            Object v = Json.parse(new String(in, StandardCharsets.UTF_8), "fuzz.json", new JsonLimits(16, 1 << 16, 1 << 16));
            assertEquals(v, Json.parse(Json.write(v), "written"));
            assertEquals(v, Json.parse(Json.writePretty(v), "written pretty"));
        }));
    }

    @Test
    void ndjsonLines() throws Exception {
        check(new MutationFuzzer("json-lines", AccelException.class).dictionary(DICTIONARY).run(seeds(), ITERATIONS, in -> {
            List<Object> lines = Json.parseLines(new String(in, StandardCharsets.UTF_8), "fuzz.ndjson");
            StringBuilder again = new StringBuilder();
            for (Object v : lines) {
                again.append(Json.write(v)).append('\n');
            }
            assertEquals(lines, Json.parseLines(again.toString(), "written"));
        }));
    }
}
