package dev.accel.store.unixfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.BlockIntegrityException;
import dev.accel.store.BlockNotFoundException;
import dev.accel.store.block.Blockstore;
import dev.accel.store.block.MemoryBlockstore;
import dev.accel.store.cid.Cid;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;
import dev.accel.store.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnixFsTest {
    private static ImportedNode importBytes(ImportProfile p, byte[] data, MemoryBlockstore store) {
        return new UnixFsImporter(p, store).importFile(new ByteArrayInputStream(data));
    }

    @Test
    void publishedFixtures() {
        MemoryBlockstore s = new MemoryBlockstore();
        byte[] hello = "hello world\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", importBytes(ImportProfile.KUBO_LEGACY, new byte[0], s).cid().toString());
        assertEquals("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", importBytes(ImportProfile.KUBO_LEGACY, hello, s).cid().toString());
        // with raw leaves a one-chunk file is its raw leaf; the empty file is the empty raw block
        assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", importBytes(ImportProfile.CIDV1_RAW, new byte[0], s).cid().toString());
        assertEquals("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", importBytes(ImportProfile.UNIXFS_V1_2025, hello, s).cid().toString());
        assertEquals(ImportProfile.UNIXFS_V1_2025, ImportProfile.DEFAULT);
        assertEquals(ImportProfile.CIDV1_RAW, ImportProfile.byName("cidv1-raw"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AccelException.class, () -> ImportProfile.byName("x")).code());
    }

    @Test
    void emptyDirectoryFixture(@TempDir Path tmp) throws IOException {
        Path d = Files.createDirectory(tmp.resolve("empty"));
        MemoryBlockstore s = new MemoryBlockstore();
        assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", new UnixFsImporter(ImportProfile.KUBO_LEGACY, s).importPath(d).cid().toString());
        assertEquals("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354", new UnixFsImporter(ImportProfile.DEFAULT, s).importPath(d).cid().toString());
    }

    @Test
    void filesAroundChunkBoundariesRoundTrip() {
        for (ImportProfile p : ImportProfile.values()) {
            int c = p.chunkSize();
            for (int size : new int[] {1, c - 1, c, c + 1, 2 * c, 3 * c + 7}) {
                MemoryBlockstore s = new MemoryBlockstore();
                byte[] data = TestData.bytes(size, size);
                ImportedNode n = importBytes(p, data, s);
                assertEquals(size, n.contentSize());
                assertEquals(s.totalBytes(), n.dagSize(), "Tsize counts every block once in a file without repeats");
                UnixFsFile f = new UnixFsExporter(s).openFile(n.cid());
                assertEquals(size, f.size());
                assertArrayEquals(data, f.read(0, size), p + " " + size);
                if (size > c) {
                    assertArrayEquals(java.util.Arrays.copyOfRange(data, c - 3, c + 1), f.read(c - 3, 4));
                }
            }
        }
    }

    @Test
    void linkBoundariesBuildDeeperTrees() throws IOException {
        // kubo-legacy and cidv1-raw: 174 leaves fit one node, 175 need a second level
        ImportProfile p = ImportProfile.CIDV1_RAW;
        long c = p.chunkSize();
        for (long size : new long[] {174 * c - 1, 174 * c, 174 * c + 1}) {
            MemoryBlockstore s = new MemoryBlockstore();
            ImportedNode n = new UnixFsImporter(p, s).importFile(TestData.stream(size, size));
            UnixFsExporter x = new UnixFsExporter(s);
            List<PBLink> rootLinks = DagPb.decode(s.get(n.cid()).orElseThrow()).links();
            assertEquals(size > 174 * c ? 2 : 174, rootLinks.size(), "size " + size);
            try (InputStream expected = TestData.stream(size, size); InputStream actual = x.openFile(n.cid()).newInputStream()) {
                assertArrayEquals(expected.readAllBytes(), actual.readAllBytes());
            }
        }
    }

    @Test
    void randomAccessReadsOnlyTheBlocksItNeeds() {
        MemoryBlockstore s = new MemoryBlockstore();
        int size = 200 * 256 * 1024 + 5; // two levels under kubo-legacy
        byte[] data = TestData.bytes(3, size);
        ImportedNode n = importBytes(ImportProfile.KUBO_LEGACY, data, s);
        AtomicInteger gets = new AtomicInteger();
        Blockstore counting = new Blockstore() {
            @Override
            public Optional<byte[]> get(Cid cid) {
                gets.incrementAndGet();
                return s.get(cid);
            }

            @Override
            public boolean has(Cid cid) {
                return s.has(cid);
            }

            @Override
            public void put(Cid cid, byte[] block) {
                s.put(cid, block);
            }
        };
        UnixFsFile f = new UnixFsExporter(counting).openFile(n.cid());
        assertEquals(1, gets.get());
        long offset = 190L * 256 * 1024 + 100;
        assertArrayEquals(java.util.Arrays.copyOfRange(data, (int) offset, (int) offset + 4096), f.read(offset, 4096));
        assertEquals(3, gets.get(), "root, one internal node, one leaf");
        f.read(offset + 4096, 4096);
        assertEquals(3, gets.get(), "the same leaf again comes from the verified cache");
        assertEquals(5, f.read(size - 5, 100).length);
        assertEquals(-1, f.read(size, new byte[1], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> f.read(size + 1, 1));
    }

    @Test
    void corruptedOrMissingBlocksAreNamedAndNeverReturned() {
        MemoryBlockstore s = new MemoryBlockstore();
        byte[] data = TestData.bytes(9, 600_000);
        ImportedNode n = importBytes(ImportProfile.CIDV1_RAW, data, s);
        Cid leaf = DagPb.decode(s.get(n.cid()).orElseThrow()).links().get(1).hash();
        byte[] bad = s.get(leaf).orElseThrow();
        bad[17] ^= 1;
        s.putUnverified(leaf, bad);
        UnixFsFile f = new UnixFsExporter(s).openFile(n.cid());
        assertArrayEquals(java.util.Arrays.copyOf(data, 1000), f.read(0, 1000));
        BlockIntegrityException e = assertThrows(BlockIntegrityException.class, () -> f.read(300_000, 10));
        assertEquals(leaf, e.cid());
        assertTrue(e.getMessage().contains(leaf.toString()));
        MemoryBlockstore partial = new MemoryBlockstore();
        partial.put(n.cid(), s.get(n.cid()).orElseThrow());
        BlockNotFoundException nf = assertThrows(BlockNotFoundException.class,
                () -> new UnixFsExporter(partial).openFile(n.cid()).read(0, 10));
        assertFalse(nf.cid().equals(n.cid()));
    }

    @Test
    void directoriesRoundTrip(@TempDir Path tmp) throws IOException {
        Path model = Files.createDirectory(tmp.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{\"layers\": 2}");
        Files.writeString(model.resolve("tokenizer.json"), "{}");
        Files.write(model.resolve("Zeta"), new byte[0]);
        Files.createDirectory(model.resolve("weights"));
        TestData.write(model.resolve("weights").resolve("model.safetensors"), 5, 3 * 1024 * 1024 + 11);
        Files.writeString(model.resolve(".hidden"), "kept");
        for (ImportProfile p : ImportProfile.values()) {
            MemoryBlockstore s = new MemoryBlockstore();
            ImportedNode root = new UnixFsImporter(p, s).importPath(model);
            UnixFsExporter x = new UnixFsExporter(s);
            assertTrue(x.isDirectory(root.cid()));
            assertEquals(List.of(".hidden", "Zeta", "config.json", "tokenizer.json", "weights"),
                    x.list(root.cid()).stream().map(DirectoryEntry::name).toList(), "sorted by bytes");
            Path out = tmp.resolve("out-" + p.profileName());
            x.exportTo(root.cid(), out);
            for (String f : List.of(".hidden", "Zeta", "config.json", "tokenizer.json", "weights/model.safetensors")) {
                assertArrayEquals(Files.readAllBytes(model.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
            }
            assertThrows(AccelException.class, () -> x.exportTo(root.cid(), out), "target must not exist");
            assertEquals(root.cid(), new UnixFsImporter(p, new MemoryBlockstore()).importPath(out).cid());
        }
    }

    @Test
    void symlinksAreRefusedOnImport(@TempDir Path tmp) throws IOException {
        Path d = Files.createDirectory(tmp.resolve("d"));
        Files.createSymbolicLink(d.resolve("link"), Path.of("/etc/passwd"));
        AccelException e = assertThrows(AccelException.class, () -> new UnixFsImporter(ImportProfile.DEFAULT, new MemoryBlockstore()).importPath(d));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
    }

    @Test
    void badNamesAreRefusedOnExport(@TempDir Path tmp) {
        for (String name : new String[] {"..", ".", "a/b", "/etc", "a\0b", ""}) {
            MemoryBlockstore s = new MemoryBlockstore();
            Cid file = importBytes(ImportProfile.DEFAULT, new byte[] {1}, s).cid();
            byte[] dir = DagPb.encode(List.of(PBLink.of(file, name, 1)), new byte[] {8, 1});
            Cid d = Cid.of(Cid.DAG_PB, dir);
            s.put(d, dir);
            UnixFsExporter x = new UnixFsExporter(s);
            AccelException e = assertThrows(AccelException.class, () -> x.exportTo(d, tmp.resolve("x")), name);
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
            assertThrows(AccelException.class, () -> x.list(d));
        }
        assertFalse(Files.exists(tmp.resolve("x").resolve("..")));
        assertThrows(AccelException.class, () -> EntryNames.check("a".repeat(256)));
    }

    @Test
    void inconsistentBlocksizesAreMalformed() {
        MemoryBlockstore s = new MemoryBlockstore();
        Cid leaf = importBytes(ImportProfile.DEFAULT, new byte[] {1, 2, 3}, s).cid();
        UnixFsData lying = UnixFsData.fileNode(new long[] {4});
        byte[] node = DagPb.encode(List.of(PBLink.of(leaf, "", 3)), lying.encode());
        Cid root = Cid.of(Cid.DAG_PB, node);
        s.put(root, node);
        UnixFsFile f = new UnixFsExporter(s).openFile(root);
        assertEquals(ErrorCode.MALFORMED_INPUT, assertThrows(AccelException.class, () -> f.read(0, 4)).code());
    }

    @Test
    void unixfsDataRoundTripAndStrictness() {
        UnixFsData d = UnixFsData.fileNode(new long[] {262144, 5});
        UnixFsData back = UnixFsData.decode(d.encode(), 0, d.encode().length);
        assertEquals(UnixFsType.FILE, back.type());
        assertEquals(262149, back.filesize().getAsLong());
        assertArrayEquals(new long[] {262144, 5}, back.blocksizes());
        // packed blocksizes, mode and mtime are accepted
        byte[] packed = java.util.HexFormat.of().parseHex("0802" + "2203" + "808010" + "38a403" + "42020801");
        assertArrayEquals(new long[] {262144}, UnixFsData.decode(packed, 0, packed.length).blocksizes());
        for (String hex : new String[] {"", "0809", "08020802", "0802" + "5801", "1801"}) {
            byte[] b = java.util.HexFormat.of().parseHex(hex);
            assertEquals(ErrorCode.MALFORMED_INPUT, assertThrows(AccelException.class, () -> UnixFsData.decode(b, 0, b.length), hex).code());
        }
    }

    @Test
    void multiLevelDag200MiBUnderKuboLegacy() {
        // 800 chunks of 256 KiB: a root of 5 links over 4 full nodes of 174 leaves and one of 104.
        // Streamed: nothing but the tree's internal nodes is kept.
        long size = 200L * 1024 * 1024;
        MemoryBlockstore internal = new MemoryBlockstore();
        AtomicInteger leaves = new AtomicInteger();
        ImportedNode n = new UnixFsImporter(ImportProfile.KUBO_LEGACY, (cid, block) -> {
            if (block.length > 262144) {
                leaves.incrementAndGet();
            } else {
                internal.put(cid, block);
            }
        }).importFile(TestData.stream(200, size));
        assertEquals(800, leaves.get());
        assertEquals(size, n.contentSize());
        List<PBLink> root = DagPb.decode(internal.get(n.cid()).orElseThrow()).links();
        assertEquals(5, root.size());
        assertEquals(MULTI_LEVEL_200MIB_KUBO_LEGACY, n.cid().toString());
    }

    /** Computed by js-ipfs-unixfs-importer in {@code JsCrossCheckTest} on the same bytes (seed 200). */
    static final String MULTI_LEVEL_200MIB_KUBO_LEGACY = "QmbtXez62BdidbhAAxkGu3yM92YZPnVxFC3kiMZ2teyYk8";
}
