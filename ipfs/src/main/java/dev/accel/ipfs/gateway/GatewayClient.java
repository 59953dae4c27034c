package dev.accel.ipfs.gateway;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.ipfs.RemoteException;
import dev.accel.ipfs.RemoteOptions;
import dev.accel.ipfs.fetch.BlockSource;
import dev.accel.ipfs.fetch.DagFetcher;
import dev.accel.ipfs.fetch.FetchReport;
import dev.accel.ipfs.internal.HttpCaller;
import dev.accel.store.StoreLimits;
import dev.accel.store.cid.Cid;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A client of one or more <a href="https://specs.ipfs.tech/http-gateways/trustless-gateway/">trustless
 * gateways</a>: blocks as {@code application/vnd.ipld.raw} ({@code GET /ipfs/{cid}?format=raw}) and DAGs
 * as {@code application/vnd.ipld.car} ({@code GET /ipfs/{cid}?format=car&dag-scope=all}, CARv1, depth-first,
 * no duplicates). Nothing a gateway sends is trusted: every block is verified against its CID, and a CAR is
 * checked against the DAG before anything is stored ({@link DagFetcher}).
 *
 * <p>Gateways are tried in the order given; when one fails (unreachable, an error status, a wrong
 * {@code Content-Type}, a block that does not match its CID, a truncated or foreign-block CAR) the next is
 * tried, and the error names what each gateway did. Thread-safe.
 */
public final class GatewayClient implements BlockSource, AutoCloseable {
    /** The media type of one raw block. */
    public static final String RAW = "application/vnd.ipld.raw";
    /** The media type of a CAR. */
    public static final String CAR = "application/vnd.ipld.car";

    private final List<URI> gateways;
    private final HttpCaller http;
    private final RemoteOptions options;

    /** A client of {@code gateways} ({@code http://host:port}, tried in order). */
    public GatewayClient(List<URI> gateways, RemoteOptions options) {
        if (gateways.isEmpty()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "at least one gateway URL is needed");
        }
        List<URI> g = new ArrayList<>();
        for (URI u : gateways) {
            String s = u.toString();
            if (!(s.startsWith("http://") || s.startsWith("https://"))) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "a gateway URL must start with http:// or https://, got " + s);
            }
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            g.add(URI.create(s));
        }
        this.gateways = List.copyOf(g);
        this.options = Objects.requireNonNull(options, "options");
        this.http = new HttpCaller(options, "gateway");
    }

    public List<URI> gateways() {
        return gateways;
    }

    /**
     * The block {@code cid}, verified, from the first gateway that has it.
     *
     * @throws AccelException {@link ErrorCode#IO_ERROR} naming every gateway and what it did, if none gave
     *                        the right bytes
     */
    @Override
    public byte[] block(Cid cid) {
        List<String> failures = new ArrayList<>();
        for (URI g : gateways) {
            try {
                return block(g, cid);
            } catch (AccelException e) {
                if (gateways.size() == 1) {
                    throw e;
                }
                failures.add(g + ": " + e.getMessage());
            }
        }
        throw allFailed("block " + cid, failures);
    }

    /** The block {@code cid} from gateway {@code g}, verified. */
    public byte[] block(URI g, Cid cid) {
        HttpCaller.Call call = HttpCaller.Call.of("GET", URI.create(g + "/ipfs/" + cid + "?format=raw"), true,
                StoreLimits.MAX_BLOCK_SIZE, "block size limit").withHeader("Accept", RAW);
        try (HttpCaller.Response r = ok(call, RAW)) {
            byte[] block = r.bytes();
            cid.verify(block, "sent by gateway " + g);
            return block;
        }
    }

    /**
     * Fetches the DAG under {@code root} as a CAR from the first gateway that sends a complete, verified
     * one, into {@code fetcher}'s store (all or nothing per gateway).
     */
    public FetchReport fetchDag(Cid root, DagFetcher fetcher) {
        List<String> failures = new ArrayList<>();
        for (URI g : gateways) {
            try {
                HttpCaller.Call call = HttpCaller.Call.of("GET", URI.create(g + "/ipfs/" + root + "?format=car&dag-scope=all"), true,
                        options.maxDagBytes(), "maxDagBytes").withHeader("Accept", CAR + "; version=1; order=dfs; dups=n");
                HttpCaller.Response r = ok(call, CAR);
                return fetcher.importCar(root, r.body(), "gateway " + g);
            } catch (AccelException e) {
                if (gateways.size() == 1) {
                    throw e;
                }
                failures.add(g + ": " + e.getMessage());
            }
        }
        throw allFailed("the DAG under " + root, failures);
    }

    /**
     * Fetches the DAG under {@code root} block by block ({@code parallelism} at once), each block from the
     * first gateway that has it.
     */
    public FetchReport fetchBlocks(Cid root, DagFetcher fetcher, int parallelism) {
        return fetcher.fetchBlocks(root, this, parallelism, options.maxDagBytes());
    }

    @Override
    public String describe() {
        return gateways.size() == 1 ? "gateway " + gateways.getFirst() : "gateways " + gateways;
    }

    private HttpCaller.Response ok(HttpCaller.Call call, String type) {
        HttpCaller.Response r = http.send(call);
        if (r.status() == 200) {
            String ct = r.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (!ct.startsWith(type)) {
                r.close();
                throw new RemoteException(ErrorCode.MALFORMED_INPUT, call.uri(), 200, "gateway " + call.uri() + " answered with Content-Type \"" + ct
                        + "\" instead of " + type + " (not a trustless gateway?)", null);
            }
            return r;
        }
        try (r) {
            String text = r.text(512);
            throw new RemoteException(r.status() == 400 ? ErrorCode.INVALID_ARGUMENT : ErrorCode.IO_ERROR, call.uri(), r.status(),
                    "gateway " + call.uri() + " answered HTTP " + r.status() + (text.isEmpty() ? "" : ": " + text), null);
        }
    }

    private static AccelException allFailed(String what, List<String> failures) {
        return new AccelException(ErrorCode.IO_ERROR, "no gateway gave " + what + " (tried " + failures.size() + "): "
                + String.join("; ", failures));
    }

    @Override
    public void close() {
        http.close();
    }
}
