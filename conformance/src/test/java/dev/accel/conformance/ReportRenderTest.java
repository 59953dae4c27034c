package dev.accel.conformance;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table and JSON renderers. */
class ReportRenderTest {
    private static ConformanceReport sample() {
        List<CaseResult> rows = List.of(
                new CaseResult("x:0", "add", "f32", "rank 0", Status.PASS, 0, 0, ""),
                new CaseResult("x:0", "add", "f32", "rank 1", Status.FAIL, 0.25, 0.5, "element 3: expected 1, got 1.25 \"quoted\""),
                new CaseResult("x:0", "add", "i32", "calling it anyway", Status.UNSUPPORTED, 0, 0, "supports is false"),
                new CaseResult("x:0", "memory.events", "-", "events", Status.SKIPPED, 0, 0, "the device reports no events"));
        return new ConformanceReport("x", true, "ok", List.of(new ConformanceReport.DeviceInfo("x:0", "GPU", "Test GPU 9000, driver 1.0")),
                KitOptions.standard(), rows, Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void cellsSummariseTheWorstCase() {
        List<ConformanceReport.Cell> cells = sample().cells();
        assertEquals(3, cells.size());
        ConformanceReport.Cell add = cells.getFirst();
        assertEquals(Status.FAIL, add.status());
        assertEquals(1, add.passed());
        assertEquals(2, add.total());
        assertEquals(0.25, add.maxAbsError());
        assertTrue(add.detail().startsWith("rank 1: element 3"), add.detail());
    }

    @Test
    void textTableShowsEveryStatus() {
        String t = ReportTable.text(List.of(sample()));
        assertTrue(t.contains("device x:0 (GPU): Test GPU 9000, driver 1.0"), t);
        assertTrue(t.contains("FAIL 2.5e-01"), t);
        assertTrue(t.contains("unsup"), t);
        assertTrue(t.contains("SKIPPED x:0 memory.events: the device reports no events"), t);
        assertTrue(t.contains("total: 1 cases passed, 1 failed, 1 unsupported, 1 skipped"), t);
    }

    @Test
    void markdownIsATable() {
        String md = ReportTable.markdown(List.of(sample()));
        assertTrue(md.contains("| x:0 | f64 | f32 |"), md);
        assertTrue(md.contains("| add | - | FAIL 2.5e-01 | - | - | - | unsup |"), md);
    }

    @Test
    void jsonEscapesAndCarriesTheEnvironment() {
        String j = ReportJson.write(List.of(sample()));
        assertTrue(j.contains("\"jdk\": \"" + Runtime.version()), j);
        assertTrue(j.contains("\"description\": \"Test GPU 9000, driver 1.0\""), j);
        assertTrue(j.contains("\\\"quoted\\\""), j);
        assertTrue(j.contains("\"failed\": true"), j);
        assertTrue(j.contains("\"date\": \"2026-01-02T03:04:05Z\""), j);
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < j.length(); i++) {
            char c = j.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                assertTrue(depth >= 0, "unbalanced at " + i);
            }
        }
        assertEquals(0, depth, "balanced brackets");
    }
}
