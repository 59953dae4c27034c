package dev.accel.ipfs.internal;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} that is bounded twice: at most {@code limit} bytes in total (a
 * longer body fails with {@link ErrorCode#OUT_OF_MEMORY} naming the limit; the transfer is cancelled) and
 * at most {@code stallTimeout} of waiting for the next bytes (then {@link ErrorCode#IO_ERROR}, cancelled).
 * The limit can be lowered after the headers arrived ({@link #limit(long, String)}). Reads are for one
 * thread; {@link #close()} cancels the transfer and may be called from any thread.
 */
public final class BodyStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final List<ByteBuffer> END = List.of();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<InputStream> body = CompletableFuture.completedFuture(this);
    private final Duration stallTimeout;
    private final String source;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> buffers;
    private ByteBuffer current;
    private boolean ended;
    private long limit;
    private String limitName;
    private long read;

    /**
     * @param source names the remote and the call, for messages
     */
    public BodyStream(long limit, String limitName, Duration stallTimeout, String source) {
        this.limit = limit;
        this.limitName = limitName;
        this.stallTimeout = stallTimeout;
        this.source = source;
    }

    /** Sets the limit (and its name, for the message) on the total bytes of the body. */
    public void limit(long limit, String limitName) {
        this.limit = limit;
        this.limitName = limitName;
    }

    /** Bytes delivered so far. */
    public long bytesRead() {
        return read;
    }

    // ------------------------------------------------------------------ subscriber side

    @Override
    public CompletionStage<InputStream> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(throwable);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    // ------------------------------------------------------------------ reader side

    private boolean fill() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (buffers != null && buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended) {
                return false;
            }
            if (closed) {
                throw new IOException("the response body from " + source + " was closed");
            }
            if (buffers != null) {
                buffers = null;
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.request(1);
                }
            }
            Object next;
            try {
                next = queue.poll(stallTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new AccelException(ErrorCode.IO_ERROR, "interrupted while reading from " + source, e);
            }
            if (next == null) {
                cancel();
                throw new AccelException(ErrorCode.IO_ERROR, "no data from " + source + " for " + seconds(stallTimeout)
                        + " (stall timeout) after " + read + " bytes; the transfer was cut off");
            }
            if (next instanceof Throwable t) {
                ended = true;
                throw new IOException("the response from " + source + " broke off after " + read + " bytes: " + t.getMessage(), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) next;
            if (list == END) {
                ended = true;
                return false;
            }
            buffers = list.iterator();
        }
        return true;
    }

    private void count(int n) {
        read += n;
        if (read > limit) {
            cancel();
            throw new AccelException(ErrorCode.OUT_OF_MEMORY, "the response from " + source + " is longer than the limit of "
                    + limit + " bytes (" + limitName + "); the transfer was cut off");
        }
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        count(1);
        return current.get() & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.remaining());
        count(n);
        current.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    private void cancel() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /** Cancels the transfer if it has not ended; idempotent. */
    @Override
    public void close() {
        if (!ended) {
            cancel();
        }
        closed = true;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
