package dev.accel.ipfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.StoreLimits;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to talk to a remote node or gateway: timeouts, retries, authorization and response size limits.
 * Immutable; the {@code with...} methods return changed copies. {@link #DEFAULTS} is what the CLI uses
 * unless told otherwise.
 *
 * <ul>
 *   <li>{@code connectTimeout}: to open the TCP connection (default 10 s).</li>
 *   <li>{@code responseTimeout}: from sending the request to the response's status line and headers
 *       (default 60 s).</li>
 *   <li>{@code stallTimeout}: while reading a body, the longest wait for the next bytes (default 60 s): a
 *       stream that stops moving is cut off, however long it is allowed to be in total.</li>
 *   <li>{@code retries}: further attempts after the first, with exponential backoff from
 *       {@code initialBackoff} doubling up to {@code maxBackoff} (defaults 3, 250 ms, 4 s). Only idempotent
 *       calls are retried after a request was sent (on connection errors, timeouts, 429, 502, 503, 504); a
 *       call whose connection was refused is retried whatever it is, since nothing was sent.</li>
 *   <li>{@code maxJsonBytes}: largest JSON answer (default 16 MiB).</li>
 *   <li>{@code maxDagBytes}: largest CAR stream or {@code cat} body (default 64 GiB), and the most block
 *       bytes a block-by-block fetch takes; beyond it the transfer is cut off with a clear error.</li>
 * </ul>
 * Blocks are always limited to {@link StoreLimits#MAX_BLOCK_SIZE}.
 */
public record RemoteOptions(Duration connectTimeout, Duration responseTimeout, Duration stallTimeout, int retries,
                            Duration initialBackoff, Duration maxBackoff, Optional<Authorization> authorization,
                            long maxJsonBytes, long maxDagBytes) {
    /** 10 s connect, 60 s response, 60 s stall, 3 retries from 250 ms to 4 s, no authorization, 16 MiB JSON, 64 GiB DAGs. */
    public static final RemoteOptions DEFAULTS = new RemoteOptions(Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(60), 3, Duration.ofMillis(250), Duration.ofSeconds(4), Optional.empty(),
            16L << 20, 64L << 30);

    public RemoteOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(authorization, "authorization");
        for (Duration d : new Duration[] {connectTimeout, responseTimeout, stallTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "timeouts must be positive, got " + d);
            }
        }
        if (retries < 0 || retries > 100) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "retries must be 0..100, got " + retries);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "backoff must satisfy 0 <= initial <= max");
        }
        if (maxJsonBytes <= 0 || maxDagBytes <= 0) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "size limits must be positive");
        }
    }

    /** With one timeout for connecting, for the response headers, and for a stalled body. */
    public RemoteOptions withTimeout(Duration timeout) {
        return new RemoteOptions(timeout, timeout, timeout, retries, initialBackoff, maxBackoff, authorization, maxJsonBytes, maxDagBytes);
    }

    public RemoteOptions withRetries(int retries, Duration initialBackoff, Duration maxBackoff) {
        return new RemoteOptions(connectTimeout, responseTimeout, stallTimeout, retries, initialBackoff, maxBackoff, authorization,
                maxJsonBytes, maxDagBytes);
    }

    public RemoteOptions withRetries(int retries) {
        return withRetries(retries, initialBackoff, maxBackoff);
    }

    public RemoteOptions withAuthorization(Authorization authorization) {
        return new RemoteOptions(connectTimeout, responseTimeout, stallTimeout, retries, initialBackoff, maxBackoff,
                Optional.of(authorization), maxJsonBytes, maxDagBytes);
    }

    public RemoteOptions withMaxDagBytes(long maxDagBytes) {
        return new RemoteOptions(connectTimeout, responseTimeout, stallTimeout, retries, initialBackoff, maxBackoff, authorization,
                maxJsonBytes, maxDagBytes);
    }

    public RemoteOptions withMaxJsonBytes(long maxJsonBytes) {
        return new RemoteOptions(connectTimeout, responseTimeout, stallTimeout, retries, initialBackoff, maxBackoff, authorization,
                maxJsonBytes, maxDagBytes);
    }

    /** The backoff before retry number {@code attempt} (1-based): initial * 2^(attempt-1), at most max. */
    public Duration backoff(int attempt) {
        long ms = initialBackoff.toMillis();
        for (int i = 1; i < attempt && ms < maxBackoff.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
