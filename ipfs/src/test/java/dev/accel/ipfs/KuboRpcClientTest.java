package dev.accel.ipfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.ipfs.rpc.KuboRpcClient;
import dev.accel.ipfs.testing.FakeHttp;
import dev.accel.store.cid.Cid;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transport behaviour of the RPC client against scripted servers: retries, timeouts, auth, limits, errors. */
class KuboRpcClientTest {
    private static final RemoteOptions QUICK = new RemoteOptions(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2),
            2, Duration.ofMillis(10), Duration.ofMillis(40), Optional.empty(), 1 << 20, 1L << 30);
    private static final String VERSION = "{\"Version\":\"0.99.0\",\"Commit\":\"abc\",\"Repo\":\"16\",\"System\":\"amd64/linux\"}";

    @Test
    void unreachableNodeSaysWhereAndWhatWasTried() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (KuboRpcClient rpc = new KuboRpcClient(URI.create("http://127.0.0.1:" + port + "/api/v0/"), QUICK)) {
            RemoteException e = assertThrows(RemoteException.class, rpc::version);
            assertEquals(0, e.status());
            assertEquals(ErrorCode.IO_ERROR, e.code());
            String m = e.getMessage();
            assertTrue(m.contains("http://127.0.0.1:" + port) && m.contains("POST /api/v0/version") && m.contains("tried 3 times")
                    && m.contains("connect timeout 2 s"), m);
        }
    }

    @Test
    void idempotentCallsAreRetriedWithBackoffOthersAreNot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeHttp node = new FakeHttp(); KuboRpcClient rpc = new KuboRpcClient(node.url(), QUICK)) {
            node.on("/api/v0/version", ex -> {
                if (calls.incrementAndGet() < 3) {
                    FakeHttp.send(ex, 503, "text/plain", "busy");
                } else {
                    FakeHttp.send(ex, 200, "application/json", VERSION);
                }
            });
            assertEquals("0.99.0", rpc.version().version());
            assertEquals(3, node.count("/api/v0/version"));

            node.on("/api/v0/pin/rm", ex -> FakeHttp.send(ex, 503, "text/plain", "busy"));
            RemoteException e = assertThrows(RemoteException.class, () -> rpc.pinRm(Cid.of(Cid.RAW, new byte[] {1})));
            assertEquals(503, e.status());
            assertEquals(1, node.count("/api/v0/pin/rm"), "pin/rm is not idempotent: not retried");

            node.on("/api/v0/id", ex -> FakeHttp.send(ex, 504, "text/plain", "gateway timeout"));
            RemoteException gaveUp = assertThrows(RemoteException.class, rpc::id);
            assertEquals(504, gaveUp.status());
            assertEquals(3, node.count("/api/v0/id"));
        }
    }

    @Test
    void slowNodeTimesOut() throws Exception {
        RemoteOptions o = QUICK.withTimeout(Duration.ofMillis(300)).withRetries(1, Duration.ZERO, Duration.ZERO);
        try (FakeHttp node = new FakeHttp().on("/api/v0/version", ex -> {
                Thread.sleep(3000);
                FakeHttp.send(ex, 200, "application/json", VERSION);
            }); KuboRpcClient rpc = new KuboRpcClient(node.url(), o)) {
            RemoteException e = assertThrows(RemoteException.class, rpc::version);
            assertTrue(e.getMessage().contains("no response within 300 ms") && e.getMessage().contains("tried 2 times"), e.getMessage());
        }
    }

    @Test
    void authorizationHeaderIsSentAndRefusalIsExplained() throws Exception {
        try (FakeHttp node = new FakeHttp().on("/api/v0/version", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if ("Bearer s3cret".equals(auth) || "Basic dXNlcjpwYXNz".equals(auth)) {
                FakeHttp.send(ex, 200, "application/json", VERSION);
            } else {
                FakeHttp.send(ex, 401, "text/plain", "unauthorized");
            }
        })) {
            try (KuboRpcClient rpc = new KuboRpcClient(node.url(), QUICK.withAuthorization(Authorization.parse("bearer:s3cret")))) {
                assertEquals("0.99.0", rpc.version().version());
            }
            try (KuboRpcClient rpc = new KuboRpcClient(node.url(), QUICK.withAuthorization(Authorization.basic("user", "pass")))) {
                assertEquals("0.99.0", rpc.version().version());
            }
            try (KuboRpcClient rpc = new KuboRpcClient(node.url(), QUICK)) {
                RemoteException e = assertThrows(RemoteException.class, rpc::version);
                assertEquals(401, e.status());
                assertTrue(e.getMessage().contains("authorization"), e.getMessage());
            }
        }
        assertFalse(Authorization.parse("bearer:s3cret").toString().contains("s3cret"));
        assertThrows(AccelException.class, () -> Authorization.parse("token s3cret"));
    }

    @Test
    void nodeErrorsCarryTheNodesMessage() throws Exception {
        try (FakeHttp node = new FakeHttp().on("/api/v0/block/stat", ex -> FakeHttp.send(ex, 500, "application/json",
                "{\"Message\":\"blockservice: key not found\",\"Code\":0,\"Type\":\"error\"}"));
             KuboRpcClient rpc = new KuboRpcClient(node.url(), QUICK)) {
            RemoteException e = assertThrows(RemoteException.class, () -> rpc.blockStat(Cid.of(Cid.RAW, new byte[] {1})));
            assertEquals(500, e.status());
            assertTrue(e.getMessage().contains("blockservice: key not found") && e.getMessage().contains("/api/v0/block/stat"), e.getMessage());
            assertEquals(1, node.count("/api/v0/block/stat"), "a 500 is the command's answer: not retried");

            RemoteException missing = assertThrows(RemoteException.class, rpc::id);
            assertEquals(404, missing.status());
            assertTrue(missing.getMessage().contains("does not serve /api/v0/id"), missing.getMessage());
        }
    }

    @Test
    void oversizedAnswersAreCutOff() throws Exception {
        String big = "{\"Version\":\"" + "x".repeat(5000) + "\"}";
        try (FakeHttp node = new FakeHttp().on("/api/v0/version", ex -> FakeHttp.send(ex, 200, "application/json", big))
                .on("/api/v0/block/get", ex -> FakeHttp.send(ex, 200, "text/plain", new byte[3 * 1024 * 1024]));
             KuboRpcClient rpc = new KuboRpcClient(node.url(), QUICK.withMaxJsonBytes(1000))) {
            AccelException e = assertThrows(AccelException.class, rpc::version);
            assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
            assertTrue(e.getMessage().contains("limit of 1000 bytes"), e.getMessage());
            AccelException block = assertThrows(AccelException.class, () -> rpc.blockGet(Cid.of(Cid.RAW, new byte[] {1})));
            assertEquals(ErrorCode.OUT_OF_MEMORY, block.code());
        }
    }
}
