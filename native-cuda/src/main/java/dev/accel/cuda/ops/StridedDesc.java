package dev.accel.cuda.ops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Java packing of the kernels' by-value {@code struct Desc { long long shape[8]; long long strides[8]; int rank; }}:
 * the shape and strides (in elements, possibly 0 or negative) of one operand of rank at most
 * {@value #MAX_RANK}. The layout constants are those the C compiler gives the struct; a test compiles the
 * kernel prelude ({@code accel_prelude.cuh}, which asserts the size and alignment itself) with
 * {@code static_assert}s on them.
 */
final class StridedDesc {
    /** The largest rank a descriptor holds ({@code ACCEL_MAX_RANK}); collapsed layouts of higher rank are split. */
    static final int MAX_RANK = 8;
    static final int SHAPE_OFFSET = 0;
    static final int STRIDES_OFFSET = 8 * MAX_RANK;
    static final int RANK_OFFSET = 16 * MAX_RANK;
    /** {@code sizeof(Desc)}: the int rank padded to the 8-byte alignment. */
    static final int BYTE_SIZE = RANK_OFFSET + 8;
    static final int ALIGNMENT = 8;

    private StridedDesc() {
    }

    /** The descriptor of a view with {@code shape} and {@code strides} (same length, 1 to {@value #MAX_RANK}). */
    static KernelArg.ByValue pack(long[] shape, long[] strides) {
        if (shape.length != strides.length || shape.length == 0 || shape.length > MAX_RANK) {
            throw new IllegalArgumentException("descriptor needs 1 to " + MAX_RANK + " axes with one stride each, got shape rank "
                    + shape.length + " and " + strides.length + " strides");
        }
        ByteBuffer b = ByteBuffer.allocate(BYTE_SIZE).order(ByteOrder.LITTLE_ENDIAN); // x86-64 and aarch64 hosts, and the GPU
        for (int i = 0; i < shape.length; i++) {
            b.putLong(SHAPE_OFFSET + 8 * i, shape[i]);
            b.putLong(STRIDES_OFFSET + 8 * i, strides[i]);
        }
        for (int i = shape.length; i < MAX_RANK; i++) {
            b.putLong(SHAPE_OFFSET + 8 * i, 1);
        }
        b.putInt(RANK_OFFSET, shape.length);
        return new KernelArg.ByValue(b.array(), ALIGNMENT);
    }
}
