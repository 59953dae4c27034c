package dev.accel.npy;

import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The header of a {@code .npy} file, as {@link Npy#readHeader} parsed it.
 *
 * @param majorVersion  format version: 1, 2 or 3 (the minor version is always 0)
 * @param descr         the dtype descriptor exactly as the file spells it, e.g. {@code "<f4"}, {@code "|b1"}
 * @param dtype         the element type
 * @param byteOrder     byte order of the data; for 1-byte dtypes (descr {@code '|'}: not applicable)
 *                      {@link ByteOrder#nativeOrder()}
 * @param shape         sizes of the axes ({@code []} for a rank-0 array); {@link #shape()} returns a copy
 * @param fortranOrder  true when the data is stored column-major (first axis fastest)
 * @param dataOffset    byte offset of the first data byte from the start of the file (a multiple of 64 in
 *                      files NumPy writes; not required when reading)
 */
public record NpyHeader(int majorVersion, String descr, DType dtype, ByteOrder byteOrder, long[] shape, boolean fortranOrder, long dataOffset) {
    public NpyHeader {
        Objects.requireNonNull(descr, "descr");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(byteOrder, "byteOrder");
        shape = Shapes.checked(shape);
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for rank 0). */
    public long numel() {
        return Shapes.numel(shape);
    }

    /** Bytes of data after the header: {@code numel * dtype.byteSize()}. */
    public long dataByteSize() {
        return numel() * dtype.byteSize();
    }

    /** True when the data's byte order differs from this machine's, so that it cannot be viewed without a copy. */
    public boolean needsByteSwap() {
        return dtype.byteSize() > 1 && byteOrder != ByteOrder.nativeOrder();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && majorVersion == h.majorVersion && descr.equals(h.descr) && dtype == h.dtype
                && byteOrder.equals(h.byteOrder) && Arrays.equals(shape, h.shape) && fortranOrder == h.fortranOrder && dataOffset == h.dataOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(majorVersion, descr, dtype, byteOrder, Arrays.hashCode(shape), fortranOrder, dataOffset);
    }

    @Override
    public String toString() {
        return "NpyHeader[v" + majorVersion + ".0, descr '" + descr + "' (" + dtype + ", " + byteOrder + "), shape " + Shapes.format(shape)
                + (fortranOrder ? ", Fortran order" : ", C order") + ", data at byte " + dataOffset + "]";
    }
}
