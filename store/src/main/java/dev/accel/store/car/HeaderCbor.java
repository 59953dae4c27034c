package dev.accel.store.car;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.StoreLimits;
import dev.accel.store.cid.Cid;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The minimal, strict DAG-CBOR needed for CAR headers: a map of {@code roots} (an array of CIDs, each tag
 * 42 over a byte string of {@code 0x00} + the binary CID) and {@code version} (an unsigned integer), keys
 * in DAG-CBOR's canonical order (length first, then bytes), definite lengths, minimal heads, no other keys,
 * no trailing bytes.
 */
final class HeaderCbor {
    private static final byte[] ROOTS = "roots".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION = "version".getBytes(StandardCharsets.US_ASCII);

    /** A decoded header map: version, and roots when the key was present. */
    record Decoded(long version, List<Cid> roots, boolean hasRoots) {
    }

    private HeaderCbor() {
    }

    static byte[] encode(long version, List<Cid> roots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 5, roots == null ? 1 : 2);
        if (roots != null) {
            head(out, 3, ROOTS.length);
            out.writeBytes(ROOTS);
            head(out, 4, roots.size());
            for (Cid cid : roots) {
                head(out, 6, 42);
                byte[] b = cid.bytes();
                head(out, 2, b.length + 1);
                out.write(0);
                out.writeBytes(b);
            }
        }
        head(out, 3, VERSION.length);
        out.writeBytes(VERSION);
        head(out, 0, version);
        return out.toByteArray();
    }

    private static void head(ByteArrayOutputStream out, int major, long value) {
        int m = major << 5;
        if (value < 24) {
            out.write(m | (int) value);
        } else if (value < 0x100) {
            out.write(m | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(m | 25);
            out.write((int) (value >>> 8));
            out.write((int) value);
        } else if (value < 0x1_0000_0000L) {
            out.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (value >>> s));
            }
        } else {
            out.write(m | 27);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (value >>> s));
            }
        }
    }

    static Decoded decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long pairs = expect(in, 5, "header is not a map");
        OptionalLong version = OptionalLong.empty();
        List<Cid> roots = null;
        byte[] previousKey = null;
        for (long i = 0; i < pairs; i++) {
            long keyLength = expect(in, 3, "header map key is not a string");
            byte[] key = take(in, keyLength);
            if (previousKey != null && !canonicalOrder(previousKey, key)) {
                throw malformed(Arrays.equals(previousKey, key) ? "duplicate header key" : "header keys not in canonical order");
            }
            previousKey = key;
            if (Arrays.equals(key, VERSION)) {
                version = OptionalLong.of(expect(in, 0, "header version is not an unsigned integer"));
            } else if (Arrays.equals(key, ROOTS)) {
                long n = expect(in, 4, "header roots is not an array");
                if (n > StoreLimits.MAX_CAR_ROOTS) {
                    throw malformed("header lists " + n + " roots, over the limit of " + StoreLimits.MAX_CAR_ROOTS);
                }
                roots = new ArrayList<>((int) n);
                for (long r = 0; r < n; r++) {
                    if (expect(in, 6, "header root is not a tagged CID") != 42) {
                        throw malformed("header root has a tag other than 42");
                    }
                    long length = expect(in, 2, "header root CID is not a byte string");
                    byte[] b = take(in, length);
                    if (b.length < 2 || b[0] != 0) {
                        throw malformed("header root CID lacks the 0x00 multibase prefix");
                    }
                    roots.add(Cid.decode(Arrays.copyOfRange(b, 1, b.length)));
                }
            } else {
                throw malformed("unknown header key \"" + new String(key, StandardCharsets.UTF_8) + "\"");
            }
        }
        if (in.hasRemaining()) {
            throw malformed(in.remaining() + " bytes after the header map");
        }
        if (version.isEmpty()) {
            throw malformed("header has no version");
        }
        return new Decoded(version.getAsLong(), roots == null ? List.of() : roots, roots != null);
    }

    private static boolean canonicalOrder(byte[] a, byte[] b) {
        return a.length != b.length ? a.length < b.length : Arrays.compareUnsigned(a, b) < 0;
    }

    private static byte[] take(ByteBuffer in, long length) {
        if (length > in.remaining()) {
            throw malformed("header truncated");
        }
        byte[] b = new byte[(int) length];
        in.get(b);
        return b;
    }

    /** Reads a head of major type {@code major} and returns its argument (minimal encoding required). */
    private static long expect(ByteBuffer in, int major, String otherwise) {
        if (!in.hasRemaining()) {
            throw malformed("header truncated");
        }
        int initial = in.get() & 0xFF;
        if (initial >>> 5 != major) {
            throw malformed(otherwise);
        }
        int info = initial & 31;
        if (info < 24) {
            return info;
        }
        int n = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw malformed("indefinite or reserved CBOR length in header");
        };
        if (in.remaining() < n) {
            throw malformed("header truncated");
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            value = (value << 8) | (in.get() & 0xFF);
        }
        long min = switch (n) {
            case 1 -> 24;
            case 2 -> 0x100;
            case 4 -> 0x10000;
            default -> 0x1_0000_0000L;
        };
        if (value < 0 || Long.compareUnsigned(value, min) < 0) {
            throw malformed("CBOR value not minimally encoded in header");
        }
        return value;
    }

    private static AccelException malformed(String message) {
        return new AccelException(ErrorCode.MALFORMED_INPUT, "CAR " + message);
    }
}
