package dev.accel.cli;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The top-level facts of an ONNX file that ONNX Runtime's Java API does not report: IR version, producer
 * and opset imports. Read by walking the fields of the {@code ModelProto} message in the mapped bytes
 * (the graph, which holds the weights, is skipped by its length, not read). Anything that does not parse
 * gives {@link Optional#empty()}: these facts are informational.
 *
 * @param irVersion       ONNX IR version (field 1)
 * @param producer        producer name and version (fields 2, 3), may be empty
 * @param opsets          {@code domain version} per opset import (field 8), {@code ai.onnx} for the default domain
 */
record ModelOnnxHeader(long irVersion, String producer, List<String> opsets) {
    /** Fields longer than this are skipped without being decoded as strings. */
    private static final int MAX_STRING = 4096;

    static Optional<ModelOnnxHeader> read(MemorySegment bytes) {
        try {
            Cursor c = new Cursor(bytes, 0, bytes.byteSize());
            long ir = -1;
            String name = "";
            String version = "";
            List<String> opsets = new ArrayList<>();
            while (c.pos < c.end) {
                long tag = c.varint();
                int field = (int) (tag >>> 3);
                int wire = (int) (tag & 7);
                if (wire == 0) {
                    long v = c.varint();
                    if (field == 1) {
                        ir = v;
                    }
                } else if (wire == 2) {
                    long len = c.varint();
                    if (len < 0 || len > c.end - c.pos) {
                        return Optional.empty();
                    }
                    long start = c.pos;
                    c.pos += len;
                    if (field == 2 || field == 3) {
                        String s = len <= MAX_STRING ? c.string(start, len) : "";
                        if (field == 2) {
                            name = s;
                        } else {
                            version = s;
                        }
                    } else if (field == 8) {
                        opsets.add(opset(new Cursor(bytes, start, start + len)));
                    }
                } else if (wire == 1) {
                    c.pos += 8;
                } else if (wire == 5) {
                    c.pos += 4;
                } else {
                    return Optional.empty();
                }
            }
            if (ir < 0 || c.pos != c.end) {
                return Optional.empty();
            }
            return Optional.of(new ModelOnnxHeader(ir, (name + " " + version).strip(), List.copyOf(opsets)));
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static String opset(Cursor c) {
        String domain = "";
        long version = -1;
        while (c.pos < c.end) {
            long tag = c.varint();
            int wire = (int) (tag & 7);
            if (wire == 0) {
                long v = c.varint();
                if (tag >>> 3 == 2) {
                    version = v;
                }
            } else if (wire == 2) {
                long len = c.varint();
                if (len < 0 || len > c.end - c.pos) {
                    throw new IllegalStateException("bad length");
                }
                if (tag >>> 3 == 1 && len <= MAX_STRING) {
                    domain = c.string(c.pos, len);
                }
                c.pos += len;
            } else {
                throw new IllegalStateException("unexpected wire type");
            }
        }
        return (domain.isEmpty() ? "ai.onnx" : domain) + " " + version;
    }

    private static final class Cursor {
        final MemorySegment s;
        final long end;
        long pos;

        Cursor(MemorySegment s, long pos, long end) {
            this.s = s;
            this.pos = pos;
            this.end = end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalStateException("truncated varint");
                }
                byte b = s.get(ValueLayout.JAVA_BYTE, pos++);
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalStateException("varint too long");
        }

        String string(long start, long len) {
            byte[] b = new byte[(int) len];
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, start, b, 0, b.length);
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
