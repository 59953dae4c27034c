package dev.accel.ipfs.internal;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A {@code multipart/form-data} request body, as the Kubo RPC API takes files: parts of bytes, files
 * (streamed from disk, never loaded whole) and directories ({@code application/x-directory}). Re-creatable,
 * so a retried call sends it again.
 */
public final class Multipart {
    private final String boundary = "accel-" + UUID.randomUUID();
    private final List<Supplier<HttpRequest.BodyPublisher>> parts = new ArrayList<>();

    /** The {@code Content-Type} header value. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** A file part with {@code name} (a relative path, {@code /}-separated) and the given bytes. */
    public Multipart bytes(String name, byte[] data) {
        byte[] head = head(name, "application/octet-stream");
        parts.add(() -> HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                HttpRequest.BodyPublishers.ofByteArray(data), HttpRequest.BodyPublishers.ofByteArray(crlf())));
        return this;
    }

    /** A file part with {@code name} whose bytes are streamed from {@code file} when sent. */
    public Multipart file(String name, Path file) {
        byte[] head = head(name, "application/octet-stream");
        parts.add(() -> {
            try {
                return HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(crlf()));
            } catch (FileNotFoundException e) {
                throw new UncheckedIOException(e);
            }
        });
        return this;
    }

    /** A directory part with {@code name}. */
    public Multipart directory(String name) {
        byte[] head = head(name, "application/x-directory");
        parts.add(() -> HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                HttpRequest.BodyPublishers.ofByteArray(crlf())));
        return this;
    }

    /** A fresh publisher of the whole body. */
    public HttpRequest.BodyPublisher publisher() {
        List<HttpRequest.BodyPublisher> all = new ArrayList<>();
        for (Supplier<HttpRequest.BodyPublisher> p : parts) {
            all.add(p.get());
        }
        all.add(HttpRequest.BodyPublishers.ofByteArray(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
        return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
    }

    private byte[] head(String name, String type) {
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        String h = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + encoded + "\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n";
        return h.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] crlf() {
        return "\r\n".getBytes(StandardCharsets.US_ASCII);
    }
}
