package dev.accel.conformance;

import java.util.SplittableRandom;

/** Random shapes for the random cases: ranks 0 to 4, sizes that are odd, tiny or empty more often than not. */
final class ShapeGen {
    private static final long[] SIZES = {1, 1, 2, 3, 3, 5, 7, 8, 13, 17, 31};

    private ShapeGen() {
    }

    /** A shape of rank in [minRank, maxRank]; a size is 0 with probability 1/40. */
    static long[] shape(SplittableRandom rng, int minRank, int maxRank) {
        int rank = rng.nextInt(minRank, maxRank + 1);
        long[] s = new long[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = rng.nextInt(40) == 0 ? 0 : SIZES[rng.nextInt(SIZES.length)];
        }
        return s;
    }

    /** A shape that broadcasts with {@code s}: a random suffix of it, with some axes set to 1. */
    static long[] broadcastPartner(SplittableRandom rng, long[] s) {
        int drop = s.length == 0 ? 0 : rng.nextInt(s.length + 1);
        long[] p = new long[s.length - drop];
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextInt(3) == 0 ? 1 : s[drop + i];
        }
        return p;
    }

    static Harness.View view(SplittableRandom rng) {
        Harness.View[] v = Harness.View.values();
        return v[rng.nextInt(v.length)];
    }
}
