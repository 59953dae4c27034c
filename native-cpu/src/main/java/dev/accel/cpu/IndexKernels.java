package dev.accel.cpu;

import dev.accel.tensor.DType;
import dev.accel.tensor.Elements;
import dev.accel.tensor.HalfFloats;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;

/**
 * Data-movement kernels, generic over dtypes: element conversion (cast and copy), gather and concat.
 * Same-dtype spans are copied as bytes; the common float conversions (f32 to and from f16, bf16 and f64)
 * have typed loops; everything else converts one element at a time through {@link Elements}: integers and
 * bool through {@code long} (exact), anything involving a float through {@code double}.
 */
final class IndexKernels {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;

    private IndexKernels() {
    }

    /** Writes {@code src}'s elements, converted to {@code dst}'s dtype, into {@code dst} (same shape). */
    static void convert(Tensor src, Tensor dst) {
        Layout l = Layout.of(dst.shape(), src.strides(), dst.strides());
        if (l.numel == 0) {
            return;
        }
        long[] base = {src.offset(), dst.offset()};
        MemorySegment s = src.memory().hostSegment();
        MemorySegment d = dst.memory().hostSegment();
        DType st = src.dtype();
        DType dt = dst.dtype();
        long ss = l.innerStride(0);
        long ds = l.innerStride(1);
        CpuParallel.forRange(l.numel, 1, CpuParallel.shareable(src, dst), (from, to) -> l.forSpans(from, to, base,
                (off, len) -> convertSpan(s, st, off[0], ss, d, dt, off[1], ds, len)));
    }

    /** Converts {@code n} elements; offsets and strides in elements of each side's dtype. */
    static void convertSpan(MemorySegment s, DType st, long so, long ss, MemorySegment d, DType dt, long dof, long ds, long n) {
        int es = st.byteSize();
        int ed = dt.byteSize();
        if (st == dt) {
            if ((ss == 1 && ds == 1) || n == 1) {
                MemorySegment.copy(s, so * es, d, dof * es, n * es);
                return;
            }
            for (long i = 0; i < n; i++) {
                long a = (so + i * ss) * es;
                long b = (dof + i * ds) * es;
                switch (es) {
                    case 8 -> d.set(I64, b, s.get(I64, a));
                    case 4 -> d.set(I32, b, s.get(I32, a));
                    case 2 -> d.set(I16, b, s.get(I16, a));
                    default -> d.set(ValueLayout.JAVA_BYTE, b, s.get(ValueLayout.JAVA_BYTE, a));
                }
            }
            return;
        }
        switch (pair(st, dt)) {
            case F32_F16 -> {
                for (long i = 0; i < n; i++) {
                    d.set(I16, (dof + i * ds) * 2, Float.floatToFloat16(s.get(F32, (so + i * ss) * 4)));
                }
            }
            case F16_F32 -> {
                for (long i = 0; i < n; i++) {
                    d.set(F32, (dof + i * ds) * 4, Float.float16ToFloat(s.get(I16, (so + i * ss) * 2)));
                }
            }
            case F32_BF16 -> {
                for (long i = 0; i < n; i++) {
                    d.set(I16, (dof + i * ds) * 2, HalfFloats.floatToBf16(s.get(F32, (so + i * ss) * 4)));
                }
            }
            case BF16_F32 -> {
                for (long i = 0; i < n; i++) {
                    d.set(F32, (dof + i * ds) * 4, Float.intBitsToFloat(s.get(I16, (so + i * ss) * 2) << 16));
                }
            }
            case F32_F64 -> {
                for (long i = 0; i < n; i++) {
                    d.set(F64, (dof + i * ds) * 8, s.get(F32, (so + i * ss) * 4));
                }
            }
            case F64_F32 -> {
                for (long i = 0; i < n; i++) {
                    d.set(F32, (dof + i * ds) * 4, (float) s.get(F64, (so + i * ss) * 8));
                }
            }
            case INTEGRAL -> {
                for (long i = 0; i < n; i++) {
                    Elements.setLong(d, (dof + i * ds) * ed, dt, Elements.getLong(s, (so + i * ss) * es, st));
                }
            }
            case OTHER -> {
                for (long i = 0; i < n; i++) {
                    Elements.setDouble(d, (dof + i * ds) * ed, dt, Elements.getDouble(s, (so + i * ss) * es, st));
                }
            }
        }
    }

