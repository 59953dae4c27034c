package dev.accel.ipfs;

import dev.accel.ipfs.fetch.BlockSource;
import dev.accel.ipfs.fetch.DagFetcher;
import dev.accel.ipfs.fetch.DagPublisher;
import dev.accel.ipfs.fetch.FetchReport;
import dev.accel.ipfs.fetch.PushReport;
import dev.accel.ipfs.rpc.AddOptions;
import dev.accel.ipfs.rpc.AddedEntry;
import dev.accel.ipfs.rpc.BlockStat;
import dev.accel.ipfs.rpc.KuboRpcClient;
import dev.accel.ipfs.rpc.NodeIdentity;
import dev.accel.ipfs.testing.JsIpfsNode;
import dev.accel.ipfs.testing.TestFiles;
import dev.accel.store.cid.Cid;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.local.ModelStore;
import dev.accel.store.local.PinKind;
import dev.accel.store.unixfs.DirectoryEntry;
import dev.accel.store.unixfs.ImportProfile;
import dev.accel.store.unixfs.ImportedNode;
import dev.accel.store.unixfs.UnixFsImporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against a real, independent IPFS implementation: js-ipfs 0.66.1 (npm {@code ipfs}; its core reports
 * 0.18.1) serving the Kubo RPC API on 127.0.0.1, offline, started and stopped by this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsIpfsInteropTest {
    private JsIpfsNode node;
    private KuboRpcClient rpc;

    @BeforeAll
    void start() throws Exception {
        node = JsIpfsNode.start();
        rpc = new KuboRpcClient(node.api(), RemoteOptions.DEFAULTS);
    }

    @AfterAll
    void stop() throws Exception {
        if (rpc != null) {
            rpc.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void versionAndId() {
        assertEquals(node.version(), rpc.version().version());
        NodeIdentity id = rpc.id();
        assertTrue(id.agentVersion().startsWith("js-ipfs/"), id.agentVersion());
        assertFalse(id.peerId().isEmpty());
        assertTrue(id.addresses().isEmpty(), "offline node, no swarm addresses: " + id.addresses());
    }

    @Test
    void addThroughRpcGivesTheSameCidsAsOurImporter(@TempDir Path tmp) throws Exception {
        List<Path> inputs = new ArrayList<>();
        for (int size : new int[] {0, 1, 262_143, 262_144, 262_145, 1_048_577, 3_000_000}) {
            inputs.add(TestFiles.write(tmp.resolve("f" + size), size, size));
        }
        inputs.add(TestFiles.modelDir(tmp.resolve("model")));
        int checked = 0;
        for (ImportProfile profile : ImportProfile.values()) {
            for (Path p : inputs) {
                Cid ours = new UnixFsImporter(profile, (c, b) -> { }).importPath(p).cid();
                List<AddedEntry> added = rpc.add(p, AddOptions.of(profile).withPin(false));
                AddedEntry root = added.getLast();
                assertEquals(p.getFileName().toString(), root.name());
                assertEquals(ours, root.cid(), p.getFileName() + " under " + profile);
                checked++;
            }
        }
        System.out.println("js-ipfs " + node.version() + " add: " + checked + " CIDs identical to UnixFsImporter");
    }

    @Test
    void blocksPinsAndCat(@TempDir Path tmp) throws Exception {
        byte[] data = TestFiles.bytes(7, 5000);
        Cid raw = Cid.of(Cid.RAW, data);
        assertEquals(raw, rpc.blockPut(raw, data));
        assertArrayEquals(data, rpc.blockGet(raw));
        BlockStat stat = rpc.blockStat(raw);
        assertEquals(raw, stat.cid());
        assertEquals(5000, stat.size());

        byte[] node0 = DagPb.encode(List.of(), TestFiles.bytes(8, 10));
        Cid v0 = Cid.v0(dev.accel.store.cid.Multihash.sha256(node0));
        assertEquals(v0, rpc.blockPut(v0, node0));
        assertArrayEquals(node0, rpc.blockGet(v0));

        byte[] file = TestFiles.bytes(9, 700_000);
        AddedEntry added = rpc.add("file.bin", file, AddOptions.of(ImportProfile.CIDV1_RAW).withPin(false));
        assertEquals(Map.of(), rpc.pinLs(Optional.of(added.cid())));
        assertEquals(List.of(added.cid()), rpc.pinAdd(added.cid(), true));
        assertEquals("recursive", rpc.pinLs(Optional.of(added.cid())).get(added.cid()));
        assertEquals("recursive", rpc.pinLs(Optional.empty()).get(added.cid()));
        try (InputStream in = rpc.cat(added.cid())) {
            assertArrayEquals(file, in.readAllBytes());
        }
        assertEquals(List.of(added.cid()), rpc.pinRm(added.cid()));
        assertEquals(Map.of(), rpc.pinLs(Optional.of(added.cid())));
    }

    @Test
    void pushToTheNodeThenFetchIntoEmptyStoresWithIdenticalCids(@TempDir Path tmp) throws Exception {
        Path model = TestFiles.modelDir(tmp.resolve("model"));
        try (ModelStore a = ModelStore.open(tmp.resolve("a")); ModelStore b = ModelStore.open(tmp.resolve("b"));
             ModelStore c = ModelStore.open(tmp.resolve("c"))) {
            ImportedNode root = a.add(model, ImportProfile.UNIXFS_V1_2025, true, n -> { });
            PushReport pushed = DagPublisher.of(a, rpc).pushCar(root.cid(), true);
            assertTrue(pushed.pinned());
            assertEquals("recursive", rpc.pinLs(Optional.of(root.cid())).get(root.cid()));
            Cid weights = a.resolve(root.cid(), "model.onnx");
            try (InputStream in = rpc.cat(weights)) {
                assertArrayEquals(Files.readAllBytes(model.resolve("model.onnx")), in.readAllBytes());
            }

            FetchReport car = DagFetcher.of(b).importCar(root.cid(), rpc.dagExport(root.cid()), "js-ipfs");
            assertEquals(pushed.blocks(), car.blocksFetched());
            assertEquals(Optional.empty(), b.firstMissing(root.cid()));
            assertEquals(PinKind.RECURSIVE, b.pins().list().get(root.cid()));
            assertEquals(names(a, root.cid()), names(b, root.cid()));

            FetchReport blocks = DagFetcher.of(c).fetchBlocks(root.cid(), BlockSource.of(rpc), 4, 1L << 30);
            assertEquals(pushed.blocks(), blocks.blocksFetched());
            assertEquals(Optional.empty(), c.firstMissing(root.cid()));
            assertTrue(c.verify(false, n -> { }).ok());
            try (InputStream in = c.openFile(c.resolve(root.cid(), "model.onnx")).newInputStream()) {
                assertArrayEquals(Files.readAllBytes(model.resolve("model.onnx")), in.readAllBytes());
            }
        }
    }

    @Test
    void pushBlockByBlockInEveryProfile(@TempDir Path tmp) throws Exception {
        try (ModelStore a = ModelStore.open(tmp.resolve("a"))) {
            for (ImportProfile profile : ImportProfile.values()) {
                Path f = TestFiles.write(tmp.resolve("f-" + profile), profile.ordinal() + 100, 600_000 + profile.ordinal());
                ImportedNode root = a.add(f, profile, true, n -> { });
                PushReport r = DagPublisher.of(a, rpc).pushBlocks(root.cid(), true, 4);
                assertTrue(r.pinned(), profile.toString());
                try (InputStream in = rpc.cat(root.cid())) {
                    assertArrayEquals(Files.readAllBytes(f), in.readAllBytes(), profile.toString());
                }
            }
        }
    }

    private static List<String> names(ModelStore s, Cid dir) {
        List<String> out = new ArrayList<>();
        for (DirectoryEntry e : s.list(dir)) {
            out.add(e.name() + " " + e.cid());
        }
        return out;
    }
}
