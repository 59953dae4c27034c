package dev.accel.cuda;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CUDA benchmarks' results in JMH's format: the numbers the report reads. */
class JmhJsonTest {
    @Test
    void throughputEntryHasRateAndSecondaryAmountPerSecond() {
        JmhJson json = new JmhJson();
        json.rate("gemmBf16", List.of(0.5, 0.5), 1e12, "flop");
        String out = json.render("NVIDIA \"H100\"");
        assertTrue(out.contains("\"benchmark\": \"dev.accel.jmh.CudaBenchmark.gemmBf16\""), out);
        assertTrue(out.contains("\"mode\": \"thrpt\""), out);
        assertTrue(out.contains("\"score\": 2.00000, \"scoreError\": 0.00000, \"scoreUnit\": \"ops/s\""), out);
        assertTrue(out.contains("\"flop\": {\"score\": 2.00000e+12"), out);
        assertTrue(out.contains("NVIDIA \\\"H100\\\""), out);
    }

    @Test
    void oneSampleHasNoErrorAndTheTQuantileMatchesJmh() {
        assertTrue(JmhJson.metric(List.of(3.0), "us/op").contains("\"scoreError\": \"NaN\""));
        assertEquals(12.924, JmhJson.studentT9995(3));
        assertEquals(3.291, JmhJson.studentT9995(500));
    }
}