    private enum Pair { F32_F16, F16_F32, F32_BF16, BF16_F32, F32_F64, F64_F32, INTEGRAL, OTHER }

    private static Pair pair(DType s, DType d) {
        if (!s.isFloatingPoint() && !d.isFloatingPoint()) {
            return Pair.INTEGRAL; // integers and bool: exactly, through long
        }
        if (s == DType.F32) {
            return switch (d) {
                case F16 -> Pair.F32_F16;
                case BF16 -> Pair.F32_BF16;
                case F64 -> Pair.F32_F64;
                default -> Pair.OTHER;
            };
        }
        if (d == DType.F32) {
            return switch (s) {
                case F16 -> Pair.F16_F32;
                case BF16 -> Pair.BF16_F32;
                case F64 -> Pair.F64_F32;
                default -> Pair.OTHER;
            };
        }
        return Pair.OTHER;
    }

    /**
     * {@code out[i..., :] = table[indices[i...], :]}, converting to {@code out}'s dtype. Every index is
     * checked before anything is written.
     *
     * @throws IndexOutOfBoundsException naming the first index outside {@code [0, rows)} and its position
     */
    static void gather(Tensor table, Tensor indices, Tensor out) {
        long rows = table.size(0);
        long[] idxShape = indices.shape();
        MemorySegment is = indices.memory().hostSegment();
        DType it = indices.dtype();
        long[] pos = {0};
        indices.forEachOffset(off -> {
            long v = Elements.getLong(is, off, it);
            if (v < 0 || v >= rows) {
                throw outOfRange(v, pos[0], idxShape, rows);
            }
            pos[0]++;
        });
        int r = idxShape.length;
        Layout l = Layout.of(idxShape, indices.strides(), Arrays.copyOf(out.strides(), r));
        if (l.numel == 0 || table.size(1) == 0) {
            return;
        }
        long d = table.size(1);
        long[] base = {indices.offset(), out.offset()};
        MemorySegment ts = table.memory().hostSegment();
        MemorySegment os = out.memory().hostSegment();
        DType tt = table.dtype();
        DType ot = out.dtype();
        long tOff = table.offset();
        long tRow = table.stride(0);
        long tCol = table.stride(1);
        long oCol = out.stride(-1);
        CpuParallel.forRange(l.numel, d, CpuParallel.shareable(table, indices, out), (from, to) -> l.forSpans(from, to, base, (off, len) -> {
            for (long j = 0; j < len; j++) {
                long v = Elements.getLong(is, (off[0] + j * l.innerStride(0)) * it.byteSize(), it);
                if (v < 0 || v >= rows) { // changed since the check by another thread: still never read outside the table
                    throw new IndexOutOfBoundsException("gather: index " + v + " is out of range for a table of " + rows + " rows");
                }
                convertSpan(ts, tt, tOff + v * tRow, tCol, os, ot, off[1] + j * l.innerStride(1), oCol, d);
            }
        }));
    }

    private static IndexOutOfBoundsException outOfRange(long v, long linear, long[] shape, long rows) {
        long[] at = new long[shape.length];
        long rem = linear;
        for (int i = shape.length - 1; i >= 0; i--) {
            at[i] = rem % shape[i];
            rem /= shape[i];
        }
        return new IndexOutOfBoundsException("gather: index " + v + " at position " + Arrays.toString(at) + " of indices "
                + Shapes.format(shape) + " is out of range for a table of " + rows + " rows");
    }

    /** Copies each part into its slice of {@code out} along {@code axis} (normalized), converting dtypes. */
    static void concat(List<Tensor> parts, int axis, Tensor out) {
        long start = 0;
        for (Tensor p : parts) {
            long len = p.size(axis);
            convert(p, out.narrow(axis, start, len));
            start += len;
        }
    }
}
