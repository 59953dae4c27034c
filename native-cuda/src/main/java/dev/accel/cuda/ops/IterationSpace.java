package dev.accel.cuda.ops;

import java.util.Arrays;

/**
 * A shape walked by several operands, each with its own strides (in elements), collapsed the way kernels
 * want it: axes of size 1 are dropped and neighbouring axes that every operand walks contiguously are
 * merged, so that contiguous operands become one axis. Never empty: a scalar or all-ones shape is {@code [1]}.
 */
final class IterationSpace {
    final long[] shape;
    /** {@code strides[operand][axis]}. */
    final long[][] strides;
    final long numel;

    /** A piece of at most {@link StridedDesc#MAX_RANK} axes with each operand's starting element offset. */
    @FunctionalInterface
    interface ChunkAction {
        void chunk(long[] offsets, long[] shape, long[][] strides, long numel);
    }

    private IterationSpace(long[] shape, long[][] strides) {
        this.shape = shape;
        this.strides = strides;
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        this.numel = n;
    }

    /** Collapses {@code shape} walked by each operand's {@code strides} (each of the shape's length). */
    static IterationSpace of(long[] shape, long[]... strides) {
        int ops = strides.length;
        for (long[] s : strides) {
            if (s.length != shape.length) {
                throw new IllegalArgumentException("strides " + Arrays.toString(s) + " do not match shape " + Arrays.toString(shape));
            }
        }
        boolean empty = false;
        for (long d : shape) {
            empty |= d == 0;
        }
        if (empty) {
            return new IterationSpace(new long[] {0}, new long[ops][1]);
        }
        int r = shape.length;
        long[] sh = new long[r];
        long[][] st = new long[ops][r];
        int n = 0;
        for (int i = 0; i < r; i++) {
            if (shape[i] == 1) {
                continue;
            }
            if (n > 0 && mergeable(st, n - 1, shape[i], strides, i)) {
                sh[n - 1] *= shape[i];
                for (int k = 0; k < ops; k++) {
                    st[k][n - 1] = strides[k][i];
                }
                continue;
            }
            sh[n] = shape[i];
            for (int k = 0; k < ops; k++) {
                st[k][n] = strides[k][i];
            }
            n++;
        }
        if (n == 0) {
            return new IterationSpace(new long[] {1}, new long[ops][1]);
        }
        long[][] out = new long[ops][];
        for (int k = 0; k < ops; k++) {
            out[k] = Arrays.copyOf(st[k], n);
        }
        return new IterationSpace(Arrays.copyOf(sh, n), out);
    }

    private static boolean mergeable(long[][] prev, int p, long size, long[][] strides, int i) {
        for (int k = 0; k < strides.length; k++) {
            if (prev[k][p] != strides[k][i] * size) {
                return false;
            }
        }
        return true;
    }

    int rank() {
        return shape.length;
    }

    /** True when every operand walks the whole space with stride 1 (one contiguous run each). */
    boolean isContiguous() {
        if (shape.length != 1) {
            return false;
        }
        for (long[] s : strides) {
            if (s[0] != 1 && shape[0] > 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Calls {@code action} once when the rank is at most {@code maxRank}, otherwise once per combination of the
     * leading {@code rank - maxRank} axes (the chunks together cover every element exactly once).
     */
    void forEachChunk(int maxRank, ChunkAction action) {
        int ops = strides.length;
        int r = shape.length;
        int outer = Math.max(0, r - maxRank);
        long[] innerShape = Arrays.copyOfRange(shape, outer, r);
        long[][] innerStrides = new long[ops][];
        for (int k = 0; k < ops; k++) {
            innerStrides[k] = Arrays.copyOfRange(strides[k], outer, r);
        }
        long innerNumel = 1;
        for (long d : innerShape) {
            innerNumel *= d;
        }
        long chunks = numel == 0 ? 0 : numel / innerNumel;
        long[] idx = new long[outer];
        for (long c = 0; c < chunks; c++) {
            long[] offsets = new long[ops];
            for (int k = 0; k < ops; k++) {
                for (int d = 0; d < outer; d++) {
                    offsets[k] += idx[d] * strides[k][d];
                }
            }
            action.chunk(offsets, innerShape, innerStrides, innerNumel);
            for (int d = outer - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }
}
