package dev.accel.store.internal;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.cid.Varint;

import java.nio.ByteBuffer;

/**
 * Reads protobuf fields from a byte array, strictly: minimal varints of at most 9 bytes, length-delimited
 * fields that fit, only wire types 0 (varint) and 2 (length-delimited). Errors name {@code what}.
 */
public final class ProtoReader {
    private final ByteBuffer in;
    private final String what;
    private int field;
    private int wireType;

    public ProtoReader(byte[] bytes, int offset, int length, String what) {
        this.in = ByteBuffer.wrap(bytes, offset, length);
        this.what = what;
    }

    public boolean hasMore() {
        return in.hasRemaining();
    }

    /** Reads the next tag; then {@link #field()} and {@link #wireType()} describe it. */
    public void nextTag() {
        long tag = Varint.read(in);
        if (tag > Integer.MAX_VALUE) {
            throw malformed("field tag too large");
        }
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field == 0) {
            throw malformed("field number 0");
        }
    }

    public int field() {
        return field;
    }

    public int wireType() {
        return wireType;
    }

    public void expectWireType(int expected, String fieldName) {
        if (wireType != expected) {
            throw malformed("field " + fieldName + " has wire type " + wireType + ", expected " + expected);
        }
    }

    public long varint() {
        return Varint.read(in);
    }

    /** Reads a length-delimited field's bytes; returns its offset in the array, the length in {@link #lastLength()}. */
    public int lengthDelimited() {
        long length = Varint.read(in);
        if (length > in.remaining()) {
            throw malformed("length-delimited field of " + length + " bytes, only " + in.remaining() + " left");
        }
        int offset = in.position();
        lastLength = (int) length;
        in.position(offset + lastLength);
        return offset;
    }

    private int lastLength;

    public int lastLength() {
        return lastLength;
    }

    public AccelException malformed(String message) {
        return new AccelException(ErrorCode.MALFORMED_INPUT, what + ": " + message);
    }
}
