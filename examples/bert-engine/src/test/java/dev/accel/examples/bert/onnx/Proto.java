package dev.accel.examples.bert.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A tiny protobuf writer for building test models, well-formed or deliberately broken. */
final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
        tag(field, 0);
        raw(value);
        return this;
    }

    Proto bytes(int field, byte[] value) {
        tag(field, 2);
        raw(value.length);
        out.writeBytes(value);
        return this;
    }

    Proto string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto value) {
        return bytes(field, value.toBytes());
    }

    Proto fixed32(int field, int value) {
        tag(field, 5);
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
        return this;
    }

    Proto tag(int field, int wire) {
        raw(((long) field << 3) | wire);
        return this;
    }

    Proto raw(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    Proto rawBytes(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    /** A float tensor initializer with raw_data. */
    static Proto floatTensor(String name, long[] dims, float... values) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, 1);
        t.string(8, name);
        byte[] raw = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToIntBits(values[i]);
            for (int j = 0; j < 4; j++) {
                raw[4 * i + j] = (byte) (bits >>> (8 * j));
            }
        }
        return t.bytes(9, raw);
    }

    /** A model with one MatMul node (x, w) -> y and the initializer {@code w}, after a one-byte doc string that misaligns the data. */
    static Proto tinyModel(Proto initializer) {
        Proto node = new Proto().string(1, "x").string(1, "w").string(2, "y").string(3, "mm").string(4, "MatMul");
        Proto graph = new Proto().message(1, node).string(2, "g").message(5, initializer)
                .message(11, new Proto().string(1, "x")).message(12, new Proto().string(1, "y"));
        return new Proto().varint(1, 8).string(6, "d").message(8, new Proto().string(1, "").varint(2, 17)).message(7, graph);
    }
}
