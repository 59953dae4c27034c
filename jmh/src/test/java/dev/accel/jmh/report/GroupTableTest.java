package dev.accel.jmh.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupTableTest {
    private static final List<JmhResult> FIXTURE = JmhResult.parseAll(Fixtures.jsonUnchecked());

    private static JmhResult withForks(JmhResult r, int forks, double flop) {
        return new JmhResult(r.benchmark(), r.mode(), r.params(), forks, r.warmupIterations(), r.warmupTime(),
                r.measurementIterations(), r.measurementTime(), r.primary(),
                Map.of("flop", new JmhResult.Metric(flop, 1e9, "ops/s")));
    }

    @Test
    void rowsPairAccelWithItsAnchorAndRatio() {
        GroupTable t = GroupTable.of(Groups.matmul(), List.of(new BenchmarkRun("a", "2026-01-02", Map.of(), FIXTURE)));
        assertEquals(List.of("n=2048, threads=1", "n=512, threads=1"), t.rows().stream().map(GroupTable.Row::label).toList());
        GroupTable.Row row = t.row("n=2048, threads=1").orElseThrow();
        assertEquals(80, row.accel().value(), 1e-9);
        assertEquals(100, row.anchors().getFirst().orElseThrow().value(), 1e-9);
        assertEquals(0.8, row.ratios().getFirst().orElseThrow().value(), 1e-12);
        GroupTable.Row lonely = t.row("n=512, threads=1").orElseThrow();
        assertTrue(lonely.anchors().getFirst().isEmpty(), "the run has no OpenBLAS result for n=512");
        assertTrue(lonely.ratios().getFirst().isEmpty());
        assertTrue(t.anchorMeasured(0));
    }

    @Test
    void aRowComesFromTheRunWithTwoForksThenTheNewest() {
        JmhResult accel = FIXTURE.get(0);
        JmhResult blas = FIXTURE.get(1);
        BenchmarkRun older2Forks = new BenchmarkRun("old", "2026-01-01", Map.of(),
                List.of(withForks(accel, 2, 70e9), withForks(blas, 2, 100e9)));
        BenchmarkRun newer1Fork = new BenchmarkRun("new1", "2026-01-03", Map.of(),
                List.of(withForks(accel, 1, 90e9), withForks(blas, 1, 100e9)));
        BenchmarkRun newest2Forks = new BenchmarkRun("new2", "2026-01-02", Map.of(),
                List.of(withForks(accel, 2, 60e9), withForks(blas, 2, 120e9)));
        GroupTable t = GroupTable.of(Groups.matmul(), List.of(older2Forks, newer1Fork, newest2Forks));
        GroupTable.Row row = t.row("n=2048, threads=1").orElseThrow();
        assertEquals("new2", row.run().name());
        assertEquals(0.5, row.ratios().getFirst().orElseThrow().value(), 1e-12, "both sides from the same run");
        assertEquals(List.of("new2"), t.runs().stream().map(BenchmarkRun::name).toList());
    }

    @Test
    void anAnchorIsNeverTakenFromAnotherRun() {
        BenchmarkRun accelOnly = new BenchmarkRun("accel", "2026-01-02", Map.of(), List.of(FIXTURE.get(0)));
        BenchmarkRun blasOnly = new BenchmarkRun("blas", "2026-01-03", Map.of(), List.of(FIXTURE.get(1)));
        GroupTable t = GroupTable.of(Groups.matmul(), List.of(accelOnly, blasOnly));
        assertTrue(t.rows().getFirst().anchors().getFirst().isEmpty());
        assertFalse(t.anchorMeasured(0));
    }

    @Test
    void expectedRowsComeFirstInTheirOrder() {
        List<JmhResult> calls = new java.util.ArrayList<>();
        for (String method : List.of("ffmHeap", "jniHeap", "ffmNoop", "ffmSegment", "jniNoop")) {
            calls.add(new JmhResult("dev.accel.jmh.NativeCallBenchmark." + method, "avgt", Map.of(), 2, 2, "1 s", 3,
                    "1 s", new JmhResult.Metric(method.startsWith("ffm") ? 20 : 40, 1, "ns/op"), Map.of()));
        }
        GroupTable t = GroupTable.of(Groups.nativeCalls(), List.of(new BenchmarkRun("n", "d", Map.of(), calls)));
        assertEquals(List.of("empty call", "sum of 1 KiB, off-heap segment", "sum of 1 KiB, heap array"),
                t.rows().stream().map(GroupTable.Row::label).toList());
        assertEquals(2.0, t.row("empty call").orElseThrow().ratios().getFirst().orElseThrow().value(), 1e-12,
                "FFM at 20 ns against JNI at 40 ns: twice the speed");
        assertTrue(t.row("sum of 1 KiB, off-heap segment").orElseThrow().anchors().getFirst().isEmpty());
    }

    @Test
    void percentilesBecomeRowsOfTheirOwn() {
        GroupTable t = GroupTable.of(Groups.embedding(), List.of(new BenchmarkRun("a", "d", Map.of(), FIXTURE)));
        assertEquals(List.of("batch 1, mean latency", "batch 1, p50 latency", "batch 1, p99 latency"),
                t.rows().stream().map(GroupTable.Row::label).toList());
        Measured p50 = t.row("batch 1, p50 latency").orElseThrow().ratios().getFirst().orElseThrow();
        assertEquals(6200.0 / 5900.0, p50.value(), 1e-12);
        assertFalse(p50.hasError());
    }
}
