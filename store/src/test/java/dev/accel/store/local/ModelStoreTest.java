package dev.accel.store.local;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.store.BlockIntegrityException;
import dev.accel.store.StoreLimits;
import dev.accel.store.cid.Cid;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;
import dev.accel.store.testing.TestData;
import dev.accel.store.unixfs.ImportProfile;
import dev.accel.store.unixfs.ImportedNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelStoreTest {
    static final int MIB = 1 << 20;
    static final java.util.function.LongConsumer NONE = l -> {
    };

    @TempDir
    Path tmp;

    static byte[] readAll(ModelStore store, Cid cid) {
        var f = store.openFile(cid);
        return f.read(0, (int) f.size());
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x01);
        }
    }

    /** The raw leaves of a one-level file DAG. */
    static List<Cid> leaves(ModelStore store, Cid root) {
        return DagPb.decode(store.blocks().get(root).orElseThrow()).links().stream().map(PBLink::hash).toList();
    }

    @Test
    void addAndReadBackWithEveryProfileAndSameCidAsInMemory() throws IOException {
        Path file = TestData.write(tmp.resolve("f.bin"), 1, 3 * MIB + 17);
        byte[] content = Files.readAllBytes(file);
        try (ModelStore store = ModelStore.open(tmp.resolve("store"))) {
            for (ImportProfile p : ImportProfile.values()) {
                ImportedNode n = store.add(file, p, true, NONE);
                var mem = new dev.accel.store.block.MemoryBlockstore();
                assertEquals(new dev.accel.store.unixfs.UnixFsImporter(p, mem).importFile(file).cid(), n.cid(), p.profileName());
                assertArrayEquals(content, readAll(store, n.cid()), p.profileName());
                assertEquals(PinKind.RECURSIVE, store.pins().list().get(n.cid()));
            }
        }
        try (Stream<Path> left = Files.list(tmp.resolve("store/tmp"))) {
            assertEquals(0, left.count(), "atomic writes leave nothing in tmp/");
        }
    }

    @Test
    void pinsAndRegistrySurviveReopen() throws IOException {
        Path root = tmp.resolve("store");
        Path file = TestData.write(tmp.resolve("m.onnx"), 2, 5000);
        Cid a;
        Cid b;
        try (ModelStore store = ModelStore.open(root)) {
            a = store.add(file, ImportProfile.DEFAULT, true, NONE).cid();
            b = store.add(TestData.stream(3, 100), ImportProfile.KUBO_LEGACY, false, NONE).cid();
            assertEquals(PinKind.DIRECT, store.pin(b, PinKind.DIRECT));
            ModelEntry e = store.addModel("org/tiny-model", file, ImportProfile.DEFAULT, null, false, NONE);
            assertEquals("onnx", e.manifest().format());
            assertEquals(5000, e.manifest().size());
            assertThrows(AccelException.class, () -> store.addModel("org/tiny-model", file, ImportProfile.DEFAULT, null, false, NONE));
            AccelException bad = assertThrows(AccelException.class, () -> store.addModel("../evil", file, ImportProfile.DEFAULT, null, false, NONE));
            assertEquals(ErrorCode.INVALID_ARGUMENT, bad.code());
        }
        try (ModelStore again = ModelStore.open(root)) {
            assertEquals(Map.of(a, PinKind.RECURSIVE, b, PinKind.DIRECT), again.pins().list());
            ModelEntry e = again.registry().get("org/tiny-model").orElseThrow();
            assertEquals(a, e.root());
            assertEquals("unixfs-v1-2025", e.manifest().profile());
            assertEquals(file.toAbsolutePath().normalize().toString(), e.manifest().source());
            assertTrue(e.manifest().created().isBefore(Instant.now().plusSeconds(1)));
            assertEquals(Optional.of(PinKind.DIRECT), again.unpin(b));
            assertEquals(Optional.empty(), again.unpin(b));
            assertTrue(again.removeModel("org/tiny-model").isPresent());
        }
        try (ModelStore third = ModelStore.open(root)) {
            assertEquals(Map.of(a, PinKind.RECURSIVE), third.pins().list());
            assertTrue(third.registry().list().isEmpty());
        }
    }

    @Test
    void registryKeepsUnknownManifestKeys() {
        try (ModelStore store = ModelStore.open(tmp.resolve("store"))) {
            Cid root = store.add(TestData.stream(4, 10), ImportProfile.DEFAULT, false, NONE).cid();
            var m = new ModelManifest("gguf", 10, "test", "unknown", Instant.parse("2025-01-02T03:04:05Z"), Map.of("inputs", List.of("x")));
            store.nameModel("m", root, m, false);
            assertEquals(m, ModelStore.open(tmp.resolve("store")).registry().get("m").orElseThrow().manifest());
        }
    }

    @Test
    void corruptedBlockFailsCatOpenAndVerifyNamingIt() throws IOException {
        try (ModelStore store = ModelStore.open(tmp.resolve("store")); MemoryScope scope = MemoryScope.shared()) {
            Cid root = store.add(TestData.stream(5, 3 * MIB), ImportProfile.DEFAULT, true, NONE).cid();
            Cid bad = leaves(store, root).get(1);
            Path file = store.blocks().pathOf(bad);
            flipByte(file, 12345);

            BlockIntegrityException cat = assertThrows(BlockIntegrityException.class, () -> readAll(store, root));
            assertEquals(bad, cat.cid());
            assertTrue(cat.getMessage().contains(bad.toString()) && cat.getMessage().contains(file.toString()), cat.getMessage());
            assertThrows(BlockIntegrityException.class, () -> store.blocks().get(bad));

            BlockIntegrityException open = assertThrows(BlockIntegrityException.class, () -> store.open(root, scope));
            assertTrue(open.getMessage().contains(bad.toString()) && open.getMessage().contains(file.toString()), open.getMessage());
            assertFalse(Files.exists(store.root().resolve("files").resolve(StoreLayout.name(root))), "no materialized copy of a bad DAG");

            VerifyReport r = store.verify(false, NONE);
            assertEquals(1, r.problems().size(), r.problems().toString());
            VerifyReport.Problem p = r.problems().getFirst();
            assertEquals(VerifyReport.Kind.BAD_BLOCK, p.kind());
            assertEquals(Optional.of(bad), p.cid());
            assertEquals(file, p.file());
            assertTrue(p.toString().contains(bad.toString()));

            // gc still works (raw leaves are not read to mark) and keeps the bad block: it is pinned
            store.gc(NONE);
            assertTrue(Files.exists(file));

            // repair removes it; importing the file again restores it
            assertTrue(store.verify(true, NONE).repaired());
            assertFalse(Files.exists(file));
            store.add(TestData.stream(5, 3 * MIB), ImportProfile.DEFAULT, true, NONE);
            assertTrue(store.verify(false, NONE).ok());
            assertArrayEquals(TestData.bytes(5, 3 * MIB), readAll(store, root));
        }
    }

    @Test
    void corruptedDagPbNodeStopsGcWithoutRemovingAnything() throws IOException {
        try (ModelStore store = ModelStore.open(tmp.resolve("store"))) {
            Cid root = store.add(TestData.stream(6, 2 * MIB + 1), ImportProfile.DEFAULT, true, NONE).cid();
            Cid garbage = store.add(TestData.stream(7, 100), ImportProfile.DEFAULT, false, NONE).cid();
            flipByte(store.blocks().pathOf(root), 3);
            AccelException e = assertThrows(AccelException.class, () -> store.gc(NONE));
            assertEquals(ErrorCode.INTEGRITY, e.code());
            assertTrue(e.getMessage().contains(root.toString()) && e.getMessage().contains("removed nothing"), e.getMessage());
            assertTrue(store.blocks().has(garbage));
        }
    }

    @Test
    void openMapsTheWholeFileReadOnlyAndVerifyDetectsACorruptedCopy() throws IOException {
        byte[] content = TestData.bytes(8, 3 * MIB + 5);
        try (ModelStore store = ModelStore.open(tmp.resolve("store")); MemoryScope scope = MemoryScope.shared()) {
            Cid root = store.add(new java.io.ByteArrayInputStream(content), ImportProfile.DEFAULT, true, NONE).cid();
            MappedFile m = store.open(root, scope);
            assertEquals(MemoryKind.MAPPED_FILE, m.memory().kind());
            assertEquals(content.length, m.size());
            assertTrue(m.segment().isReadOnly());
            assertArrayEquals(content, m.segment().toArray(ValueLayout.JAVA_BYTE));
            assertThrows(IllegalArgumentException.class, () -> m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
            MappedFile again = store.open(root, scope);
            assertEquals(m.path(), again.path());
            assertEquals(Files.getLastModifiedTime(m.path()), Files.getLastModifiedTime(again.path()), "no second copy");

            // corrupting a block after materialization: cat and verify name it; open maps the verified copy
            Cid leaf = leaves(store, root).get(2);
            flipByte(store.blocks().pathOf(leaf), 7);
            // (a fresh store instance: this one's exporter caches verified nodes it has read)
            assertThrows(BlockIntegrityException.class, () -> readAll(ModelStore.open(store.root()), root));
            assertEquals(List.of(leaf), store.verify(false, NONE).problems().stream().map(p -> p.cid().orElseThrow()).toList());
            assertArrayEquals(content, store.open(root, scope).segment().toArray(ValueLayout.JAVA_BYTE));
            flipByte(store.blocks().pathOf(leaf), 7);

            // corrupting the materialized copy: verify reports it; repair removes it; open re-makes it
            flipByte(m.path(), 2 * MIB + 3);
            VerifyReport r = store.verify(false, NONE);
            assertEquals(1, r.problems().size(), r.problems().toString());
            assertEquals(VerifyReport.Kind.BAD_MATERIALIZED_FILE, r.problems().getFirst().kind());
            assertTrue(r.problems().getFirst().detail().contains("byte " + (2 * MIB + 3)), r.problems().getFirst().detail());
            assertArrayEquals(content, store.open(root, scope, true).segment().toArray(ValueLayout.JAVA_BYTE), "verified open re-makes it");
            assertTrue(store.verify(false, NONE).ok());

            // truncating it: open refuses with the sizes
            try (RandomAccessFile raf = new RandomAccessFile(m.path().toFile(), "rw")) {
                raf.setLength(100);
            }
            AccelException t = assertThrows(AccelException.class, () -> store.open(root, scope));
            assertEquals(ErrorCode.INTEGRITY, t.code());
            assertTrue(store.verify(true, NONE).repaired());
            assertArrayEquals(content, store.open(root, scope).segment().toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void openRawSingleBlockEmptyAndMultiLevelFiles() throws IOException {
        try (ModelStore store = ModelStore.open(tmp.resolve("store")); MemoryScope scope = MemoryScope.shared()) {
            byte[] small = TestData.bytes(9, 1000);
            Cid raw = store.add(new java.io.ByteArrayInputStream(small), ImportProfile.CIDV1_RAW, false, NONE).cid();
            assertEquals(Cid.RAW, raw.codec());
            assertArrayEquals(small, store.open(raw, scope).segment().toArray(ValueLayout.JAVA_BYTE));

            Cid empty = store.add(new java.io.ByteArrayInputStream(new byte[0]), ImportProfile.KUBO_LEGACY, false, NONE).cid();
            assertEquals(0, store.open(empty, scope).size());

            // kubo-legacy: 256 KiB dag-pb leaves, 174 links per node: 175 chunks need two levels
            long size = 175L * 256 * 1024 + 3;
            Cid deep = store.add(TestData.stream(10, size), ImportProfile.KUBO_LEGACY, false, NONE).cid();
            Cid firstChild = leaves(store, deep).getFirst();
            assertEquals(174, leaves(store, firstChild).size(), "a two-level DAG");
            MappedFile m = store.open(deep, scope);
            assertEquals(size, m.size());
            byte[] expected = TestData.stream(10, size).readAllBytes();
            assertEquals(-1, java.lang.foreign.MemorySegment.mismatch(m.segment(), 0, size,
                    java.lang.foreign.MemorySegment.ofArray(expected), 0, size));

            Cid dir = store.add(Files.createDirectories(tmp.resolve("d")), ImportProfile.DEFAULT, false, NONE).cid();
            AccelException e = assertThrows(AccelException.class, () -> store.open(dir, scope));
            assertTrue(e.getMessage().contains("directory"), e.getMessage());
            AccelException unknown = assertThrows(AccelException.class,
                    () -> store.open(Cid.of(Cid.RAW, new byte[] {1}), scope));
            assertTrue(unknown.getMessage().contains("import-car"), unknown.getMessage());
        }
    }

    @Test
    void mappingOutlivesGcOfItsFile() {
        try (ModelStore store = ModelStore.open(tmp.resolve("store")); MemoryScope scope = MemoryScope.shared()) {
            byte[] content = TestData.bytes(11, 2 * MIB + 9);
            Cid root = store.add(new java.io.ByteArrayInputStream(content), ImportProfile.DEFAULT, false, NONE).cid();
            MappedFile m = store.open(root, scope);
            GcReport r = store.gc(NONE);
            assertEquals(1, r.filesFreed());
            assertFalse(Files.exists(m.path()));
            assertArrayEquals(content, m.segment().toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void gcKeepsPinnedAndNamedDagsAndRemovesTheRest() throws IOException {
        try (ModelStore store = ModelStore.open(tmp.resolve("store")); MemoryScope scope = MemoryScope.shared()) {
            // a and b share their first two 1 MiB chunks
            byte[] a = TestData.bytes(12, 3 * MIB);
            byte[] b = a.clone();
            b[2 * MIB + 10] ^= 1;
            Cid ca = store.add(new java.io.ByteArrayInputStream(a), ImportProfile.DEFAULT, true, NONE).cid();
            Cid cb = store.add(new java.io.ByteArrayInputStream(b), ImportProfile.DEFAULT, false, NONE).cid();
            Path model = Files.createDirectories(tmp.resolve("model"));
            TestData.write(model.resolve("weights.bin"), 13, MIB + 1);
            ModelEntry named = store.addModel("m", model, ImportProfile.DEFAULT, null, false, NONE);
            Cid direct = store.add(TestData.stream(14, 2 * MIB + 1), ImportProfile.DEFAULT, false, NONE).cid();
            store.pin(direct, PinKind.DIRECT);
            store.open(cb, scope);
            store.open(ca, scope);

            StoreStats before = store.stat();
            assertEquals(0, before.dedupSavedBytes(), "b is not pinned, nothing else is shared: " + before);
            store.pin(cb, PinKind.RECURSIVE);
            StoreStats both = store.stat();
            assertEquals(2L * MIB, both.dedupSavedBytes(), "a and b share two 1 MiB leaves: " + both);
            assertEquals(both.logicalBytes() - both.reachableBytes(), both.dedupSavedBytes());
            store.unpin(cb);

            GcReport r = store.gc(NONE);
            // b's root and its own third leaf go; the direct pin keeps its root but not its two leaves
            assertEquals(2 + 3, r.blocksFreed(), r.toString());
            assertEquals(1, r.filesFreed());
            assertFalse(store.blocks().has(cb));
            assertArrayEquals(a, readAll(store, ca));
            assertTrue(store.firstMissing(named.root()).isEmpty());
            assertTrue(store.blocks().has(direct));
            assertTrue(store.firstMissing(direct).isPresent());
            assertTrue(store.verify(false, NONE).ok());
            assertEquals(0, store.gc(NONE).blocksFreed(), "a second GC has nothing to do");

            StoreStats after = store.stat();
            assertEquals(after.blocks(), after.reachableBlocks());
            assertEquals(2, after.pins());
            assertEquals(1, after.models());
            assertEquals(1, after.materializedFiles());
        }
    }

    @Test
    void pinRecursiveNeedsTheWholeDag() throws IOException {
        try (ModelStore store = ModelStore.open(tmp.resolve("store"))) {
            Cid root = store.add(TestData.stream(15, 2 * MIB + 1), ImportProfile.DEFAULT, false, NONE).cid();
            Files.delete(store.blocks().pathOf(leaves(store, root).getFirst()));
            AccelException e = assertThrows(AccelException.class, () -> store.pin(root, PinKind.RECURSIVE));
            assertTrue(e.getMessage().contains("incomplete") && e.getMessage().contains("import-car"), e.getMessage());
            assertEquals(PinKind.DIRECT, store.pin(root, PinKind.DIRECT));
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AccelException.class,
                    () -> store.pin(Cid.of(Cid.RAW, new byte[] {2}), PinKind.DIRECT)).code());
        }
    }

    @Test
    void blockSizeLimitIsEnforcedOnWriteAndRead() throws IOException {
        try (ModelStore store = ModelStore.open(tmp.resolve("store"))) {
            byte[] big = new byte[StoreLimits.MAX_BLOCK_SIZE + 1];
            AccelException e = assertThrows(AccelException.class, () -> store.blocks().put(Cid.of(Cid.RAW, big), big));
            assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
            byte[] ok = {1, 2, 3};
            Cid cid = Cid.of(Cid.RAW, ok);
            store.blocks().put(cid, ok);
            Files.write(store.blocks().pathOf(cid), big);
            BlockIntegrityException bad = assertThrows(BlockIntegrityException.class, () -> store.blocks().get(cid));
            assertTrue(bad.getMessage().contains("over the block size limit"), bad.getMessage());
        }
    }

    @Test
    void strayTempFilesAreRemovedByGcAndMalformedPinsStopIt() throws IOException {
        Path root = tmp.resolve("store");
        try (ModelStore store = ModelStore.open(root)) {
            Files.write(root.resolve("tmp/block-123.tmp"), new byte[] {1, 2});
            assertEquals(1, store.gc(NONE).tempFilesFreed());
            Files.writeString(root.resolve("pins"), "not-a-cid recursive\n");
            AccelException e = assertThrows(AccelException.class, () -> store.gc(NONE));
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
            assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        }
    }

    @Test
    void refusesAFolderThatIsNotAStore() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        AccelException e = assertThrows(AccelException.class, () -> ModelStore.open(dir));
        assertTrue(e.getMessage().contains("not an Accel store"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("notes.txt")));
    }

    @Test
    void storeLocationPrecedence() {
        assertEquals(Path.of("/x/s"), ModelStore.resolveRoot(Optional.of(Path.of("/x/s")), "/env", "/home/u"));
        assertEquals(Path.of("/env"), ModelStore.resolveRoot(Optional.empty(), "/env", "/home/u"));
        assertEquals(Path.of("/home/u/.cache/accel/store"), ModelStore.resolveRoot(Optional.empty(), " ", "/home/u"));
        assertEquals(Path.of("/home/u/.cache/accel/store"), ModelStore.resolveRoot(Optional.empty(), null, "/home/u"));
    }

    @Test
    void modelDirectoryRoundTripsThroughTheStoreAndThroughCar() throws IOException {
        Path model = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{\"hidden\": 64}");
        Files.writeString(model.resolve("tokenizer.json"), "{\"vocab\": {}}");
        TestData.write(model.resolve("model.safetensors"), 16, 2 * MIB + 77);
        Files.createDirectories(model.resolve("extra"));
        TestData.write(model.resolve("extra/notes.bin"), 17, 10);
        ModelEntry entry;
        Path car = tmp.resolve("model.car");
        try (ModelStore store = ModelStore.open(tmp.resolve("a"))) {
            entry = store.addModel("tiny", model, ImportProfile.DEFAULT, null, false, NONE);
            assertEquals("safetensors", entry.manifest().format());
            assertEquals(2 * MIB + 77 + 14 + 13 + 10, entry.manifest().size());
            store.export(entry.root(), tmp.resolve("out1"));
            assertSameTree(model, tmp.resolve("out1"));
            Cid weights = store.resolve(entry.root(), "model.safetensors");
            try (MemoryScope scope = MemoryScope.confined()) {
                assertArrayEquals(Files.readAllBytes(model.resolve("model.safetensors")),
                        store.open(weights, scope).segment().toArray(ValueLayout.JAVA_BYTE));
            }
            try (var out = Files.newOutputStream(car)) {
                assertTrue(store.exportCar(List.of(entry.root()), out) >= 6);
            }
        }
        try (ModelStore other = ModelStore.open(tmp.resolve("b"))) {
            CarImportReport r = other.importCar(car, true, NONE);
            assertEquals(List.of(entry.root()), r.pinned());
            other.nameModel("tiny", entry.root(), entry.manifest(), false);
            other.export(entry.root(), tmp.resolve("out2"));
            assertSameTree(model, tmp.resolve("out2"));
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            other.exportCar(List.of(entry.root()), again);
            assertArrayEquals(Files.readAllBytes(car), again.toByteArray(), "CAR export is deterministic");
            assertEquals(0, other.gc(NONE).blocksFreed());
        }
    }

    @Test
    void truncatedCarImportsNothingAndIncompleteCarIsNotPinned() throws IOException {
        Path car = tmp.resolve("x.car");
        Cid root;
        try (ModelStore a = ModelStore.open(tmp.resolve("a"))) {
            root = a.add(TestData.stream(18, 2 * MIB + 5), ImportProfile.DEFAULT, true, NONE).cid();
            try (var out = Files.newOutputStream(car)) {
                a.exportCar(List.of(root), out);
            }
        }
        byte[] bytes = Files.readAllBytes(car);
        Path truncated = Files.write(tmp.resolve("t.car"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        try (ModelStore b = ModelStore.open(tmp.resolve("b"))) {
            Cid kept = b.add(TestData.stream(19, 10), ImportProfile.DEFAULT, true, NONE).cid();
            AccelException e = assertThrows(AccelException.class, () -> b.importCar(truncated, true, NONE));
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
            assertEquals(1, b.stat().blocks(), "nothing imported, nothing lost");
            assertTrue(b.blocks().has(kept));
            // a CAR holding only the root: imported, but not pinned, with the reason
            Path partial = tmp.resolve("p.car");
            try (var out = Files.newOutputStream(partial)) {
                var w = new dev.accel.store.car.CarWriter(out, List.of(root));
                w.write(root, ModelStore.open(tmp.resolve("a")).blocks().get(root).orElseThrow());
            }
            CarImportReport r = b.importCar(partial, true, NONE);
            assertTrue(r.pinned().isEmpty());
            assertTrue(r.notPinned().get(root).contains("incomplete"), r.notPinned().toString());
        }
    }

    static void assertSameTree(Path expected, Path actual) throws IOException {
        try (Stream<Path> walk = Files.walk(expected)) {
            for (Path p : walk.toList()) {
                Path q = actual.resolve(expected.relativize(p).toString());
                assertTrue(Files.exists(q), q.toString());
                if (Files.isRegularFile(p)) {
                    assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(q), p.toString());
                }
            }
        }
        try (Stream<Path> walk = Files.walk(actual)) {
            assertEquals(Files.walk(expected).count(), walk.count());
        }
    }
}
