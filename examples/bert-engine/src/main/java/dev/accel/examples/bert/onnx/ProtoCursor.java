package dev.accel.examples.bert.onnx;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Protocol-buffers wire-format decoding over one byte range {@code [position, end)} of a segment. Reads
 * never go past {@code end}: every varint, fixed-width value and length prefix is checked against it, and
 * a violation throws {@link AccelException} with {@link ErrorCode#MALFORMED_INPUT} naming the byte offset
 * in the file and what was being read. Nothing is copied except decoded strings.
 */
final class ProtoCursor {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int FIXED32 = 5;

    private final MemorySegment segment;
    private final String context;
    private long position;
    private final long end;

    ProtoCursor(MemorySegment segment, long start, long end, String context) {
        this.segment = segment;
        this.position = start;
        this.end = end;
        this.context = context;
    }

    boolean hasMore() {
        return position < end;
    }

    long position() {
        return position;
    }

    String context() {
        return context;
    }

    /** A field key: field number in the high bits, wire type in the low three. */
    long readTag() {
        long at = position;
        long key = readVarint("field key");
        long field = key >>> 3;
        int wire = (int) (key & 7);
        if (field == 0 || field > 0x1FFF_FFFFL) {
            throw malformed(at, "field number " + field + " (valid: 1 to 536870911)");
        }
        if (wire == START_GROUP || wire == END_GROUP) {
            throw malformed(at, "field " + field + " uses the deprecated group wire type " + wire + ", which ONNX never writes");
        }
        if (wire > FIXED32) {
            throw malformed(at, "field " + field + " has wire type " + wire + " (valid: 0, 1, 2, 5)");
        }
        return key;
    }

    static int fieldOf(long tag) {
        return (int) (tag >>> 3);
    }

    static int wireOf(long tag) {
        return (int) (tag & 7);
    }

    /** A base-128 varint of at most 10 bytes whose value fits in 64 bits. */
    long readVarint(String what) {
        long at = position;
        long value = 0;
        for (int i = 0; i < 10; i++) {
            if (position >= end) {
                throw malformed(at, "truncated varint (" + what + ")");
            }
            int b = segment.get(ValueLayout.JAVA_BYTE, position++) & 0xFF;
            if (i == 9 && b > 1) {
                throw malformed(at, "varint overflows 64 bits (" + what + ")");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if (b < 0x80) {
                return value;
            }
        }
        throw malformed(at, "varint longer than 10 bytes (" + what + ")");
    }

    int readFixed32(String what) {
        need(4, what);
        int v = segment.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), position);
        position += 4;
        return v;
    }

    long readFixed64(String what) {
        need(8, what);
        long v = segment.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), position);
        position += 8;
        return v;
    }

    /** Reads a length prefix and returns the absolute start of the payload; the cursor moves past it. */
    long readLengthDelimited(String what) {
        long at = position;
        long length = readVarint("length of " + what);
        if (length < 0 || length > end - position) {
            throw malformed(at, what + " claims " + Long.toUnsignedString(length) + " bytes but only " + (end - position)
                    + " remain in its enclosing message");
        }
        long start = position;
        position += length;
        return start;
    }

    /** A cursor over the payload of a length-delimited field. */
    ProtoCursor readMessage(String what) {
        long start = readLengthDelimited(what);
        return new ProtoCursor(segment, start, position, context);
    }

    /** A UTF-8 string field of at most {@code maxBytes} bytes. */
    String readString(String what, int maxBytes) {
        long start = readLengthDelimited(what);
        long length = position - start;
        if (length > maxBytes) {
            throw malformed(start, what + " is " + length + " bytes long; the limit is " + maxBytes);
        }
        byte[] bytes = segment.asSlice(start, length).toArray(ValueLayout.JAVA_BYTE);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(start, what + " is not valid UTF-8");
        }
    }

    /** Skips one field's value of the given wire type. */
    void skip(int wire, String what) {
        switch (wire) {
            case VARINT -> readVarint(what);
            case FIXED64 -> need(8, what);
            case FIXED32 -> need(4, what);
            case LENGTH_DELIMITED -> readLengthDelimited(what);
            default -> throw malformed(position, "cannot skip wire type " + wire + " (" + what + ")");
        }
        if (wire == FIXED64) {
            position += 8;
        } else if (wire == FIXED32) {
            position += 4;
        }
    }

    /** Throws unless {@code tag} has wire type {@code expected}. */
    void expectWire(long tag, int expected, String what) {
        if (wireOf(tag) != expected) {
            throw malformed(position, what + " (field " + fieldOf(tag) + ") has wire type " + wireOf(tag) + ", expected " + expected);
        }
    }

    private void need(long bytes, String what) {
        if (end - position < bytes) {
            throw malformed(position, "truncated " + what + ": needs " + bytes + " bytes, " + (end - position) + " remain");
        }
    }

    AccelException malformed(long at, String message) {
        return new AccelException(ErrorCode.MALFORMED_INPUT, context + ": malformed ONNX protobuf at byte " + at + ": " + message);
    }
}
