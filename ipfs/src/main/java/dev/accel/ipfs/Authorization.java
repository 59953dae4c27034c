package dev.accel.ipfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The value of an HTTP {@code Authorization} header: Kubo's RPC API (and gateways) can sit behind a proxy
 * that asks for basic or bearer authorization. {@link #toString()} never shows the secret.
 */
public final class Authorization {
    private final String scheme;
    private final String headerValue;

    private Authorization(String scheme, String headerValue) {
        this.scheme = scheme;
        this.headerValue = headerValue;
    }

    /** {@code Basic base64(user:password)} (RFC 7617, UTF-8). */
    public static Authorization basic(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.indexOf(':') >= 0) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "a basic-auth user name cannot contain ':'");
        }
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Authorization("basic", "Basic " + token);
    }

    /** {@code Bearer TOKEN} (RFC 6750). */
    public static Authorization bearer(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "a bearer token must be non-empty printable ASCII without spaces");
        }
        return new Authorization("bearer", "Bearer " + token);
    }

    /**
     * Parses the command-line form: {@code basic:USER:PASSWORD} or {@code bearer:TOKEN}.
     *
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} for anything else (the message does not
     *                        repeat the secret)
     */
    public static Authorization parse(String spec) {
        if (spec.startsWith("basic:")) {
            String rest = spec.substring("basic:".length());
            int colon = rest.indexOf(':');
            if (colon < 0) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "basic authorization must be written basic:USER:PASSWORD");
            }
            return basic(rest.substring(0, colon), rest.substring(colon + 1));
        }
        if (spec.startsWith("bearer:")) {
            return bearer(spec.substring("bearer:".length()));
        }
        throw new AccelException(ErrorCode.INVALID_ARGUMENT, "authorization must be written basic:USER:PASSWORD or bearer:TOKEN");
    }

    /** The header value ({@code Basic ...} or {@code Bearer ...}); a secret. */
    public String headerValue() {
        return headerValue;
    }

    /** {@code basic} or {@code bearer}. */
    public String scheme() {
        return scheme;
    }

    @Override
    public String toString() {
        return scheme + " authorization (secret not shown)";
    }
}
