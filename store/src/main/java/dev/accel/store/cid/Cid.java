package dev.accel.store.cid;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.BlockIntegrityException;
import dev.accel.store.StoreLimits;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A <a href="https://github.com/multiformats/cid">content identifier</a>, version 0 or 1. A CIDv0 is a bare
 * sha2-256 multihash of a dag-pb block, written in base58btc ({@code Qm...}); a CIDv1 is
 * {@code varint(1) varint(codec) multihash}, written by default in base32 lower ({@code b...}). Any codec
 * number decodes; the store itself produces {@link #RAW} and {@link #DAG_PB}. Immutable; equal when the
 * binary forms are equal (so a CIDv0 and its CIDv1 are different CIDs, as in IPFS).
 */
public final class Cid implements Comparable<Cid> {
    /** Raw bytes: the block is the data. */
    public static final long RAW = 0x55;
    /** DAG-PB, the codec of UnixFS nodes. */
    public static final long DAG_PB = 0x70;
    /** DAG-CBOR (decodable; the store does not create it). */
    public static final long DAG_CBOR = 0x71;

    private static final int V0_LENGTH = 34;

    private final int version;
    private final long codec;
    private final Multihash multihash;
    private final byte[] bytes;

    private Cid(int version, long codec, Multihash multihash) {
        this.version = version;
        this.codec = codec;
        this.multihash = multihash;
        if (version == 0) {
            this.bytes = multihash.bytes();
        } else {
            ByteBuffer out = ByteBuffer.allocate(1 + Varint.encodedLength(codec) + multihash.encodedLength());
            Varint.write(1, out);
            Varint.write(codec, out);
            multihash.writeTo(out);
            this.bytes = out.array();
        }
        if (bytes.length > StoreLimits.MAX_CID_LENGTH) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "CID of " + bytes.length + " bytes is over the limit");
        }
    }

    /**
     * A CIDv0 of a sha2-256 multihash (always of a dag-pb block).
     *
     * @throws IllegalArgumentException if the multihash is not sha2-256
     */
    public static Cid v0(Multihash multihash) {
        if (multihash.code() != Multihash.SHA2_256) {
            throw new IllegalArgumentException("a CIDv0 must hold a sha2-256 multihash");
        }
        return new Cid(0, DAG_PB, multihash);
    }

    /** A CIDv1 of {@code codec} and {@code multihash}. */
    public static Cid v1(long codec, Multihash multihash) {
        if (codec < 0) {
            throw new IllegalArgumentException("negative codec");
        }
        return new Cid(1, codec, multihash);
    }

    /** The CIDv1 of {@code block} under {@code codec}, hashed with sha2-256. */
    public static Cid of(long codec, byte[] block) {
        return v1(codec, Multihash.sha256(block));
    }

    /**
     * Parses the string form: {@code Qm...} (CIDv0, 46 characters of base58btc) or a multibase string
     * ({@code b}, {@code z} or {@code k}) of a CIDv1.
     *
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} if the text is not a CID
     */
    public static Cid parse(String text) {
        if (text.length() == 46 && text.startsWith("Qm")) {
            byte[] raw = Multibase.decodeBare(Multibase.Base.BASE58BTC, text);
            return decode(raw);
        }
        Cid cid = decode(Multibase.decode(text));
        if (cid.version == 0) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "a CIDv0 must be written as bare base58btc (Qm...)");
        }
        return cid;
    }

    /** Decodes a whole byte array as one CID; trailing bytes are malformed input. */
    public static Cid decode(byte[] binary) {
        ByteBuffer in = ByteBuffer.wrap(binary);
        Cid cid = read(in);
        if (in.hasRemaining()) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, in.remaining() + " bytes after the CID");
        }
        return cid;
    }

    /** Reads one binary CID from {@code in} at its position, advancing it past the CID. */
    public static Cid read(ByteBuffer in) {
        int start = in.position();
        if (in.remaining() >= 2 && in.get(start) == 0x12 && in.get(start + 1) == 0x20) {
            if (in.remaining() < V0_LENGTH) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, "CIDv0 truncated");
            }
            return v0(Multihash.read(in));
        }
        long version = Varint.read(in);
        if (version != 1) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "unsupported CID version " + version);
        }
        long codec = Varint.read(in);
        return v1(codec, Multihash.read(in));
    }

    public int version() {
        return version;
    }

    /** The multicodec of the block this CID names ({@link #DAG_PB} for every CIDv0). */
    public long codec() {
        return codec;
    }

    public Multihash multihash() {
        return multihash;
    }

    /** The binary form, in a fresh array. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Length of the binary form. */
    public int length() {
        return bytes.length;
    }

    /** Writes the binary form into {@code out} at its position. */
    public void writeTo(ByteBuffer out) {
        out.put(bytes);
    }

    /** This CID as a CIDv1 (itself if it is one). */
    public Cid toV1() {
        return version == 1 ? this : v1(codec, multihash);
    }

    /** Whether {@code block} hashes to this CID. */
    public boolean matches(byte[] block) {
        return multihash.matches(block);
    }

    /**
     * Checks that {@code block} hashes to this CID.
     *
     * @param where where the bytes came from (a file, a CAR offset), for the message; may be empty
     * @throws BlockIntegrityException if it does not
     */
    public void verify(byte[] block, String where) {
        if (!multihash.matches(block)) {
            throw new BlockIntegrityException(this, where);
        }
    }

    /** The string form: base58btc for a CIDv0, base32 lower for a CIDv1. */
    @Override
    public String toString() {
        return version == 0 ? Multibase.encodeBare(Multibase.Base.BASE58BTC, bytes)
                : Multibase.encode(Multibase.Base.BASE32, bytes);
    }

    /**
     * The string form in {@code base}.
     *
     * @throws IllegalArgumentException for a CIDv0 in a base other than base58btc (a CIDv0 has no prefix)
     */
    public String toString(Multibase.Base base) {
        if (version == 0) {
            if (base != Multibase.Base.BASE58BTC) {
                throw new IllegalArgumentException("a CIDv0 is only written in base58btc; use toV1() first");
            }
            return toString();
        }
        return Multibase.encode(base, bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid c && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Orders by binary form (unsigned bytes). */
    @Override
    public int compareTo(Cid other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }
}
