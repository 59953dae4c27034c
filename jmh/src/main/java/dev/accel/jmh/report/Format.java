package dev.accel.jmh.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Number formatting for the report: errors to two significant digits, values to the same decimal place. */
final class Format {
    private Format() {
    }

    /**
     * {@code value ± error}: the error rounded to two significant digits and the value to the same decimal
     * place (at most 6 decimals); four significant digits for the value when the error is unknown.
     */
    static String withError(double value, double error) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        if (!Double.isFinite(error) || error <= 0) {
            return significant(value, 4);
        }
        int exponent = (int) Math.floor(Math.log10(error));
        int decimals = Math.max(0, Math.min(6, 1 - exponent));
        if (value != 0) {
            // at most five significant digits of the value, however small the error
            decimals = Math.min(decimals, Math.max(0, 4 - (int) Math.floor(Math.log10(Math.abs(value)))));
        }
        return fixed(value, decimals) + " ± " + fixed(error, decimals);
    }

    /** {@code x} with {@code digits} significant digits, without exponent for ordinary magnitudes. */
    static String significant(double x, int digits) {
        if (x == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(x).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        if (Math.abs(x) >= 1e-4 && Math.abs(x) < 1e9) {
            String s = d.toPlainString();
            return s;
        }
        return String.format(Locale.ROOT, "%." + (digits - 1) + "e", x);
    }

    /** A ratio: three significant digits, with its error when known. */
    static String ratio(Measured r) {
        String value = significant(r.value(), 3);
        if (!r.hasError()) {
            return value + "×";
        }
        int decimals = Math.max(0, new BigDecimal(value).scale());
        return value + " ± " + fixed(r.error(), Math.max(decimals, 0)) + "×";
    }

    private static String fixed(double x, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    /** A byte count as a power of two where it is one ({@code 2^20}), else the number. */
    static String powerOfTwo(String count) {
        long n = Long.parseLong(count);
        if (n > 0 && Long.bitCount(n) == 1) {
            return "2^" + Long.numberOfTrailingZeros(n);
        }
        return count;
    }

    /** A byte count in binary units: {@code 1 MiB}, {@code 4 GiB}, {@code 1536 B}. */
    static String bytes(String count) {
        long n = Long.parseLong(count);
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (u < units.length - 1 && n >= 1024 && n % 1024 == 0) {
            n /= 1024;
            u++;
        }
        return n + " " + units[u];
    }
}
