package dev.accel.cuda.ops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A descriptor read back from its packed bytes (the inverse of {@link StridedDesc#pack}), for assertions. */
record Desc(long[] shape, long[] strides) {
    static Desc parse(KernelArg.ByValue v) {
        if (v.bytes().length != StridedDesc.BYTE_SIZE || v.alignment() != StridedDesc.ALIGNMENT) {
            throw new AssertionError("not a descriptor: " + v.bytes().length + " bytes, alignment " + v.alignment());
        }
        ByteBuffer b = ByteBuffer.wrap(v.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        int rank = b.getInt(StridedDesc.RANK_OFFSET);
        long[] shape = new long[rank];
        long[] strides = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = b.getLong(StridedDesc.SHAPE_OFFSET + 8 * i);
            strides[i] = b.getLong(StridedDesc.STRIDES_OFFSET + 8 * i);
        }
        return new Desc(shape, strides);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Desc d && Arrays.equals(shape, d.shape) && Arrays.equals(strides, d.strides);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(strides);
    }

    @Override
    public String toString() {
        return "Desc" + Arrays.toString(shape) + "/" + Arrays.toString(strides);
    }

    static Desc of(long[] shape, long[] strides) {
        return new Desc(shape, strides);
    }
}
