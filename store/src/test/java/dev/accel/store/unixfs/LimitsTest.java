package dev.accel.store.unixfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.StoreLimits;
import dev.accel.store.block.MemoryBlockstore;
import dev.accel.store.car.CarReader;
import dev.accel.store.car.CarWriter;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Multihash;
import dev.accel.store.cid.Varint;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;
import dev.accel.store.local.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every limit of {@link StoreLimits}, one test each: the value at the limit is accepted, one past it is
 * refused with an {@link AccelException} whose message names the limit.
 */
class LimitsTest {
    private static AccelException refused(ErrorCode code, String mustContain, org.junit.jupiter.api.function.Executable e) {
        AccelException x = assertThrows(AccelException.class, e);
        assertEquals(code, x.code(), x.getMessage());
        assertTrue(x.getMessage().contains(mustContain), x.getMessage());
        return x;
    }

    @Test
    void blockSize(@TempDir Path tmp) {
        byte[] big = new byte[StoreLimits.MAX_BLOCK_SIZE + 1];
        refused(ErrorCode.MALFORMED_INPUT, "over the limit of " + StoreLimits.MAX_BLOCK_SIZE, () -> DagPb.decode(big));
        try (ModelStore store = ModelStore.open(tmp.resolve("store"))) {
            refused(ErrorCode.OUT_OF_MEMORY, StoreLimits.MAX_BLOCK_SIZE + "-byte limit", () -> store.blocks().put(Cid.of(Cid.RAW, big), big));
            byte[] max = new byte[StoreLimits.MAX_BLOCK_SIZE];
            store.blocks().put(Cid.of(Cid.RAW, max), max);
            assertEquals(StoreLimits.MAX_BLOCK_SIZE, store.blocks().blockSize(Cid.of(Cid.RAW, max)));
        }
    }

    @Test
    void linksPerNode() {
        Cid leaf = Cid.of(Cid.RAW, new byte[] {1});
        List<PBLink> links = new ArrayList<>(Collections.nCopies(StoreLimits.MAX_LINKS_PER_NODE, PBLink.of(leaf, "", 1)));
        assertEquals(StoreLimits.MAX_LINKS_PER_NODE, DagPb.decode(DagPb.encode(links, null)).links().size());
        links.add(PBLink.of(leaf, "", 1));
        refused(ErrorCode.MALFORMED_INPUT, "more than " + StoreLimits.MAX_LINKS_PER_NODE + " links", () -> DagPb.decode(DagPb.encode(links, null)));
    }

    /** A chain of {@code depth} file nodes over one 1-byte raw leaf. */
    private static Cid chain(MemoryBlockstore store, int depth) {
        Cid c = Cid.of(Cid.RAW, new byte[] {42});
        store.put(c, new byte[] {42});
        for (int i = 0; i < depth; i++) {
            byte[] node = DagPb.encode(List.of(PBLink.of(c, "", 1)), UnixFsData.fileNode(new long[] {1}).encode());
            c = Cid.of(Cid.DAG_PB, node);
            store.put(c, node);
        }
        return c;
    }

    @Test
    void dagDepth() {
        MemoryBlockstore store = new MemoryBlockstore();
        UnixFsExporter ex = new UnixFsExporter(store);
        assertEquals(42, ex.openFile(chain(store, StoreLimits.MAX_DAG_DEPTH)).read(0, 1)[0]);
        Cid tooDeep = chain(store, StoreLimits.MAX_DAG_DEPTH + 1);
        refused(ErrorCode.MALFORMED_INPUT, "deeper than " + StoreLimits.MAX_DAG_DEPTH, () -> ex.openFile(tooDeep).read(0, 1));
    }

