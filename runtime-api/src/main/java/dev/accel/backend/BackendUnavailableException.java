package dev.accel.backend;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

/** Thrown when a backend that cannot run on this machine is asked to do work; the message is its reason. */
public final class BackendUnavailableException extends AccelException {
    private static final long serialVersionUID = 1L;

    private final String backend;

    public BackendUnavailableException(String backend, String reason) {
        super(ErrorCode.BACKEND_UNAVAILABLE, "backend '" + backend + "' is unavailable: " + reason);
        this.backend = backend;
    }

    public String backend() {
        return backend;
    }
}
