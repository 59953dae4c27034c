package dev.accel.ipfs;

import dev.accel.testing.MutationFuzzer;
import dev.accel.AccelException;
import dev.accel.ipfs.fetch.DagFetcher;
import dev.accel.ipfs.gateway.GatewayClient;
import dev.accel.ipfs.rpc.AddOptions;
import dev.accel.ipfs.rpc.KuboRpcClient;
import dev.accel.ipfs.testing.FakeHttp;
import dev.accel.store.car.CarReader;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes what the clients parse from the network, over real HTTP on loopback: the JSON answers of a Kubo
 * RPC node (single values and newline-delimited streams, with status 200 and 500) and the CAR and raw-block
 * bodies of a trustless gateway. Allowed outcomes: a correct result (a fetched DAG is whole and verified) or
 * {@link AccelException}. Default: 300 responses per target; {@code -Dfuzz.seconds=N} for longer.
 */
class ResponseFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 300);
    private static final RemoteOptions FAST = RemoteOptions.DEFAULTS.withRetries(0).withMaxJsonBytes(1 << 20);

    private static void check(MutationFuzzer.Result r) {
        System.out.println(r);
        assertTrue(r.findings().isEmpty(), () -> r + "\n" + String.join("\n\n", r.findings()));
        assertTrue(r.accepted() > 0 && r.refused() > 0, r::toString);
    }

    @Test
    void rpcJsonAnswers() throws Exception {
        AtomicReference<byte[]> body = new AtomicReference<>(new byte[0]);
        FakeHttp.Handler h = ex -> {
            byte[] b = body.get();
            FakeHttp.send(ex, (Arrays.hashCode(b) & 3) == 0 ? 500 : 200, "application/json", b);
        };
        Cid cid = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
        try (FakeHttp node = new FakeHttp()) {
            for (String call : List.of("version", "id", "block/stat", "pin/ls", "pin/add", "add")) {
                node.on("/api/v0/" + call, h);
            }
            try (KuboRpcClient rpc = new KuboRpcClient(node.url(), FAST)) {
                check(new MutationFuzzer("rpc-json", AccelException.class)
                        .dictionary("{", "}", "[", "]", ",", ":", "\"", "null", "\n", "\"Key\":", "\"Hash\":", "\"Size\":", "-1", "1e400",
                                "\"bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy\"", "\"Qm\"", "\\ud800", "[[[[[[[[[[[[[[[[")
                        .run(ITERATIONS, in -> {
                            body.set(in);
                            int ok = 0;
                            for (Runnable r : List.<Runnable>of(rpc::version, rpc::id, () -> rpc.blockStat(cid),
                                    () -> rpc.pinLs(Optional.empty()), () -> rpc.pinAdd(cid, true),
                                    () -> rpc.add("a.txt", "hello world".getBytes(), AddOptions.of(ImportProfile.CIDV1_RAW)))) {
                                try {
                                    r.run();
                                    ok++;
                                } catch (AccelException e) {
                                    // refused: allowed; anything else escapes to the fuzzer as a finding
                                }
                            }
                            if (ok == 0) {
                                throw new AccelException(dev.accel.ErrorCode.MALFORMED_INPUT, "every call refused this answer");
                            }
                        }));
            }
        }
    }

    @Test
    void gatewayCarsAndBlocks(@TempDir Path tmp) throws Exception {
        MutationFuzzer fuzzer = new MutationFuzzer("gateway-car", AccelException.class);
        byte[] seed = fuzzer.seeds().getFirst();
        Cid root = CarReader.open(new ByteArrayInputStream(seed)).header().roots().getFirst();
        AtomicReference<byte[]> body = new AtomicReference<>(seed);
        try (FakeHttp gw = new FakeHttp().on("/ipfs/", ex -> {
                    boolean car = ex.getRequestURI().getQuery().contains("format=car");
                    FakeHttp.send(ex, 200, car ? GatewayClient.CAR : GatewayClient.RAW, body.get());
                });
             GatewayClient client = new GatewayClient(List.of(gw.url()), FAST);
             ModelStore store = ModelStore.open(tmp.resolve("store"))) {
            DagFetcher fetcher = new DagFetcher(store, false, tmp.resolve("staging"), n -> { });
            check(fuzzer.run(ITERATIONS, in -> {
                body.set(in);
                try {
                    byte[] block = client.block(root);
                    assertTrue(root.matches(block));
                } catch (AccelException refused) {
                    // a raw block that is not the root's bytes: allowed
                }
                client.fetchDag(root, fetcher);
                assertEquals(Optional.empty(), store.firstMissing(root), "a fetch that returned left the DAG whole");
            }));
            assertTrue(store.verify(false, n -> { }).ok(), "nothing unverified was stored");
        }
    }
}
