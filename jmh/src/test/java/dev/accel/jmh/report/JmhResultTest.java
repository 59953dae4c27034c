package dev.accel.jmh.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JmhResultTest {
    @Test
    void readsTheFixture() throws IOException {
        List<JmhResult> results = JmhResult.parseAll(Fixtures.json());
        assertEquals(5, results.size());
        JmhResult first = results.getFirst();
        assertEquals("MatmulBenchmark.sgemm", first.shortName());
        assertEquals("sgemm", first.method());
        assertEquals("thrpt", first.mode());
        assertEquals(Map.of("n", "2048", "threads", "1", "using", "accel"), first.params());
        assertEquals(2, first.forks());
        assertEquals(5, first.measurementIterations());
        assertEquals("2 s", first.measurementTime());
        assertEquals(new JmhResult.Metric(4.0, 0.1, "ops/s"), first.primary());
        assertEquals(new JmhResult.Metric(8.0e10, 3.0e9, "ops/s"), first.secondary().get("flop"));
        JmhResult sample = results.get(3);
        assertTrue(Double.isNaN(sample.secondary().get("p0.50").error()), "JMH writes a missing error as \"NaN\"");
        assertEquals(5900.0, sample.secondary().get("p0.50").score());
    }

    @Test
    void missingFieldsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmhResult.parseAll("[{\"benchmark\": \"a.B.c\", \"mode\": \"thrpt\", \"forks\": 1}]"));
        assertTrue(e.getMessage().startsWith("result 0: ") && e.getMessage().contains("primaryMetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JmhResult.parseAll("{}"));
        assertTrue(e.getMessage().contains("JSON array"), e.getMessage());
        JmhResult r = JmhResult.parseAll(Fixtures.jsonUnchecked()).getFirst();
        e = assertThrows(IllegalArgumentException.class, () -> r.param("size"));
        assertTrue(e.getMessage().contains("no parameter 'size'"), e.getMessage());
    }

    @Test
    void machineFileFieldsAndContinuationLines(@TempDir Path dir) throws IOException {
        BenchmarkRun run = BenchmarkRun.read(Fixtures.copyTo(dir));
        assertEquals(Fixtures.NAME, run.name());
        assertEquals("2026-01-02T03:04:05Z", run.date());
        assertEquals("Test CPU 9000", run.field("cpu"));
        assertTrue(run.field("jdk").endsWith("\n(/usr/lib/jvm/temurin-25-jdk-amd64)"), run.field("jdk"));
        assertEquals("0.70 0.50 0.30", run.field("load at end"));
        assertEquals("", run.field("no such field"));
        assertEquals(2, run.forks());
        assertEquals("25.0.3", Markdown.jdk(run.field("jdk")));
    }

    @Test
    void aRunWithoutMachineFileTakesTheDateFromItsName(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("2026-03-04-bare.json");
        java.nio.file.Files.writeString(json, Fixtures.json());
        BenchmarkRun run = BenchmarkRun.read(json);
        assertEquals("2026-03-04", run.date());
        assertEquals(Map.of(), run.machine());
    }
}
