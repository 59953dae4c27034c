package dev.accel.conformance;

import dev.accel.tensor.DType;

/**
 * How far a device's result may be from the float64 reference: a result {@code g} for the expected
 * {@code e} passes when {@code |g - e| <= atol + rtol * |e|}, with NaN matching NaN and infinities
 * matching exactly.
 *
 * <table>
 *   <caption>Per-dtype tolerances ({@code L} = reduction length: k for matmul, the row for softmax and
 *   norms, the axis for reductions, 1 for elementwise ops)</caption>
 *   <tr><th>dtype</th><th>rtol</th><th>atol</th></tr>
 *   <tr><td>f64</td><td>1e-12</td><td>1e-14 * L</td></tr>
 *   <tr><td>f32</td><td>1e-5</td><td>1e-7 * L (floor 1e-6)</td></tr>
 *   <tr><td>f16</td><td>1e-3</td><td>1e-4 * L</td></tr>
 *   <tr><td>bf16</td><td>1e-2</td><td>1e-3 * L</td></tr>
 *   <tr><td>integers, bool</td><td>0</td><td>0 (exact)</td></tr>
 * </table>
 * The operand dtype with the least precision among the inputs and the output picks the row. Layer norm
 * cancels: its tolerance is widened by the rows' condition number {@code max |x| / std(x)} (at least 1),
 * so that rows far from zero (e.g. all in [80, 90]) are judged by what the precision allows. Copies,
 * gathers and concats are exact for every dtype ({@link #EXACT}).
 *
 * @param rtol relative tolerance
 * @param atol absolute tolerance
 */
public record Tolerance(double rtol, double atol) {
    /** Bit-exact (up to NaN payloads). */
    public static final Tolerance EXACT = new Tolerance(0, 0);

    /** The tolerance for results computed at {@code dtype}'s precision over a reduction of {@code length} elements. */
    public static Tolerance of(DType dtype, long length) {
        double l = Math.max(1, length);
        return switch (dtype) {
            case F64 -> new Tolerance(1e-12, 1e-14 * l);
            case F32 -> new Tolerance(1e-5, Math.max(1e-6, 1e-7 * l));
            case F16 -> new Tolerance(1e-3, 1e-4 * l);
            case BF16 -> new Tolerance(1e-2, 1e-3 * l);
            default -> EXACT;
        };
    }

    /**
     * The tolerance for a value rounded once to {@code dtype} (a cast): one unit in the last place, relative.
     */
    public static Tolerance rounding(DType dtype) {
        return switch (dtype) {
            case F64 -> new Tolerance(0x1p-52, 0);
            case F32 -> new Tolerance(0x1p-23, 0x1p-149);
            case F16 -> new Tolerance(0x1p-10, 0x1p-24);
            case BF16 -> new Tolerance(0x1p-7, 0x1p-133);
            default -> EXACT;
        };
    }

    /** This tolerance widened by {@code factor} (a condition number), both parts. */
    public Tolerance scaled(double factor) {
        return new Tolerance(rtol * factor, atol * factor);
    }

    /** The least precise of {@code dtypes} (f64 &gt; f32 &gt; f16 &gt; bf16). */
    static DType leastPrecise(DType... dtypes) {
        DType worst = DType.F64;
        for (DType t : dtypes) {
            if (rank(t) > rank(worst)) {
                worst = t;
            }
        }
        return worst;
    }

    private static int rank(DType t) {
        return switch (t) {
            case F64 -> 0;
            case F32 -> 1;
            case F16 -> 2;
            case BF16 -> 3;
            default -> 4; // integers: exact, handled by the caller
        };
    }

    /** True when {@code got} is close enough to {@code expected}. */
    public boolean accepts(double expected, double got) {
        if (Double.isNaN(expected) || Double.isNaN(got)) {
            return Double.isNaN(expected) && Double.isNaN(got);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(got)) {
            return expected == got;
        }
        return Math.abs(got - expected) <= atol + rtol * Math.abs(expected);
    }

    @Override
    public String toString() {
        return rtol == 0 && atol == 0 ? "exact" : "rtol " + rtol + ", atol " + atol;
    }
}
