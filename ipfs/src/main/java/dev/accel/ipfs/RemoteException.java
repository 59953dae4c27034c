package dev.accel.ipfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.net.URI;

/**
 * A call to a remote IPFS node or gateway failed: it could not be reached ({@link #status()} is 0), or it
 * answered with an error status. The message names the URL, the call, what was tried (attempts, timeouts)
 * and, for an error status, what the remote said. Its code is {@link ErrorCode#IO_ERROR}, or
 * {@link ErrorCode#INVALID_ARGUMENT} for a 4xx answer other than 404/408/429.
 */
public final class RemoteException extends AccelException {
    private static final long serialVersionUID = 1L;

    private final transient URI uri;
    private final int status;

    public RemoteException(ErrorCode code, URI uri, int status, String message, Throwable cause) {
        super(code, message, cause);
        this.uri = uri;
        this.status = status;
    }

    /** The URL that was called (without query string secrets: RPC arguments are CIDs and flags). */
    public URI uri() {
        return uri;
    }

    /** The HTTP status the remote answered with, or 0 when there was no answer (unreachable, timed out). */
    public int status() {
        return status;
    }

    /** Whether the remote answered 404 (for a gateway: it does not have the block). */
    public boolean notFound() {
        return status == 404;
    }
}
