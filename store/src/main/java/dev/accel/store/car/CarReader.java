package dev.accel.store.car;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.StoreLimits;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Varint;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a CAR stream, version 1 or 2 (a CARv2's index is ignored; its inner CARv1 payload is read), one
 * verified block at a time. Only a stream: it never seeks. Not thread-safe; does not close the stream.
 *
 * <p>Limits: header at most {@link StoreLimits#MAX_CAR_HEADER_SIZE} bytes, sections (CID + block) at most
 * {@link StoreLimits#MAX_CAR_SECTION_SIZE} bytes, blocks at most {@link StoreLimits#MAX_BLOCK_SIZE} bytes.
 * A truncated stream, a bad varint, a zero-length or oversize section, a bad CID or a malformed header is
 * {@link ErrorCode#MALFORMED_INPUT} naming the offset; a block that does not hash to its CID is a
 * {@link dev.accel.store.BlockIntegrityException}. To import a CAR all-or-nothing, use {@link CarImporter}.
 */
public final class CarReader {
    private static final int V2_PRAGMA_LENGTH = 11;
    private static final int V2_HEADER_LENGTH = 40;

    private final CountingStream in;
    private final CarHeader header;
    private final long payloadEnd; // -1: until the stream ends
    private final boolean verify;

    private CarReader(CountingStream in, CarHeader header, long payloadEnd, boolean verify) {
        this.in = in;
        this.header = header;
        this.payloadEnd = payloadEnd;
        this.verify = verify;
    }

    /** Reads the header(s) of a CAR and returns a reader positioned at its first block. */
    public static CarReader open(InputStream stream) {
        return open(stream, true);
    }

    static CarReader open(InputStream stream, boolean verify) {
        CountingStream in = new CountingStream(new java.io.BufferedInputStream(stream, 1 << 16));
        long headerLength = Varint.read(in);
        if (headerLength < 0) {
            throw malformed(0, "empty stream, no CAR header");
        }
        HeaderCbor.Decoded first = HeaderCbor.decode(readHeaderBytes(in, headerLength));
        if (first.version() == 1) {
            if (!first.hasRoots()) {
                throw malformed(0, "CARv1 header has no roots");
            }
            return new CarReader(in, new CarHeader(1, first.roots()), -1, verify);
        }
        if (first.version() != 2) {
            throw malformed(0, "unsupported CAR version " + first.version());
        }
        if (first.hasRoots() || in.position() != V2_PRAGMA_LENGTH) {
            throw malformed(0, "CARv2 pragma must be exactly {version: 2}");
        }
        byte[] v2 = readFully(in, V2_HEADER_LENGTH, "CARv2 header");
        ByteBuffer b = ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN);
        b.position(16); // characteristics: not needed to read the payload
        long dataOffset = b.getLong();
        long dataSize = b.getLong();
        long minOffset = V2_PRAGMA_LENGTH + V2_HEADER_LENGTH;
        if (dataOffset < minOffset || dataSize < 0 || dataOffset > Long.MAX_VALUE - dataSize) {
            throw malformed(V2_PRAGMA_LENGTH, "CARv2 header has a bad data offset " + dataOffset + " or size " + dataSize);
        }
        skipFully(in, dataOffset - minOffset);
        long innerLength = Varint.read(in);
        if (innerLength < 0) {
            throw malformed(in.position(), "CARv2 payload truncated");
        }
        HeaderCbor.Decoded inner = HeaderCbor.decode(readHeaderBytes(in, innerLength));
        if (inner.version() != 1 || !inner.hasRoots()) {
            throw malformed(dataOffset, "CARv2 payload is not a CARv1 with roots");
        }
        if (in.position() > dataOffset + dataSize) {
            throw malformed(dataOffset, "CARv2 payload header overruns the data size");
        }
        return new CarReader(in, new CarHeader(2, inner.roots()), dataOffset + dataSize, verify);
    }

    public CarHeader header() {
        return header;
    }

    /**
     * The next block, verified, or empty at the end of the CAR (the end of the stream for a CARv1, the end
     * of the payload for a CARv2).
     */
    public Optional<CarBlock> next() {
        long start = in.position();
        if (payloadEnd >= 0 && start >= payloadEnd) {
            if (start > payloadEnd) {
                throw malformed(start, "section overruns the CARv2 data size");
            }
            return Optional.empty();
        }
        long length = Varint.read(in);
        if (length < 0) {
            if (payloadEnd >= 0) {
                throw malformed(start, "CARv2 payload truncated (" + (payloadEnd - start) + " bytes missing)");
            }
            return Optional.empty();
        }
        if (length == 0) {
            throw malformed(start, "zero-length section");
        }
        if (length > StoreLimits.MAX_CAR_SECTION_SIZE) {
            throw malformed(start, "section of " + length + " bytes is over the limit of " + StoreLimits.MAX_CAR_SECTION_SIZE);
        }
        byte[] section = readFully(in, (int) length, "section");
        ByteBuffer buf = ByteBuffer.wrap(section);
        Cid cid;
        try {
            cid = Cid.read(buf);
        } catch (AccelException e) {
            throw malformed(start, "section has a bad CID: " + e.getMessage());
        }
        byte[] block = Arrays.copyOfRange(section, buf.position(), section.length);
        if (block.length > StoreLimits.MAX_BLOCK_SIZE) {
            throw malformed(start, "block " + cid + " of " + block.length + " bytes is over the limit");
        }
        if (payloadEnd >= 0 && in.position() > payloadEnd) {
            throw malformed(start, "section overruns the CARv2 data size");
        }
        if (verify) {
            cid.verify(block, "CAR section at offset " + start);
        }
        return Optional.of(new CarBlock(cid, block, start));
    }

    private static byte[] readHeaderBytes(CountingStream in, long length) {
        if (length == 0 || length > StoreLimits.MAX_CAR_HEADER_SIZE) {
            throw malformed(0, "header length " + length + " is outside 1.." + StoreLimits.MAX_CAR_HEADER_SIZE);
        }
        return readFully(in, (int) length, "header");
    }

    private static byte[] readFully(CountingStream in, int length, String what) {
        long start = in.position();
        try {
            byte[] b = in.readNBytes(length);
            if (b.length < length) {
                throw malformed(start, what + " truncated: " + b.length + " of " + length + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "reading the CAR failed: " + e.getMessage(), e);
        }
    }

    private static void skipFully(CountingStream in, long n) {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw malformed(in.position(), "CARv2 truncated before its data offset");
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "reading the CAR failed: " + e.getMessage(), e);
        }
    }

    private static AccelException malformed(long offset, String message) {
        return new AccelException(ErrorCode.MALFORMED_INPUT, "malformed CAR at offset " + offset + ": " + message);
    }

    /** An input stream that counts the bytes it delivered. */
    private static final class CountingStream extends InputStream {
        private final InputStream in;
        private long position;

        CountingStream(InputStream in) {
            this.in = in;
        }

        long position() {
            return position;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                position += n;
            }
            return n;
        }
    }
}
