package dev.accel.jmh.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the report reads JMH's JSON through {@code dev.accel.json} (the parser itself is tested in runtime-api). */
class JsonTest {
    private static final String ENTRY = "{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"forks\": 2, \"warmupIterations\": 3,"
            + " \"measurementIterations\": 4, \"primaryMetric\": {\"score\": 12, \"scoreError\": \"NaN\", \"scoreUnit\": \"us/op\"},"
            + " \"params\": {\"size\": \"64\", \"none\": null}}";

    @Test
    void integersAndFractionsBothReadAsScores() {
        JmhResult r = JmhResult.parseAll("[" + ENTRY + "]").getFirst();
        assertEquals(12.0, r.primary().score(), "a JSON integer is a score too");
        assertTrue(Double.isNaN(r.primary().error()));
        assertEquals(2, r.forks());
        assertEquals(4, r.measurementIterations());
        assertEquals("64", r.param("size"));
        assertEquals("null", r.param("none"));
        JmhResult f = JmhResult.parseAll("[" + ENTRY.replace("\"score\": 12", "\"score\": 1.25e1") + "]").getFirst();
        assertEquals(12.5, f.primary().score());
    }

    @Test
    void fractionalCountsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmhResult.parseAll("[" + ENTRY.replace("\"forks\": 2", "\"forks\": 2.5") + "]"));
        assertTrue(e.getMessage().contains("'forks'") && e.getMessage().contains("not an integer"), e.getMessage());
    }

    @Test
    void malformedJsonSaysWhereAndWhat() {
        for (String bad : List.of("[1, 2", "[{\"a\" 1}]", "[1] x", "[1.2.3]", "[" + "[".repeat(80) + "]".repeat(81), "[{\"a\": 1, \"a\": 2}]")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhResult.parseAll(bad), bad);
            assertTrue(e.getMessage().startsWith("the JMH result file: ") && e.getMessage().contains(" at line 1, column "), e.getMessage());
        }
    }
}
