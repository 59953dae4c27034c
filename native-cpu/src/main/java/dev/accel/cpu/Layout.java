package dev.accel.cpu;

/**
 * An iteration space shared by several operands: a shape and, per operand, strides in elements. Axes of
 * size 1 are dropped and neighbouring axes that every operand walks contiguously are merged, so that a
 * contiguous tensor becomes one long row. The last axis is the inner one that kernels loop over.
 */
final class Layout {
    final long[] shape;
    /** {@code strides[operand][axis]}, in elements. */
    final long[][] strides;
    final long numel;

    /** A work span: {@code len} elements along the last axis, from element offsets {@code offsets}. */
    @FunctionalInterface
    interface SpanAction {
        void span(long[] offsets, long len);
    }

    private Layout(long[] shape, long[][] strides) {
        this.shape = shape;
        this.strides = strides;
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        this.numel = n;
    }

    /** Collapses {@code shape} walked by each operand's {@code strides} (all of the shape's rank). */
    static Layout of(long[] shape, long[]... strides) {
        int ops = strides.length;
        int r = shape.length;
        long[] sh = new long[r];
        long[][] st = new long[ops][r];
        int n = 0;
        boolean empty = false;
        for (long d : shape) {
            empty |= d == 0;
        }
        for (int i = 0; i < r; i++) {
            if (shape[i] == 1 && !empty) {
                continue;
            }
            if (n > 0 && mergeable(sh[n - 1], st, n - 1, shape[i], strides, i)) {
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
            return new Layout(new long[] {1}, new long[ops][1]);
        }
        long[] outShape = java.util.Arrays.copyOf(sh, n);
        long[][] outStrides = new long[ops][];
        for (int k = 0; k < ops; k++) {
            outStrides[k] = java.util.Arrays.copyOf(st[k], n);
        }
        return new Layout(outShape, outStrides);
    }

    /** Whether axis {@code prev} (already collected) and axis {@code i} can be one axis for every operand. */
    private static boolean mergeable(long prevSize, long[][] prevStrides, int prev, long size, long[][] strides, int i) {
        for (int k = 0; k < strides.length; k++) {
            if (prevStrides[k][prev] != strides[k][i] * size) {
                return false;
            }
        }
        return true;
    }

    int rank() {
        return shape.length;
    }

    /** Size of the inner (last) axis. */
    long inner() {
        return shape[shape.length - 1];
    }

    /** Inner-axis stride of {@code operand}. */
    long innerStride(int operand) {
        return strides[operand][shape.length - 1];
    }

    /**
     * Calls {@code action} for the elements {@code [from, to)} (row-major over {@link #shape}), one call per
     * piece of a row; {@code base} holds each operand's starting offset. The offsets array is reused.
     */
    void forSpans(long from, long to, long[] base, SpanAction action) {
        if (from >= to) {
            return;
        }
        int r = shape.length;
        int ops = strides.length;
        long inner = shape[r - 1];
        long[] idx = new long[r];
        long rem = from;
        for (int d = r - 1; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
        }
        long[] row = new long[ops];
        for (int k = 0; k < ops; k++) {
            long o = base[k];
            for (int d = 0; d < r - 1; d++) {
                o += idx[d] * strides[k][d];
            }
            row[k] = o;
        }
        long[] off = new long[ops];
        long pos = from;
        while (true) {
            long start = idx[r - 1];
            long len = Math.min(inner - start, to - pos);
            for (int k = 0; k < ops; k++) {
                off[k] = row[k] + start * strides[k][r - 1];
            }
            action.span(off, len);
            pos += len;
            if (pos >= to) {
                return;
            }
            idx[r - 1] = 0; // a span that did not end the range ended its row
            for (int d = r - 2; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    for (int k = 0; k < ops; k++) {
                        row[k] += strides[k][d];
                    }
                    break;
                }
                idx[d] = 0;
                for (int k = 0; k < ops; k++) {
                    row[k] -= (shape[d] - 1) * strides[k][d];
                }
            }
        }
    }
}
