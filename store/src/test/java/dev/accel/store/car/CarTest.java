package dev.accel.store.car;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.BlockIntegrityException;
import dev.accel.store.block.MemoryBlockstore;
import dev.accel.store.cid.Cid;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.testing.TestData;
import dev.accel.store.unixfs.ImportProfile;
import dev.accel.store.unixfs.ImportedNode;
import dev.accel.store.unixfs.UnixFsExporter;
import dev.accel.store.unixfs.UnixFsImporter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CarTest {
    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = CarTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheCarV1SpecFixture() throws IOException {
        byte[] car = fixture("carv1-basic.car");
        CarReader r = CarReader.open(new ByteArrayInputStream(car));
        assertEquals(List.of(Cid.parse("bafyreihyrpefhacm6kkp4ql6j6udakdit7g3dmkzfriqfykhjw6cad5lrm"),
                Cid.parse("bafyreidj5idub6mapiupjwjsyyxhyhedxycv4vihfsicm2vt46o7morwlm")), r.header().roots());
        List<String> cids = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (Optional<CarBlock> b = r.next(); b.isPresent(); b = r.next()) {
            cids.add(b.get().cid().toString());
            offsets.add(b.get().offset());
            if (b.get().cid().codec() == Cid.DAG_PB) {
                // our encoder reproduces the fixture's dag-pb blocks byte for byte
                assertArrayEquals(b.get().block(), DagPb.encode(DagPb.decode(b.get().block())));
            }
        }
        // from carv1-basic.json
        assertEquals(List.of("bafyreihyrpefhacm6kkp4ql6j6udakdit7g3dmkzfriqfykhjw6cad5lrm",
                "QmNX6Tffavsya4xgBi2VJQnSuqy9GsxongxZZ9uZBqp16d",
                "bafkreifw7plhl6mofk6sfvhnfh64qmkq73oeqwl6sloru6rehaoujituke",
                "QmWXZxVQ9yZfhQxLD35eDR8LiMRsYtHxYqTFCBbJoiJVys",
                "bafkreiebzrnroamgos2adnbpgw5apo3z4iishhbdx77gldnbk57d4zdio4",
                "QmdwjhxpxzcMsR3qUuj7vUL8pbA7MgR3GAxWi2GLHjsKCT",
                "bafkreidbxzk2ryxwwtqxem4l3xyyjvw35yu4tcct4cqeqxwo47zhxgxqwq",
                "bafyreidj5idub6mapiupjwjsyyxhyhedxycv4vihfsicm2vt46o7morwlm"), cids);
        assertEquals(List.of(100L, 192L, 325L, 366L, 496L, 537L, 619L, 660L), offsets);

        // writing the same header and sections back gives the fixture byte for byte
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarReader again = CarReader.open(new ByteArrayInputStream(car));
        CarWriter w = new CarWriter(out, again.header().roots());
        for (Optional<CarBlock> b = again.next(); b.isPresent(); b = again.next()) {
            w.write(b.get().cid(), b.get().block());
        }
        assertArrayEquals(car, out.toByteArray());
    }

    @Test
    void readsTheCarV2SpecFixture() throws IOException {
        CarReader r = CarReader.open(new ByteArrayInputStream(fixture("carv2-basic.car")));
        assertEquals(2, r.header().version());
        assertEquals(List.of(Cid.parse("QmfEoLyB5NndqeKieExd1rtJzTduQUPEV8TwAYcUiy3H5Z")), r.header().roots());
        List<String> cids = new ArrayList<>();
        for (Optional<CarBlock> b = r.next(); b.isPresent(); b = r.next()) {
            cids.add(b.get().cid().toString());
        }
        assertEquals(List.of("QmfEoLyB5NndqeKieExd1rtJzTduQUPEV8TwAYcUiy3H5Z", "QmczfirA7VEH7YVvKPTPoU69XM3qY4DC39nnTsWd4K3SkM",
                "Qmcpz2FHJD7VAhg1fxFXdYJKePtkx1BsHuCrAgWVnaHMTE", "bafkreifuosuzujyf4i6psbneqtwg2fhplc2wxptc5euspa2gn3bwhnihfu",
                "bafkreifc4hca3inognou377hfhvu2xfchn2ltzi7yu27jkaeujqqqdbjju"), cids);
        MemoryBlockstore store = new MemoryBlockstore();
        CarImporter.Result result = new CarImporter(store).importCar(new ByteArrayInputStream(fixture("carv2-basic.car")));
        assertEquals(5, result.blocks());
        assertEquals(5, store.size());
        // the fixture's root is a dag-pb node with one link named 🍤
        byte[] root = store.get(result.header().roots().get(0)).orElseThrow();
        assertEquals("🍤", DagPb.decode(root).links().get(0).name().orElseThrow());
    }

    @Test
    void dagRoundTripsThroughCar() {
        MemoryBlockstore store = new MemoryBlockstore();
        ImportedNode file = new UnixFsImporter(ImportProfile.CIDV1_RAW, store).importFile(TestData.stream(7, 3_000_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = CarWriter.writeDag(store, List.of(file.cid()), out);
        assertEquals(store.size(), written);
        MemoryBlockstore other = new MemoryBlockstore();
        CarImporter.Result r = new CarImporter(other).importCar(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(List.of(file.cid()), r.header().roots());
        assertEquals(store.cids(), other.cids());
        assertArrayEquals(TestData.bytes(7, 3_000_000), new UnixFsExporter(other).openFile(file.cid()).read(0, 3_000_000));
    }

    @Test
    void malformedCarsImportNothing() throws IOException {
        byte[] car = fixture("carv1-basic.car");
        // truncated inside the header, a varint, a CID or a block (a CARv1 cut exactly between sections is
        // a valid, shorter CAR: the format cannot tell)
        for (int cut : new int[] {0, 1, 50, 99, 101, 140, 200, 700, 714}) {
            assertImportsNothing(Arrays.copyOf(car, cut), ErrorCode.MALFORMED_INPUT);
        }
        // a bad varint (non-minimal) for the first section length
        byte[] bad = car.clone();
        bad[100] = (byte) 0x80; // 0x80 followed by the CID's 0x01: a varint that does not end where it must
        assertImportsNothing(bad, ErrorCode.MALFORMED_INPUT);
        // a section over the limit
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        big.write(car, 0, 100);
        big.write(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x81, 0x01}); // 2 MiB + 0x4000 ... over the limit
        big.write(new byte[64]);
        assertImportsNothing(big.toByteArray(), ErrorCode.MALFORMED_INPUT);
        // a zero-length section
        byte[] zero = Arrays.copyOf(car, car.length + 1);
        assertImportsNothing(zero, ErrorCode.MALFORMED_INPUT);
        // one flipped byte in the last block: every earlier block is fine, still nothing is imported
        byte[] flipped = car.clone();
        flipped[car.length - 1] ^= 1;
        BlockIntegrityException e = assertThrows(BlockIntegrityException.class,
                () -> new CarImporter(new MemoryBlockstore()).importCar(new ByteArrayInputStream(flipped)));
        assertEquals("bafyreidj5idub6mapiupjwjsyyxhyhedxycv4vihfsicm2vt46o7morwlm", e.cid().toString());
        assertImportsNothing(flipped, ErrorCode.INTEGRITY);
        // headers: wrong version, not a map, unknown key, keys out of order
        assertImportsNothing(withHeader(HexFormat.of().parseHex("a16776657273696f6e03")), ErrorCode.MALFORMED_INPUT);
        assertImportsNothing(withHeader(HexFormat.of().parseHex("8101")), ErrorCode.MALFORMED_INPUT);
        assertImportsNothing(withHeader(HexFormat.of().parseHex("a265726f6f7473806178016776657273696f6e01")), ErrorCode.MALFORMED_INPUT);
        assertImportsNothing(withHeader(HexFormat.of().parseHex("a26776657273696f6e0165726f6f747380")), ErrorCode.MALFORMED_INPUT);
        // a well-formed header with no roots is accepted
        assertEquals(0, new CarImporter(new MemoryBlockstore()).importCar(
                new ByteArrayInputStream(withHeader(HexFormat.of().parseHex("a265726f6f7473806776657273696f6e01")))).blocks());
    }

    @Test
    void truncatedCarV2ImportsNothing() throws IOException {
        byte[] car = fixture("carv2-basic.car");
        for (int cut : new int[] {5, 11, 30, 51, 60, 300, 498}) {
            assertImportsNothing(Arrays.copyOf(car, cut), ErrorCode.MALFORMED_INPUT);
        }
    }

    private static byte[] withHeader(byte[] cbor) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(cbor.length);
        out.writeBytes(cbor);
        return out.toByteArray();
    }

    private static void assertImportsNothing(byte[] car, ErrorCode code) {
        MemoryBlockstore store = new MemoryBlockstore();
        AccelException e = assertThrows(AccelException.class, () -> new CarImporter(store).importCar(new ByteArrayInputStream(car)));
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(0, store.size(), "a failed import must put nothing");
        assertTrue(e.getMessage().length() > 10);
    }
}
