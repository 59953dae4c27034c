package dev.accel.store.fuzz;

import dev.accel.testing.MutationFuzzer;
import dev.accel.AccelException;
import dev.accel.store.block.Blockstore;
import dev.accel.store.block.MemoryBlockstore;
import dev.accel.store.car.CarBlock;
import dev.accel.store.car.CarReader;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Multibase;
import dev.accel.store.cid.Multihash;
import dev.accel.store.cid.Varint;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBNode;
import dev.accel.store.unixfs.DirectoryEntry;
import dev.accel.store.unixfs.UnixFsData;
import dev.accel.store.unixfs.UnixFsExporter;
import dev.accel.store.unixfs.UnixFsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes every parser of the store that reads outside data. The only outcomes allowed: a correct result
 * (checked by a round trip where the format has one) or {@link AccelException}. Default: a few thousand
 * inputs per target (seconds in all); {@code -Dfuzz.seconds=N} runs each target for N seconds.
 */
class StoreFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 4000);

    private static void check(MutationFuzzer.Result r) {
        System.out.println(r);
        assertTrue(r.findings().isEmpty(), () -> r + "\n" + String.join("\n\n", r.findings()));
        assertTrue(r.accepted() > 0 && r.refused() > 0, () -> "a fuzz run should see both outcomes: " + r);
    }

    @Test
    void varints() throws Exception {
        check(new MutationFuzzer("varint", AccelException.class).run(ITERATIONS, in -> {
            ByteBuffer b = ByteBuffer.wrap(in);
            while (b.hasRemaining()) {
                int start = b.position();
                long v = Varint.read(b);
                assertArrayEquals(Arrays.copyOfRange(in, start, b.position()), Varint.encode(v), "a varint re-encodes to its bytes");
            }
            InputStream s = new ByteArrayInputStream(in);
            for (long v = Varint.read(s); v >= 0; v = Varint.read(s)) {
                assertTrue(v >= 0);
            }
        }));
    }

    @Test
    void binaryCids() throws Exception {
        check(new MutationFuzzer("cid-binary", AccelException.class).run(ITERATIONS, in -> {
            Cid cid = Cid.decode(in);
            assertArrayEquals(in, cid.bytes());
            assertEquals(cid, Cid.parse(cid.toString()));
            assertEquals(cid, Cid.decode(cid.bytes()));
        }));
    }

    @Test
    void textCidsAndMultibase() throws Exception {
        check(new MutationFuzzer("cid-text", AccelException.class)
                .dictionary("Qm", "b", "z", "f", "B", "F", "m", "u", "bafy", "bafk", "=", "0", "l", "I", "O", "\u00e9", "\0")
                .run(ITERATIONS, in -> {
                    String text = new String(in, StandardCharsets.UTF_8);
                    try {
                        Multibase.decode(text);
                    } catch (AccelException ignored) {
                        // not multibase: the CID parser must say the same kind of thing
                    }
                    Cid cid = Cid.parse(text);
                    assertEquals(cid, Cid.parse(cid.toString()));
                    assertEquals(cid, Cid.decode(cid.bytes()));
                }));
    }

    @Test
    void multihashes() throws Exception {
        check(new MutationFuzzer("multihash", AccelException.class).run(ITERATIONS, in -> {
            Multihash mh = Multihash.decode(in);
            assertArrayEquals(in, mh.bytes());
            assertEquals(mh, Multihash.decode(mh.bytes()));
        }));
    }

    @Test
    void dagPbNodes() throws Exception {
        check(new MutationFuzzer("dagpb", AccelException.class).run(ITERATIONS, in -> {
            PBNode node = DagPb.decode(in);
            byte[] canonical = node.encode();
            assertArrayEquals(canonical, DagPb.decode(canonical).encode(), "encode(decode(x)) is stable");
            assertEquals(node.links().size(), DagPb.decode(canonical).links().size());
        }));
    }

    @Test
    void unixFsData() throws Exception {
        check(new MutationFuzzer("unixfs-data", AccelException.class).run(ITERATIONS, in -> {
            UnixFsData d = UnixFsData.decode(in, 0, in.length);
            byte[] again = d.encode();
            assertArrayEquals(again, UnixFsData.decode(again, 0, again.length).encode());
        }));
    }

    @Test
    void carStreams() throws Exception {
        check(new MutationFuzzer("car", AccelException.class).run(ITERATIONS / 2, in -> {
            CarReader r = CarReader.open(new ByteArrayInputStream(in));
            assertTrue(!r.header().roots().isEmpty());
            for (Optional<CarBlock> b = r.next(); b.isPresent(); b = r.next()) {
                assertTrue(b.get().cid().matches(b.get().block()), "a CAR block handed out matches its CID");
            }
        }));
    }

    /**
     * A directory DAG whose root node is mutated (and stored under its new CID beside the original blocks):
     * listing, reading every file and exporting either work or fail with AccelException, and an export
     * never creates anything outside its target folder.
     */
    @Test
    void unixFsDagsAndExport(@TempDir Path tmp) throws Exception {
        MemoryBlockstore base = new MemoryBlockstore();
        List<byte[]> seeds = new java.util.ArrayList<>();
        for (byte[] car : new MutationFuzzer("unixfs-dag", AccelException.class).seeds()) {
            CarReader r = CarReader.open(new ByteArrayInputStream(car));
            Cid root = r.header().roots().getFirst();
            for (Optional<CarBlock> b = r.next(); b.isPresent(); b = r.next()) {
                base.put(b.get().cid(), b.get().block());
            }
            seeds.add(base.get(root).orElseThrow());
        }
        AtomicLong n = new AtomicLong();
        Path area = Files.createDirectories(tmp.resolve("area"));
        check(new MutationFuzzer("unixfs-dag", AccelException.class).run(seeds, ITERATIONS / 4, in -> {
            Cid cid = Cid.of(Cid.DAG_PB, in);
            UnixFsExporter ex = new UnixFsExporter(new Overlay(base, cid, in));
            long tag = n.incrementAndGet();
            Path target = area.resolve("out-" + tag);
            try {
                if (ex.isDirectory(cid)) {
                    for (DirectoryEntry e : ex.list(cid)) {
                        assertTrue(!e.name().isEmpty() && !e.name().contains("/") && !e.name().equals(".."), e.name());
                    }
                } else {
                    UnixFsFile f = ex.openFile(cid);
                    byte[] all = f.newInputStream().readAllBytes();
                    assertEquals(f.size(), all.length);
                }
                ex.exportTo(cid, target);
            } finally {
                try (Stream<Path> s = Files.list(area)) {
                    for (Path p : s.toList()) {
                        assertTrue(p.getFileName().toString().equals("out-" + tag), "export wrote outside its target: " + p);
                    }
                }
                deleteTree(target);
            }
        }));
    }

    /** The base blocks plus one more, without copying the base. */
    private record Overlay(MemoryBlockstore base, Cid cid, byte[] block) implements Blockstore {
        @Override
        public void put(Cid c, byte[] b) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public Optional<byte[]> get(Cid c) {
            return c.equals(cid) ? Optional.of(block.clone()) : base.get(c);
        }

        @Override
        public boolean has(Cid c) {
            return c.equals(cid) || base.has(c);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
