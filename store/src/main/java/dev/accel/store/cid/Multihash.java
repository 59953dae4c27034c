package dev.accel.store.cid;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.StoreLimits;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A <a href="https://github.com/multiformats/multihash">multihash</a>: {@code varint(code) varint(length)
 * digest}. Any code decodes (as a number), but only {@link #SHA2_256} and {@link #IDENTITY} can be computed
 * and verified. Digests are at most {@link StoreLimits#MAX_DIGEST_LENGTH} bytes; a sha2-256 digest is exactly
 * 32. Immutable.
 */
public final class Multihash {
    /** The identity "hash": the digest is the data itself. */
    public static final long IDENTITY = 0x00;
    /** SHA2-256, the hash of every CID this store creates. */
    public static final long SHA2_256 = 0x12;
    /** Length of a sha2-256 digest. */
    public static final int SHA2_256_LENGTH = 32;

    private final long code;
    private final byte[] digest;

    private Multihash(long code, byte[] digest) {
        this.code = code;
        this.digest = digest;
    }

    /**
     * A multihash of {@code code} over the given digest (copied).
     *
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} if the digest length does not fit the code
     */
    public static Multihash of(long code, byte[] digest) {
        return checked(code, digest.clone());
    }

    /** The sha2-256 multihash of {@code data}. */
    public static Multihash sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    /** The sha2-256 multihash of {@code length} bytes of {@code data} from {@code offset}. */
    public static Multihash sha256(byte[] data, int offset, int length) {
        MessageDigest md = newSha256();
        md.update(data, offset, length);
        return new Multihash(SHA2_256, md.digest());
    }

    /**
     * The identity multihash of {@code data} (copied).
     *
     * @throws AccelException {@link ErrorCode#OUT_OF_MEMORY} if data is longer than
     *                        {@link StoreLimits#MAX_DIGEST_LENGTH}
     */
    public static Multihash identity(byte[] data) {
        if (data.length > StoreLimits.MAX_DIGEST_LENGTH) {
            throw new AccelException(ErrorCode.OUT_OF_MEMORY, "identity multihash of " + data.length
                    + " bytes is over the limit of " + StoreLimits.MAX_DIGEST_LENGTH);
        }
        return new Multihash(IDENTITY, data.clone());
    }

    /** Decodes a whole byte array as one multihash; trailing bytes are malformed input. */
    public static Multihash decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Multihash mh = read(in);
        if (in.hasRemaining()) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, in.remaining() + " bytes after the multihash");
        }
        return mh;
    }

    /** Reads one multihash from {@code in} at its position, advancing it. */
    public static Multihash read(ByteBuffer in) {
        long code = Varint.read(in);
        long length = Varint.read(in);
        if (length > StoreLimits.MAX_DIGEST_LENGTH) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "multihash digest length " + length
                    + " is over the limit of " + StoreLimits.MAX_DIGEST_LENGTH);
        }
        if (length > in.remaining()) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "multihash truncated: digest of " + length
                    + " bytes, " + in.remaining() + " left");
        }
        byte[] digest = new byte[(int) length];
        in.get(digest);
        return checked(code, digest);
    }

    private static Multihash checked(long code, byte[] digest) {
        if (code < 0) {
            throw new IllegalArgumentException("negative multihash code");
        }
        if (code == SHA2_256 && digest.length != SHA2_256_LENGTH) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "sha2-256 digest must be 32 bytes, got " + digest.length);
        }
        if (digest.length > StoreLimits.MAX_DIGEST_LENGTH) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "multihash digest of " + digest.length
                    + " bytes is over the limit of " + StoreLimits.MAX_DIGEST_LENGTH);
        }
        return new Multihash(code, digest);
    }

    /** The hash function's multicodec code. */
    public long code() {
        return code;
    }

    /** A copy of the digest. */
    public byte[] digest() {
        return digest.clone();
    }

    public int digestLength() {
        return digest.length;
    }

    /** Whether this store can compute this hash ({@link #SHA2_256} or {@link #IDENTITY}). */
    public boolean isSupported() {
        return code == SHA2_256 || code == IDENTITY;
    }

    /**
     * Whether {@code data} hashes to this multihash.
     *
     * @throws AccelException {@link ErrorCode#UNSUPPORTED} for a hash function other than sha2-256 or
     *                        identity
     */
    public boolean matches(byte[] data) {
        return matches(data, 0, data.length);
    }

    /** As {@link #matches(byte[])}, over {@code length} bytes of {@code data} from {@code offset}. */
    public boolean matches(byte[] data, int offset, int length) {
        if (code == SHA2_256) {
            MessageDigest md = newSha256();
            md.update(data, offset, length);
            return MessageDigest.isEqual(md.digest(), digest);
        }
        if (code == IDENTITY) {
            return Arrays.equals(data, offset, offset + length, digest, 0, digest.length);
        }
        throw new AccelException(ErrorCode.UNSUPPORTED, "cannot verify multihash code 0x" + Long.toHexString(code)
                + " (only sha2-256 and identity are supported)");
    }

    /** Bytes of the encoded form. */
    public int encodedLength() {
        return Varint.encodedLength(code) + Varint.encodedLength(digest.length) + digest.length;
    }

    /** The encoded form, {@code varint(code) varint(length) digest}, in a fresh array. */
    public byte[] bytes() {
        ByteBuffer out = ByteBuffer.allocate(encodedLength());
        writeTo(out);
        return out.array();
    }

    /** Writes the encoded form into {@code out} at its position. */
    public void writeTo(ByteBuffer out) {
        Varint.write(code, out);
        Varint.write(digest.length, out);
        out.put(digest);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AccelException(ErrorCode.INTERNAL, "the JDK has no SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash m && m.code == code && Arrays.equals(m.digest, digest);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(code) * 31 + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(code) + ":" + HexFormat.of().formatHex(digest);
    }
}
