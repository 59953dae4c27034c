package dev.accel.tensor;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.util.Arrays;

/**
 * Shape arithmetic shared by tensors and backends. Shapes are {@code long[]} (never modified by these
 * methods); every size is &gt;= 0. The largest rank is {@value #MAX_RANK}.
 */
public final class Shapes {
    /** The largest number of axes a tensor may have. */
    public static final int MAX_RANK = 16;

    private Shapes() {
    }

    /** Number of elements: the product of the sizes (1 for rank 0). */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Row-major (C order) strides in elements. */
    public static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s = Math.multiplyExact(s, Math.max(shape[i], 1));
        }
        return strides;
    }

    /** Checks rank and sizes, returning a copy. */
    public static long[] checked(long[] shape) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("rank " + shape.length + " exceeds the maximum of " + MAX_RANK);
        }
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative size in shape " + format(shape));
            }
        }
        try {
            numel(shape);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + format(shape) + " has more than 2^63 elements");
        }
        return shape.clone();
    }

    /** {@code [2, 3, 4]}. */
    public static String format(long[] shape) {
        return Arrays.toString(shape);
    }

    /** Normalizes a possibly negative axis ({@code -1} is the last) against {@code rank}. */
    public static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IndexOutOfBoundsException("axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    /** The NumPy broadcast of two shapes. */
    public static long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new AccelException(ErrorCode.SHAPE_MISMATCH,
                        "shapes " + format(a) + " and " + format(b) + " cannot be broadcast together (axis " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Result shape of a batched matmul {@code [..., m, k] x [..., k, n]}. */
    public static long[] matmul(long[] a, long[] b) {
        if (a.length < 2 || b.length < 2) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH,
                    "matmul needs rank >= 2 operands, got " + format(a) + " x " + format(b) + " (use unsqueeze for vectors)");
        }
        long m = a[a.length - 2];
        long k = a[a.length - 1];
        long k2 = b[b.length - 2];
        long n = b[b.length - 1];
        if (k != k2) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH,
                    "matmul inner sizes differ: " + format(a) + " x " + format(b) + " (" + k + " vs " + k2 + ")");
        }
        long[] batch = broadcast(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = m;
        out[batch.length + 1] = n;
        return out;
    }

    /** Result shape of a gather of rows of {@code table [rows, d]} by {@code indices}. */
    public static long[] gather(long[] table, long[] indices) {
        if (table.length != 2) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "gather needs a rank-2 table [rows, d], got " + format(table));
        }
        long[] out = Arrays.copyOf(indices, indices.length + 1);
        out[indices.length] = table[1];
        return out;
    }

    /** Result shape of a reduction over {@code axis}. */
    public static long[] reduce(long[] shape, int axis, boolean keepDim) {
        int a = axis(axis, shape.length);
        if (keepDim) {
            long[] out = shape.clone();
            out[a] = 1;
            return out;
        }
        long[] out = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != a) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    /**
     * Checks that an op's output has the result's shape.
     *
     * @throws AccelException {@link ErrorCode#SHAPE_MISMATCH} naming both shapes
     */
    public static void checkResult(String op, long[] expected, long[] out) {
        if (!Arrays.equals(expected, out)) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, op + ": out has shape " + format(out)
                    + " but the result has shape " + format(expected));
        }
    }

    /**
     * Checks a reduction of {@code x} over {@code axis} into {@code out}: {@code out} is {@code x}'s shape with the
     * axis removed or kept with size 1, and a reduction without an identity ({@code needsElement}, e.g. MAX) has a
     * non-empty axis. Returns the axis, normalized.
     *
     * @throws AccelException {@link ErrorCode#SHAPE_MISMATCH} for the output's shape, {@link ErrorCode#INVALID_ARGUMENT}
     *         for an empty axis of a reduction that needs an element
     */
    public static int checkReduce(String op, long[] x, int axis, long[] out, boolean needsElement) {
        int a = axis(axis, x.length);
        long[] removed = reduce(x, a, false);
        long[] kept = reduce(x, a, true);
        if (!Arrays.equals(out, removed) && !Arrays.equals(out, kept)) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, op + " over axis " + a + " of " + format(x) + ": out has shape "
                    + format(out) + " but must be " + format(removed) + " or " + format(kept) + " (axis kept)");
        }
        if (needsElement && x[a] == 0) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, op + " over axis " + a + " of " + format(x)
                    + ": the axis is empty and " + op + " has no identity");
        }
        return a;
    }

    /** Result shape of concatenating {@code shapes} along {@code axis}. */
    public static long[] concat(long[][] shapes, int axis) {
        long[] first = shapes[0];
        int a = axis(axis, first.length);
        long[] out = first.clone();
        out[a] = 0;
        for (long[] s : shapes) {
            if (s.length != first.length) {
                throw new AccelException(ErrorCode.SHAPE_MISMATCH, "concat of different ranks: " + format(first) + " and " + format(s));
            }
            for (int i = 0; i < s.length; i++) {
                if (i != a && s[i] != first[i]) {
                    throw new AccelException(ErrorCode.SHAPE_MISMATCH,
                            "concat along axis " + a + " needs equal sizes elsewhere: " + format(first) + " and " + format(s));
                }
            }
            out[a] = Math.addExact(out[a], s[a]);
        }
        return out;
    }
}
