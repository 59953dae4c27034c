package dev.accel.store.unixfs;

import dev.accel.store.internal.ProtoReader;
import dev.accel.store.internal.ProtoWriter;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The UnixFS {@code Data} message carried in a DAG-PB node's Data field
 * (<a href="https://specs.ipfs.tech/unixfs/">UnixFS spec</a>): Type=1, Data=2, filesize=3, blocksizes=4
 * (repeated, unpacked), hashType=5, fanout=6. {@code mode} (7) and {@code mtime} (8) are decoded and
 * ignored. Immutable.
 */
public final class UnixFsData {
    private static final long[] NO_SIZES = new long[0];

    private final UnixFsType type;
    private final byte[] data; // null when absent
    private final OptionalLong filesize;
    private final long[] blocksizes;
    private final OptionalLong hashType;
    private final OptionalLong fanout;

    private UnixFsData(UnixFsType type, byte[] data, OptionalLong filesize, long[] blocksizes,
                       OptionalLong hashType, OptionalLong fanout) {
        this.type = type;
        this.data = data;
        this.filesize = filesize;
        this.blocksizes = blocksizes;
        this.hashType = hashType;
        this.fanout = fanout;
    }

    /**
     * A File leaf holding {@code chunk} (not copied: the caller gives it up), with {@code filesize} = its
     * length and no Data field when it is empty, as Kubo writes.
     */
    static UnixFsData fileLeaf(byte[] chunk) {
        return new UnixFsData(UnixFsType.FILE, chunk.length == 0 ? null : chunk, OptionalLong.of(chunk.length), NO_SIZES,
                OptionalLong.empty(), OptionalLong.empty());
    }

    /** An internal File node: no data, {@code filesize} = the sum of {@code blocksizes}. */
    static UnixFsData fileNode(long[] blocksizes) {
        long sum = 0;
        for (long b : blocksizes) {
            sum = Math.addExact(sum, b);
        }
        return new UnixFsData(UnixFsType.FILE, null, OptionalLong.of(sum), blocksizes.clone(),
                OptionalLong.empty(), OptionalLong.empty());
    }

    /** A basic (unsharded) directory: Type only. */
    static UnixFsData directory() {
        return new UnixFsData(UnixFsType.DIRECTORY, null, OptionalLong.empty(), NO_SIZES,
                OptionalLong.empty(), OptionalLong.empty());
    }

    public UnixFsType type() {
        return type;
    }

    /** Whether the Data field is present. */
    public boolean hasData() {
        return data != null;
    }

    /** Length of the Data field (0 when absent). */
    public int dataLength() {
        return data == null ? 0 : data.length;
    }

    /** A copy of the Data field (empty when absent). */
    public byte[] copyData() {
        return data == null ? new byte[0] : data.clone();
    }

    byte[] rawData() {
        return data;
    }

    public OptionalLong filesize() {
        return filesize;
    }

    /** A copy of the blocksizes: the content bytes under each link, in link order. */
    public long[] blocksizes() {
        return blocksizes.clone();
    }

    int blocksizeCount() {
        return blocksizes.length;
    }

    long blocksize(int i) {
        return blocksizes[i];
    }

    public OptionalLong hashType() {
        return hashType;
    }

    public OptionalLong fanout() {
        return fanout;
    }

    /** The protobuf bytes, fields in number order, as Kubo and js-ipfs-unixfs write them. */
    public byte[] encode() {
        ProtoWriter w = new ProtoWriter(16 + dataLength() + blocksizes.length * 6);
        w.varintField(1, type.number());
        if (data != null) {
            w.bytesField(2, data);
        }
        if (filesize.isPresent()) {
            w.varintField(3, filesize.getAsLong());
        }
        for (long b : blocksizes) {
            w.varintField(4, b);
        }
        if (hashType.isPresent()) {
            w.varintField(5, hashType.getAsLong());
        }
        if (fanout.isPresent()) {
            w.varintField(6, fanout.getAsLong());
        }
        return w.toByteArray();
    }

    /**
     * Decodes a UnixFS {@code Data} message. Strict: Type present and known, known fields only with their
     * wire types, no singular field twice, minimal varints; blocksizes may be packed or unpacked.
     *
     * @throws dev.accel.AccelException {@link dev.accel.ErrorCode#MALFORMED_INPUT}
     */
    public static UnixFsData decode(byte[] bytes, int offset, int length) {
        ProtoReader r = new ProtoReader(bytes, offset, length, "unixfs data");
        UnixFsType type = null;
        byte[] data = null;
        OptionalLong filesize = OptionalLong.empty();
        OptionalLong hashType = OptionalLong.empty();
        OptionalLong fanout = OptionalLong.empty();
        long[] sizes = new long[8];
        int count = 0;
        int seen = 0;
        while (r.hasMore()) {
            r.nextTag();
            int field = r.field();
            if (field != 4) {
                if (field < 31 && (seen & (1 << field)) != 0) {
                    throw r.malformed("duplicate field " + field);
                }
                if (field < 31) {
                    seen |= 1 << field;
                }
            }
            switch (field) {
                case 1 -> {
                    r.expectWireType(0, "Type");
                    long t = r.varint();
                    type = UnixFsType.ofNumber(t);
                    if (type == null) {
                        throw r.malformed("unknown Type " + t);
                    }
                }
                case 2 -> {
                    r.expectWireType(2, "Data");
                    int off = r.lengthDelimited();
                    data = Arrays.copyOfRange(bytes, off, off + r.lastLength());
                }
                case 3 -> {
                    r.expectWireType(0, "filesize");
                    filesize = OptionalLong.of(r.varint());
                }
                case 4 -> {
                    if (r.wireType() == 0) {
                        sizes = grow(sizes, count);
                        sizes[count++] = r.varint();
                    } else if (r.wireType() == 2) {
                        int off = r.lengthDelimited();
                        ProtoReader packed = new ProtoReader(bytes, off, r.lastLength(), "unixfs blocksizes");
                        while (packed.hasMore()) {
                            sizes = grow(sizes, count);
                            sizes[count++] = packed.varint();
                        }
                    } else {
                        throw r.malformed("blocksizes has wire type " + r.wireType());
                    }
                }
                case 5 -> {
                    r.expectWireType(0, "hashType");
                    hashType = OptionalLong.of(r.varint());
                }
                case 6 -> {
                    r.expectWireType(0, "fanout");
                    fanout = OptionalLong.of(r.varint());
                }
                case 7 -> {
                    r.expectWireType(0, "mode");
                    r.varint();
                }
                case 8 -> {
                    r.expectWireType(2, "mtime");
                    r.lengthDelimited();
                }
                default -> throw r.malformed("unknown field " + field);
            }
        }
        if (type == null) {
            throw r.malformed("no Type");
        }
        return new UnixFsData(type, data, filesize, Arrays.copyOf(sizes, count), hashType, fanout);
    }

    private static long[] grow(long[] a, int count) {
        return count < a.length ? a : Arrays.copyOf(a, a.length * 2);
    }
}
