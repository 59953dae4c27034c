package dev.accel.ipfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.ipfs.fetch.BlockSource;
import dev.accel.ipfs.fetch.DagFetcher;
import dev.accel.ipfs.rpc.KuboRpcClient;
import dev.accel.ipfs.testing.FakeHttp;
import dev.accel.ipfs.testing.TestFiles;
import dev.accel.store.BlockIntegrityException;
import dev.accel.store.block.MemoryBlockstore;
import dev.accel.store.car.CarBlock;
import dev.accel.store.car.CarReader;
import dev.accel.store.car.CarWriter;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Varint;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
import dev.accel.store.unixfs.UnixFsImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fault-injecting node (a scripted JDK HTTP server speaking the Kubo RPC API) that sends wrong bytes,
 * truncated CARs, foreign blocks and endless streams: every one is caught, and nothing unverified (or
 * anything at all) is left in the store or the staging folder.
 */
class TamperingNodeTest {
    private static final RemoteOptions FAST = RemoteOptions.DEFAULTS.withRetries(0);

    private record Dag(Cid root, byte[] car, List<CarBlock> blocks, MemoryBlockstore store) {
    }

    private static Dag dag(Path tmp, long seed) throws Exception {
        Path model = TestFiles.modelDir(tmp.resolve("model-" + seed));
        TestFiles.write(model.resolve("seed"), seed, 10);
        MemoryBlockstore mem = new MemoryBlockstore();
        Cid root = new UnixFsImporter(ImportProfile.CIDV1_RAW, mem).importPath(model).cid();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter.writeDag(mem, List.of(root), out);
        byte[] car = out.toByteArray();
        List<CarBlock> blocks = new ArrayList<>();
        CarReader r = CarReader.open(new ByteArrayInputStream(car));
        for (Optional<CarBlock> b = r.next(); b.isPresent(); b = r.next()) {
            blocks.add(b.get());
        }
        return new Dag(root, car, blocks, mem);
    }

    /** Serves {@code car} (transformed) as dag/export, then fetches it into a fresh store and expects a failure. */
    private static AccelException rejectCar(Path tmp, Dag dag, UnaryOperator<byte[]> tamper, long maxDagBytes) throws Exception {
        byte[] served = tamper.apply(dag.car.clone());
        Path storeDir = tmp.resolve("store");
        Path staging = tmp.resolve("staging");
        try (FakeHttp node = new FakeHttp().on("/api/v0/dag/export", ex -> FakeHttp.send(ex, 200, "application/vnd.ipld.car", served));
             KuboRpcClient rpc = new KuboRpcClient(node.url(), FAST.withMaxDagBytes(maxDagBytes));
             ModelStore store = ModelStore.open(storeDir)) {
            DagFetcher fetcher = new DagFetcher(store, true, staging, n -> { });
            AccelException e = assertThrows(AccelException.class, () -> fetcher.importCar(dag.root, rpc.dagExport(dag.root), "the tampering node"));
            assertNothingKept(store, storeDir, staging);
            return e;
        }
    }

    private static void assertNothingKept(ModelStore store, Path storeDir, Path staging) throws Exception {
        assertEquals(0, TestFiles.blockFiles(storeDir), "no block may be kept");
        assertEquals(0, TestFiles.filesIn(staging), "the staging folder must be empty");
        assertTrue(store.pins().list().isEmpty());
    }

    @Test
    void flippedByteInACarBlockIsRejected(@TempDir Path tmp) throws Exception {
        Dag dag = dag(tmp, 1);
        CarBlock victim = dag.blocks.stream().filter(b -> b.block().length > 1000).skip(1).findFirst().orElseThrow();
        AccelException e = rejectCar(tmp, dag, car -> {
            int at = (int) victim.offset() + 40 + victim.cid().length();
            car[at] ^= 0x01;
            return car;
        }, 1L << 30);
        BlockIntegrityException bad = assertInstanceOf(BlockIntegrityException.class, e);
        assertEquals(victim.cid(), bad.cid());
        assertTrue(e.getMessage().contains("tampering node"), e.getMessage());
    }

