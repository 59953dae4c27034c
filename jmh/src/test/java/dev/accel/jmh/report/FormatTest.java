package dev.accel.jmh.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormatTest {
    @Test
    void errorHasTwoSignificantDigitsAndTheValueItsDecimals() {
        assertEquals("80.8 ± 1.1", Format.withError(80.7990, 1.0953));
        assertEquals("116 ± 36", Format.withError(116.3, 35.8));
        assertEquals("0.358 ± 0.054", Format.withError(0.35756, 0.05400));
        assertEquals("1790 ± 45", Format.withError(1790.018, 45.05));
        assertEquals("90992 ± 0", Format.withError(90992.488, 0.080), "at most five significant digits");
        assertEquals("6.070", Format.withError(6.070272, Double.NaN), "no error: four significant digits");
    }

    @Test
    void ratios() {
        assertEquals("0.800 ± 0.044×", Format.ratio(new Measured(0.8, 0.0438634)));
        assertEquals("1.05×", Format.ratio(new Measured(1.0508, Double.NaN)));
        assertEquals("1040 ± 1×", Format.ratio(new Measured(1038.7, 0.9)));
        assertEquals("0.000200 ± 0.000031×", Format.ratio(new Measured(0.0002, 0.000031)));
    }

    @Test
    void sizes() {
        assertEquals("2^20", Format.powerOfTwo("1048576"));
        assertEquals("1000", Format.powerOfTwo("1000"));
        assertEquals("4 GiB", Format.bytes("4294967296"));
        assertEquals("1536 B", Format.bytes("1536"));
    }
}
