package dev.accel.jmh.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasuredTest {
    @Test
    void ratioOfRatesIsAccelOverAnchor() {
        Measured r = Measured.ratio(new Measured(80, 3), new Measured(100, 4), true);
        assertEquals(0.8, r.value(), 1e-12);
        // first-order propagation: 0.8 * sqrt((3/80)^2 + (4/100)^2)
        assertEquals(0.8 * Math.sqrt(0.0375 * 0.0375 + 0.04 * 0.04), r.error(), 1e-12);
    }

    @Test
    void ratioOfTimesIsAnchorOverAccel() {
        Measured r = Measured.ratio(new Measured(5.0, 0.5), new Measured(10.0, 0), false);
        assertEquals(2.0, r.value(), 1e-12, "half the time is twice the speed");
        assertEquals(2.0 * 0.1, r.error(), 1e-12);
    }

    @Test
    void unknownErrorGivesUnknownRatioError() {
        Measured r = Measured.ratio(new Measured(5.9, Double.NaN), new Measured(6.2, 0.1), false);
        assertEquals(6.2 / 5.9, r.value(), 1e-12);
        assertFalse(r.hasError());
        assertTrue(new Measured(1, 0).hasError());
    }

    @Test
    void nonPositiveValuesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Measured.ratio(new Measured(0, 1), new Measured(1, 1), true));
        assertTrue(e.getMessage().contains("two positive values"), e.getMessage());
    }

    @Test
    void quantityReadsOnlyItsUnitAndScales() {
        JmhResult r = JmhResult.parseAll(Fixtures.jsonUnchecked()).getFirst();
        Quantity gflops = Quantity.secondary("GFLOP/s", "flop", "ops/s", 1e-9, "GFLOP/s");
        assertEquals(new Measured(80, 3), gflops.read(r).orElseThrow());
        assertTrue(gflops.higherIsBetter());
        assertTrue(Quantity.primary("t", "us/op", 1, "µs").read(r).isEmpty(), "ops/s is not us/op");
        assertTrue(Quantity.secondary("x", "missing", "ops/s", 1, "x").read(r).isEmpty());
        assertFalse(Quantity.primary("t", "us/op", 1, "µs").higherIsBetter());
    }
}
