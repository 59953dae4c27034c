package dev.accel.conformance;

/**
 * How much the kit runs.
 *
 * @param seed        the root of every case's RNG seed; the same seed gives the same inputs
 * @param randomCases random-shape cases per op and dtype, on top of the fixed edge cases
 *                    (rank 0 and 1, empty, odd sizes, non-contiguous views, broadcasting, in-place)
 * @param largeSizes  also run the large odd sizes (matmul k = 1023, rows of 4099 elements)
 */
public record KitOptions(long seed, int randomCases, boolean largeSizes) {
    /** The default seed: the same inputs on every run unless another is asked for. */
    public static final long DEFAULT_SEED = 0xACCE1_5EEDL;

    public KitOptions {
        if (randomCases < 0 || randomCases > 10_000) {
            throw new IllegalArgumentException("randomCases must be in [0, 10000], got " + randomCases);
        }
    }

    /** The default run (tests, {@code accel conformance}): edge cases, large sizes, plus 3 random shapes per op and dtype. */
    public static KitOptions standard() {
        return new KitOptions(DEFAULT_SEED, 3, true);
    }

    /** The fastest run ({@code accel conformance --quick}): the fixed edge cases only, no large sizes, no random shapes. */
    public static KitOptions edgesOnly() {
        return new KitOptions(DEFAULT_SEED, 0, false);
    }

    /** A longer run: edge cases plus 40 random shapes per op and dtype. */
    public static KitOptions full() {
        return new KitOptions(DEFAULT_SEED, 40, true);
    }

    /** The same options with another seed: other random inputs and shapes. */
    public KitOptions withSeed(long newSeed) {
        return new KitOptions(newSeed, randomCases, largeSizes);
    }
}
