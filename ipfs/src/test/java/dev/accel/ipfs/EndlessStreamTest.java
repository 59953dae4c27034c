package dev.accel.ipfs;

import com.sun.net.httpserver.HttpExchange;
import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.ipfs.fetch.DagFetcher;
import dev.accel.ipfs.gateway.GatewayClient;
import dev.accel.ipfs.rpc.KuboRpcClient;
import dev.accel.ipfs.testing.FakeHttp;
import dev.accel.store.StoreLimits;
import dev.accel.store.car.CarWriter;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile peers that never stop sending: a gateway that answers a raw-block request with a "10 GB block"
 * (declared length, endless bytes), a gateway and an RPC node whose CAR never ends, an RPC node whose JSON
 * answer and whose {@code block/get} never end. Every transfer is cut off at its limit with
 * {@link ErrorCode#OUT_OF_MEMORY} naming the limit, the connection is dropped (the server's writes fail), and
 * nothing is stored.
 */
class EndlessStreamTest {
    private static final RemoteOptions OPTIONS = RemoteOptions.DEFAULTS.withRetries(0).withMaxJsonBytes(1 << 20).withMaxDagBytes(8L << 20);
    private static final Cid ROOT = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");

    /** What the server managed to send before the client hung up, or -1 while it is still sending. */
    private final AtomicLong sentBeforeCutOff = new AtomicLong(-1);

    /** Streams {@code prefix} then {@code filler} forever (or {@code declared} bytes' worth), until the client goes away. */
    private FakeHttp.Handler endless(String type, long declared, Supplier<byte[]> prefix, byte filler) {
        return (HttpExchange ex) -> {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(200, declared);
            long sent = 0;
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, filler);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] p = prefix.get();
                out.write(p);
                sent += p.length;
                while (sent < (declared > 0 ? declared : Long.MAX_VALUE)) {
                    out.write(chunk);
                    sent += chunk.length;
                }
            } catch (IOException clientLeft) {
                sentBeforeCutOff.set(sent);
            }
        };
    }

    private void assertCutOff(AccelException e, String limitName, long limit) throws InterruptedException {
        assertEquals(ErrorCode.OUT_OF_MEMORY, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("limit of " + limit + " bytes (" + limitName + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("cut off"), e.getMessage());
        for (int i = 0; i < 500 && sentBeforeCutOff.get() < 0; i++) {
            Thread.sleep(20);
        }
        long sent = sentBeforeCutOff.get();
        assertTrue(sent >= limit, "the server stopped on its own after " + sent + " bytes");
        // socket buffers on loopback hold a few MiB at most; an unbounded reader would have taken everything
        assertTrue(sent < limit + (64L << 20), "the server sent " + sent + " bytes before the client hung up");
        System.out.printf("%s: cut off at %d bytes; the server had sent %d bytes%n", limitName, limit, sent);
    }

    @Test
    void gatewayTenGigabyteBlockIsCutOffAtTheBlockLimit() throws Exception {
        try (FakeHttp gw = new FakeHttp();
             GatewayClient client = new GatewayClient(List.of(gw.url()), OPTIONS)) {
            gw.on("/ipfs/", endless(GatewayClient.RAW, 10L << 30, () -> new byte[0], (byte) 'x'));
            AccelException e = assertThrows(AccelException.class, () -> client.block(ROOT));
            assertCutOff(e, "block size limit", StoreLimits.MAX_BLOCK_SIZE);
        }
    }

    @Test
    void endlessGatewayCarIsCutOffAtMaxDagBytesAndNothingIsKept(@TempDir Path tmp) throws Exception {
        // a valid CAR header naming the root, then one endless section claiming to be small sections of zeros
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        new CarWriter(header, List.of(ROOT));
        try (FakeHttp gw = new FakeHttp();
             GatewayClient client = new GatewayClient(List.of(gw.url()), OPTIONS);
             ModelStore store = ModelStore.open(tmp.resolve("store"))) {
            gw.on("/ipfs/", endless(GatewayClient.CAR, 0, header::toByteArray, (byte) 0x01));
            DagFetcher fetcher = new DagFetcher(store, true, tmp.resolve("staging"), n -> { });
            AccelException e = assertThrows(AccelException.class, () -> client.fetchDag(ROOT, fetcher));
            assertTrue(e.getMessage().contains("malformed CAR") || e.code() == ErrorCode.OUT_OF_MEMORY, e.getMessage());
            assertEquals(0, store.stat().blocks());
        }
    }

    @Test
    void endlessRpcCarIsCutOffAtMaxDagBytes(@TempDir Path tmp) throws Exception {
        try (FakeHttp node = new FakeHttp();
             KuboRpcClient rpc = new KuboRpcClient(node.url(), OPTIONS)) {
            node.on("/api/v0/dag/export", endless("application/vnd.ipld.car", 0, () -> new byte[0], (byte) 0));
            AccelException e = assertThrows(AccelException.class, () -> {
                try (InputStream in = rpc.dagExport(ROOT)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            });
            assertCutOff(e, "maxDagBytes", 8L << 20);
        }
    }

    @Test
    void endlessJsonAnswerIsCutOffAtMaxJsonBytes() throws Exception {
        try (FakeHttp node = new FakeHttp();
             KuboRpcClient rpc = new KuboRpcClient(node.url(), OPTIONS)) {
            node.on("/api/v0/version", endless("application/json", 0, () -> "{\"Version\":\"".getBytes(), (byte) 'a'));
            AccelException e = assertThrows(AccelException.class, rpc::version);
            assertCutOff(e, "largest JSON answer", 1 << 20);
        }
    }

    @Test
    void endlessBlockGetIsCutOffAtTheBlockLimit() throws Exception {
        try (FakeHttp node = new FakeHttp();
             KuboRpcClient rpc = new KuboRpcClient(node.url(), OPTIONS)) {
            node.on("/api/v0/block/get", endless("application/octet-stream", 0, () -> new byte[0], (byte) 7));
            AccelException e = assertThrows(AccelException.class, () -> rpc.blockGet(ROOT));
            assertCutOff(e, "block size limit", StoreLimits.MAX_BLOCK_SIZE);
        }
    }

    @Test
    void endlessCatIsCutOffAtMaxDagBytes() throws Exception {
        try (FakeHttp node = new FakeHttp();
             KuboRpcClient rpc = new KuboRpcClient(node.url(), OPTIONS)) {
            node.on("/api/v0/cat", endless("text/plain", 0, () -> new byte[0], (byte) 'z'));
            AccelException e = assertThrows(AccelException.class, () -> {
                try (InputStream in = rpc.cat(ROOT)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            });
            assertCutOff(e, "maxDagBytes", 8L << 20);
        }
    }
}
