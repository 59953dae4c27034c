package dev.accel.store.cid;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints as the multiformats
 * <a href="https://github.com/multiformats/unsigned-varint">unsigned-varint</a> spec defines them: at most
 * {@value #MAX_BYTES} bytes (63 bits of value) and minimally encoded (no trailing {@code 0x80 0x00}). The
 * same rules are applied to the protobuf varints of DAG-PB and UnixFS, whose encoders all write minimal
 * varints.
 */
public final class Varint {
    /** Most bytes a varint may take. */
    public static final int MAX_BYTES = 9;

    private Varint() {
    }

    /** Bytes {@code value} takes when encoded; {@code value} must be non-negative. */
    public static int encodedLength(long value) {
        requireNonNegative(value);
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Encodes {@code value} (non-negative) into a fresh array. */
    public static byte[] encode(long value) {
        byte[] out = new byte[encodedLength(value)];
        write(value, out, 0);
        return out;
    }

    /** Writes {@code value} at {@code offset} of {@code out}; returns the number of bytes written. */
    public static int write(long value, byte[] out, int offset) {
        requireNonNegative(value);
        int i = offset;
        while ((value & ~0x7FL) != 0) {
            out[i++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[i++] = (byte) value;
        return i - offset;
    }

    /** Writes {@code value} into {@code out} at its position, advancing it. */
    public static void write(long value, ByteBuffer out) {
        requireNonNegative(value);
        while ((value & ~0x7FL) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    /**
     * Reads one varint from {@code in} at its position, advancing it past the varint.
     *
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} if the buffer ends inside the varint, or the
     *                        varint is longer than {@value #MAX_BYTES} bytes or not minimally encoded
     */
    public static long read(ByteBuffer in) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (!in.hasRemaining()) {
                throw malformed("varint truncated");
            }
            int b = in.get() & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw malformed("varint not minimally encoded");
                }
                return value;
            }
        }
        throw malformed("varint longer than " + MAX_BYTES + " bytes");
    }

    /**
     * Reads one varint from a stream. Returns {@code -1} if the stream ends before the first byte (a clean
     * end); an end inside the varint is malformed input.
     *
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} as {@link #read(ByteBuffer)};
     *                        {@link ErrorCode#IO_ERROR} if the stream fails
     */
    public static long read(InputStream in) {
        long value = 0;
        try {
            for (int i = 0; i < MAX_BYTES; i++) {
                int b = in.read();
                if (b < 0) {
                    if (i == 0) {
                        return -1;
                    }
                    throw malformed("varint truncated");
                }
                value |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    if (b == 0 && i > 0) {
                        throw malformed("varint not minimally encoded");
                    }
                    return value;
                }
            }
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "reading a varint failed: " + e.getMessage(), e);
        }
        throw malformed("varint longer than " + MAX_BYTES + " bytes");
    }

    private static void requireNonNegative(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are unsigned 63-bit values, got " + value);
        }
    }

    private static AccelException malformed(String message) {
        return new AccelException(ErrorCode.MALFORMED_INPUT, message);
    }
}