    @Test
    void carHeaderSectionAndRoots() {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(Varint.encode(StoreLimits.MAX_CAR_HEADER_SIZE + 1L));
        header.writeBytes(new byte[64]);
        refused(ErrorCode.MALFORMED_INPUT, "outside 1.." + StoreLimits.MAX_CAR_HEADER_SIZE,
                () -> CarReader.open(new ByteArrayInputStream(header.toByteArray())));

        Cid root = Cid.of(Cid.RAW, new byte[] {1});
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        new CarWriter(car, List.of(root));
        car.writeBytes(Varint.encode(StoreLimits.MAX_CAR_SECTION_SIZE + 1L));
        CarReader r = CarReader.open(new ByteArrayInputStream(car.toByteArray()));
        refused(ErrorCode.MALFORMED_INPUT, "over the limit of " + StoreLimits.MAX_CAR_SECTION_SIZE, r::next);

        List<Cid> roots = new ArrayList<>();
        for (int i = 0; i <= StoreLimits.MAX_CAR_ROOTS; i++) {
            roots.add(Cid.of(Cid.RAW, new byte[] {(byte) i, (byte) (i >> 8)}));
        }
        refused(ErrorCode.MALFORMED_INPUT, "over the limit of " + StoreLimits.MAX_CAR_ROOTS,
                () -> CarReader.open(new ByteArrayInputStream(carHeader(roots))));
        assertEquals(StoreLimits.MAX_CAR_ROOTS, CarReader.open(new ByteArrayInputStream(carHeader(roots.subList(0, StoreLimits.MAX_CAR_ROOTS))))
                .header().roots().size());
    }

    /** A CARv1 header listing {@code roots}, encoded by hand (the writer refuses more than the limit). */
    private static byte[] carHeader(List<Cid> roots) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(0xA2); // map(2)
        h.write(0x65); // text(5) "roots"
        h.writeBytes("roots".getBytes());
        h.write(0x99); // array, 2-byte length
        h.write(roots.size() >> 8);
        h.write(roots.size());
        for (Cid c : roots) {
            h.write(0xD8); // tag(42)
            h.write(42);
            byte[] b = c.bytes();
            h.write(0x58); // bytes, 1-byte length
            h.write(b.length + 1);
            h.write(0);
            h.writeBytes(b);
        }
        h.write(0x67); // text(7) "version"
        h.writeBytes("version".getBytes());
        h.write(0x01);
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        car.writeBytes(Varint.encode(h.size()));
        car.writeBytes(h.toByteArray());
        return car.toByteArray();
    }

    @Test
    void cidAndDigestLength() {
        byte[] digest = new byte[StoreLimits.MAX_DIGEST_LENGTH + 1];
        ByteArrayOutputStream mh = new ByteArrayOutputStream();
        mh.writeBytes(Varint.encode(0x13)); // sha2-512 code, with an over-long digest
        mh.writeBytes(Varint.encode(digest.length));
        mh.writeBytes(digest);
        refused(ErrorCode.MALFORMED_INPUT, "over the limit of " + StoreLimits.MAX_DIGEST_LENGTH, () -> Multihash.decode(mh.toByteArray()));
        refused(ErrorCode.OUT_OF_MEMORY, "over the limit of " + StoreLimits.MAX_DIGEST_LENGTH,
                () -> Multihash.identity(new byte[StoreLimits.MAX_DIGEST_LENGTH + 1]));
        assertEquals(StoreLimits.MAX_DIGEST_LENGTH, Multihash.identity(new byte[StoreLimits.MAX_DIGEST_LENGTH]).digestLength());
        // the longest CID the structure allows (version, 9-byte codec, 9-byte hash code, 2-byte length, 128-byte
        // digest) is under MAX_CID_LENGTH, so text is where length is bounded: at most MAX_STRING_LENGTH characters
        refused(ErrorCode.MALFORMED_INPUT, Integer.toString(dev.accel.store.cid.Multibase.MAX_STRING_LENGTH),
                () -> Cid.parse("b" + "a".repeat(dev.accel.store.cid.Multibase.MAX_STRING_LENGTH + 1)));
    }

    @Test
    void entryNameLength() {
        MemoryBlockstore store = new MemoryBlockstore();
        Cid leaf = Cid.of(Cid.RAW, new byte[] {1});
        store.put(leaf, new byte[] {1});
        for (int len : new int[] {StoreLimits.MAX_NAME_LENGTH, StoreLimits.MAX_NAME_LENGTH + 1}) {
            byte[] dir = DagPb.encode(List.of(PBLink.of(leaf, "n".repeat(len), 1)), UnixFsData.directory().encode());
            Cid c = Cid.of(Cid.DAG_PB, dir);
            store.put(c, dir);
            if (len == StoreLimits.MAX_NAME_LENGTH) {
                assertEquals(len, new UnixFsExporter(store).list(c).getFirst().name().length());
            } else {
                refused(ErrorCode.MALFORMED_INPUT, "longer than " + StoreLimits.MAX_NAME_LENGTH, () -> new UnixFsExporter(store).list(c));
            }
        }
    }
}
