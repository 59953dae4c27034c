package dev.accel.store.internal;

import dev.accel.store.cid.Varint;

import java.util.Arrays;

/** A growable byte buffer that writes protobuf fields (varint and length-delimited only). Not thread-safe. */
public final class ProtoWriter {
    private byte[] buf;
    private int size;

    public ProtoWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    public void varint(long value) {
        ensure(Varint.MAX_BYTES);
        size += Varint.write(value, buf, size);
    }

    public void varintField(int field, long value) {
        tag(field, 0);
        varint(value);
    }

    public void bytesField(int field, byte[] bytes, int offset, int length) {
        tag(field, 2);
        varint(length);
        raw(bytes, offset, length);
    }

    public void bytesField(int field, byte[] bytes) {
        bytesField(field, bytes, 0, bytes.length);
    }

    public void raw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, size, length);
        size += length;
    }

    public int size() {
        return size;
    }

    /** The bytes written, in a fresh array of exactly {@link #size()} bytes. */
    public byte[] toByteArray() {
        return buf.length == size ? buf.clone() : Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
