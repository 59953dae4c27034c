package dev.accel.store.dagpb;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.StoreLimits;
import dev.accel.store.cid.Cid;
import dev.accel.store.internal.ProtoReader;
import dev.accel.store.internal.ProtoWriter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The <a href="https://ipld.io/specs/codecs/dag-pb/spec/">DAG-PB</a> codec (multicodec 0x70), written by
 * hand. Encoding is canonical: every link ({@code Hash}=1, {@code Name}=2, {@code Tsize}=3, in that order),
 * then {@code Data}=1. Links are written in the order given; UnixFS directories sort them by name before.
 */
public final class DagPb {
    private DagPb() {
    }

    /** The canonical bytes of {@code node}. */
    public static byte[] encode(PBNode node) {
        return encode(node.links(), node.rawData());
    }

    /**
     * The canonical bytes of a node with {@code links} and {@code data} ({@code null}: no Data field),
     * without building a {@link PBNode}.
     */
    public static byte[] encode(List<PBLink> links, byte[] data) {
        ProtoWriter out = new ProtoWriter(links.size() * 48 + (data == null ? 0 : data.length + 6));
        for (PBLink l : links) {
            ProtoWriter one = new ProtoWriter(64);
            one.bytesField(1, l.hash().bytes());
            if (l.name().isPresent()) {
                one.bytesField(2, l.name().get().getBytes(StandardCharsets.UTF_8));
            }
            if (l.tsize().isPresent()) {
                one.varintField(3, l.tsize().getAsLong());
            }
            byte[] encoded = one.toByteArray();
            out.bytesField(2, encoded);
        }
        if (data != null) {
            out.bytesField(1, data);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a DAG-PB block strictly, as the spec and js-dag-pb do: only fields Data (1) and Links (2) in
     * a node and Hash (1), Name (2), Tsize (3) in a link, with their wire types; link fields in order and
     * at most once; Hash present and a valid CID; Name valid UTF-8; at most one Data; Links contiguous (Data
     * may come before or after them, as both forms exist); at most
     * {@link StoreLimits#MAX_LINKS_PER_NODE} links; the block at most {@link StoreLimits#MAX_BLOCK_SIZE}.
     *
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} naming the broken rule
     */
    public static PBNode decode(byte[] block) {
        if (block.length > StoreLimits.MAX_BLOCK_SIZE) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "dag-pb block of " + block.length
                    + " bytes is over the limit of " + StoreLimits.MAX_BLOCK_SIZE);
        }
        ProtoReader r = new ProtoReader(block, 0, block.length, "dag-pb node");
        List<PBLink> links = new ArrayList<>();
        byte[] data = null;
        boolean linksBeforeData = false;
        while (r.hasMore()) {
            r.nextTag();
            switch (r.field()) {
                case 1 -> {
                    r.expectWireType(2, "Data");
                    if (data != null) {
                        throw r.malformed("duplicate Data field");
                    }
                    int off = r.lengthDelimited();
                    data = java.util.Arrays.copyOfRange(block, off, off + r.lastLength());
                    linksBeforeData = !links.isEmpty();
                }
                case 2 -> {
                    r.expectWireType(2, "Links");
                    if (linksBeforeData) {
                        throw r.malformed("Links after Data after Links (links must be contiguous)");
                    }
                    if (links.size() >= StoreLimits.MAX_LINKS_PER_NODE) {
                        throw r.malformed("more than " + StoreLimits.MAX_LINKS_PER_NODE + " links");
                    }
                    int off = r.lengthDelimited();
                    links.add(decodeLink(block, off, r.lastLength()));
                }
                default -> throw r.malformed("unknown field " + r.field());
            }
        }
        return PBNode.owning(links, data);
    }

    private static PBLink decodeLink(byte[] block, int offset, int length) {
        ProtoReader r = new ProtoReader(block, offset, length, "dag-pb link");
        Cid hash = null;
        Optional<String> name = Optional.empty();
        OptionalLong tsize = OptionalLong.empty();
        int lastField = 0;
        while (r.hasMore()) {
            r.nextTag();
            int field = r.field();
            if (field <= lastField) {
                throw r.malformed(field == lastField ? "duplicate field " + field : "fields out of order");
            }
            lastField = field;
            switch (field) {
                case 1 -> {
                    r.expectWireType(2, "Hash");
                    int off = r.lengthDelimited();
                    hash = Cid.decode(java.util.Arrays.copyOfRange(block, off, off + r.lastLength()));
                }
                case 2 -> {
                    r.expectWireType(2, "Name");
                    int off = r.lengthDelimited();
                    name = Optional.of(utf8(block, off, r.lastLength(), r));
                }
                case 3 -> {
                    r.expectWireType(0, "Tsize");
                    tsize = OptionalLong.of(r.varint());
                }
                default -> throw r.malformed("unknown field " + field);
            }
        }
        if (hash == null) {
            throw r.malformed("link without Hash");
        }
        return new PBLink(hash, name, tsize);
    }

    private static String utf8(byte[] bytes, int offset, int length, ProtoReader r) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw r.malformed("link Name is not valid UTF-8");
        }
    }
}
