package dev.accel.ipfs.internal;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.ipfs.RemoteException;
import dev.accel.ipfs.RemoteOptions;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Sends HTTP requests with the timeouts, retries, authorization and body limits of a {@link RemoteOptions}.
 * Thread-safe. Responses of any status come back to the caller (which knows what a 404 or a 500 means for
 * its protocol) once retries are spent; a remote that cannot be reached is a {@link RemoteException} with
 * status 0 naming the URL, the call and what was tried.
 */
public final class HttpCaller implements AutoCloseable {
    private final HttpClient client;
    private final RemoteOptions options;
    private final String remoteKind;

    /**
     * @param remoteKind what the remote is, for messages ("IPFS node", "gateway")
     */
    public HttpCaller(RemoteOptions options, String remoteKind) {
        this.options = Objects.requireNonNull(options, "options");
        this.remoteKind = remoteKind;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public RemoteOptions options() {
        return options;
    }

    /** One request: method, URL, body (re-created for each attempt), extra headers, and whether it may be repeated. */
    public record Call(String method, URI uri, Supplier<HttpRequest.BodyPublisher> body, String contentType,
                       Map<String, String> headers, boolean idempotent, long bodyLimit, String bodyLimitName) {
        public Call {
            headers = Map.copyOf(headers);
        }

        /** A call with no request body. */
        public static Call of(String method, URI uri, boolean idempotent, long bodyLimit, String bodyLimitName) {
            return new Call(method, uri, null, null, Map.of(), idempotent, bodyLimit, bodyLimitName);
        }

        public Call withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Call(method, uri, body, contentType, h, idempotent, bodyLimit, bodyLimitName);
        }

        public Call withBody(Supplier<HttpRequest.BodyPublisher> body, String contentType) {
            return new Call(method, uri, body, contentType, headers, idempotent, bodyLimit, bodyLimitName);
        }

        String describe() {
            return method + " " + uri.getRawPath();
        }
    }

    /** A response: status, headers and the bounded body (close it). */
    public record Response(URI uri, String call, int status, HttpHeaders headers, BodyStream body) implements AutoCloseable {
        public boolean ok() {
            return status / 100 == 2;
        }

        /** The body as text, at most {@code max} bytes (for error messages); never throws. */
        public String text(int max) {
            try {
                body.limit(Long.MAX_VALUE, "error text");
                byte[] b = body.readNBytes(max);
                return new String(b, StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                return "(no readable body: " + e.getMessage() + ")";
            }
        }

        /** The whole body, within its limit. */
        public byte[] bytes() {
            try (InputStream in = body) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new AccelException(ErrorCode.IO_ERROR, "reading the response of " + call + " at " + uri + " failed: " + e.getMessage(), e);
            }
        }

        public java.util.Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        @Override
        public void close() {
            body.close();
        }
    }

    /** Sends {@code call}, retrying as the options say; returns the last response, whatever its status. */
    public Response send(Call call) {
        long start = System.nanoTime();
        int attempts = 0;
        Exception lastError = null;
        String lastProblem = null;
        while (true) {
            attempts++;
            boolean mayRetry = attempts <= options.retries();
            HttpRequest.Builder rb = HttpRequest.newBuilder(call.uri()).timeout(options.responseTimeout());
            rb.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody() : call.body().get());
            if (call.contentType() != null) {
                rb.header("Content-Type", call.contentType());
            }
            call.headers().forEach(rb::header);
            options.authorization().ifPresent(a -> rb.header("Authorization", a.headerValue()));
            String source = remoteKind + " " + call.uri().getScheme() + "://" + call.uri().getRawAuthority() + " (" + call.describe() + ")";
            BodyStream stream = new BodyStream(call.bodyLimit(), call.bodyLimitName(), options.stallTimeout(), source);
            try {
                HttpResponse<InputStream> r = client.send(rb.build(), info -> stream);
                Response response = new Response(call.uri(), call.describe(), r.statusCode(), r.headers(), stream);
                int s = r.statusCode();
                if (mayRetry && call.idempotent() && (s == 429 || s == 502 || s == 503 || s == 504)) {
                    lastProblem = "HTTP " + s + ": " + response.text(512);
                    response.close();
                    sleep(retryDelay(attempts, r.headers()));
                    continue;
                }
                return response;
            } catch (ConnectException | HttpConnectTimeoutException e) {
                lastError = e;
                lastProblem = e instanceof HttpConnectTimeoutException ? "connect timed out after " + BodyStream.seconds(options.connectTimeout())
                        : "connection refused or failed (" + e + ")";
            } catch (HttpTimeoutException e) {
                lastError = e;
                lastProblem = "no response within " + BodyStream.seconds(options.responseTimeout()) + " (response timeout)";
                if (!call.idempotent()) {
                    mayRetry = false;
                }
            } catch (IOException e) {
                lastError = e;
                lastProblem = e.toString();
                if (!call.idempotent()) {
                    mayRetry = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AccelException(ErrorCode.IO_ERROR, "interrupted while calling " + call.uri(), e);
            } catch (IllegalArgumentException e) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "bad URL " + call.uri() + ": " + e.getMessage(), e);
            }
            if (!mayRetry) {
                break;
            }
            sleep(options.backoff(attempts));
        }
        double secs = (System.nanoTime() - start) / 1e9;
        String what = String.format("cannot reach the %s at %s (%s): %s; tried %d time%s over %.1f s (connect timeout %s, response timeout %s,"
                        + " up to %d retr%s with backoff %s..%s%s)",
                remoteKind, call.uri().getScheme() + "://" + call.uri().getRawAuthority(), call.describe(), lastProblem, attempts,
                attempts == 1 ? "" : "s", secs, BodyStream.seconds(options.connectTimeout()), BodyStream.seconds(options.responseTimeout()),
                options.retries(), options.retries() == 1 ? "y" : "ies", BodyStream.seconds(options.initialBackoff()),
                BodyStream.seconds(options.maxBackoff()), call.idempotent() ? "" : "; not idempotent, so retried only when the connection failed");
        throw new RemoteException(ErrorCode.IO_ERROR, call.uri(), 0, what, lastError);
    }

    private Duration retryDelay(int attempt, HttpHeaders headers) {
        Duration backoff = options.backoff(attempt);
        try {
            long seconds = Long.parseLong(headers.firstValue("Retry-After").orElse("-1").trim());
            if (seconds >= 0) {
                Duration asked = Duration.ofSeconds(seconds);
                return asked.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : asked;
            }
        } catch (NumberFormatException ignored) {
            // an HTTP date: use our own backoff
        }
        return backoff;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccelException(ErrorCode.IO_ERROR, "interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