    @Test
    void carTruncatedInsideASectionIsRejected(@TempDir Path tmp) throws Exception {
        Dag dag = dag(tmp, 2);
        CarBlock last = dag.blocks.getLast();
        AccelException e = rejectCar(tmp, dag, car -> Arrays.copyOf(car, (int) last.offset() + 20), 1L << 30);
        assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void carTruncatedBetweenSectionsIsCaughtAsAnIncompleteDag(@TempDir Path tmp) throws Exception {
        Dag dag = dag(tmp, 3);
        for (int cut : new int[] {1, 2, dag.blocks.size() - 1}) {
            CarBlock first = dag.blocks.get(dag.blocks.size() - cut);
            AccelException e = rejectCar(tmp, dag, car -> Arrays.copyOf(car, (int) first.offset()), 1L << 30);
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
            assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
        }
    }

    @Test
    void foreignBlockInTheCarIsRejected(@TempDir Path tmp) throws Exception {
        Dag dag = dag(tmp, 4);
        byte[] foreign = TestFiles.bytes(99, 1000);
        Cid foreignCid = Cid.of(Cid.RAW, foreign);
        AccelException e = rejectCar(tmp, dag, car -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(car);
            byte[] c = foreignCid.bytes();
            out.writeBytes(Varint.encode(c.length + foreign.length));
            out.writeBytes(c);
            out.writeBytes(foreign);
            return out.toByteArray();
        }, 1L << 30);
        assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
        assertTrue(e.getMessage().contains("not in the DAG") && e.getMessage().contains(foreignCid.toString()), e.getMessage());
    }

    @Test
    void carOfAnotherRootIsRejected(@TempDir Path tmp) throws Exception {
        Dag dag = dag(tmp, 5);
        Dag other = dag(tmp, 6);
        AccelException e = rejectCar(tmp, dag, car -> other.car, 1L << 30);
        assertTrue(e.getMessage().contains("not the requested"), e.getMessage());
    }

    @Test
    void endlessCarIsCutOffAtTheLimit(@TempDir Path tmp) throws Exception {
        Dag dag = dag(tmp, 7);
        AccelException e = rejectCar(tmp, dag, car -> car, 100_000);
        assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
        assertTrue(e.getMessage().contains("limit of 100000 bytes"), e.getMessage());
    }

    @Test
    void wrongBytesFromBlockGetAreRejectedAndNothingIsKept(@TempDir Path tmp) throws Exception {
        Dag dag = dag(tmp, 8);
        CarBlock victim = dag.blocks.get(dag.blocks.size() - 2);
        Path storeDir = tmp.resolve("store");
        Path staging = tmp.resolve("staging");
        try (FakeHttp node = new FakeHttp();
             KuboRpcClient rpc = new KuboRpcClient(node.url(), FAST);
             ModelStore store = ModelStore.open(storeDir)) {
            node.on("/api/v0/block/get", ex -> {
                Cid cid = Cid.parse(ex.getRequestURI().getQuery().replaceAll(".*arg=([^&]*).*", "$1"));
                byte[] block = dag.store.get(cid).orElseThrow();
                if (cid.equals(victim.cid())) {
                    block[block.length / 2] ^= 0x40;
                }
                FakeHttp.send(ex, 200, "text/plain", block);
            });
            DagFetcher fetcher = new DagFetcher(store, true, staging, n -> { });
            BlockIntegrityException e = assertThrows(BlockIntegrityException.class,
                    () -> fetcher.fetchBlocks(dag.root, BlockSource.of(rpc), 4, 1L << 30));
            assertEquals(victim.cid(), e.cid());
            assertTrue(e.getMessage().contains(node.url().toString()), e.getMessage());
            assertNothingKept(store, storeDir, staging);

            // the same node, honest now: the fetch completes and the DAG is whole
            node.on("/api/v0/block/get", ex -> {
                Cid cid = Cid.parse(ex.getRequestURI().getQuery().replaceAll(".*arg=([^&]*).*", "$1"));
                FakeHttp.send(ex, 200, "text/plain", dag.store.get(cid).orElseThrow());
            });
            assertEquals(dag.blocks.size(), fetcher.fetchBlocks(dag.root, BlockSource.of(rpc), 4, 1L << 30).blocksFetched());
            assertEquals(Optional.empty(), store.firstMissing(dag.root));
            assertEquals(0, TestFiles.filesIn(staging));
        }
    }

    @Test
    void stalledStreamIsCutOff(@TempDir Path tmp) throws Exception {
        Dag dag = dag(tmp, 9);
        try (FakeHttp node = new FakeHttp().on("/api/v0/dag/export", ex -> {
                ex.sendResponseHeaders(200, 0);
                ex.getResponseBody().write(dag.car, 0, 200);
                ex.getResponseBody().flush();
                Thread.sleep(5_000);
            });
             KuboRpcClient rpc = new KuboRpcClient(node.url(), new RemoteOptions(Duration.ofSeconds(5), Duration.ofSeconds(5),
                     Duration.ofMillis(300), 0, Duration.ZERO, Duration.ZERO, Optional.empty(), 1 << 20, 1L << 30));
             ModelStore store = ModelStore.open(tmp.resolve("store"))) {
            DagFetcher fetcher = new DagFetcher(store, true, tmp.resolve("staging"), n -> { });
            AccelException e = assertThrows(AccelException.class, () -> fetcher.importCar(dag.root, rpc.dagExport(dag.root), "staller"));
            assertTrue(e.getMessage().contains("stall timeout"), e.getMessage());
            assertNothingKept(store, tmp.resolve("store"), tmp.resolve("staging"));
        }
    }
}
