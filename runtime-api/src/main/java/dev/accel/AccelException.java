package dev.accel;

import java.util.Objects;
import java.util.Optional;

/**
 * The one unchecked root exception of Accel. Every failure that is not a plain contract violation
 * of the Java API (those throw the JDK's {@link IllegalArgumentException},
 * {@link IndexOutOfBoundsException} or {@link IllegalStateException}, as documented on each method)
 * is reported as an {@code AccelException} or a subclass, with an {@link ErrorCode} and, where a
 * native library produced it, the library's own {@link NativeStatus} (name and number).
 */
public class AccelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient NativeStatus nativeStatus;

    public AccelException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public AccelException(ErrorCode code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    public AccelException(ErrorCode code, String message, NativeStatus nativeStatus, Throwable cause) {
        super(withStatus(message, nativeStatus), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.nativeStatus = nativeStatus;
    }

    /** A native call failed with {@code status}; the message says what was being done. */
    public static AccelException nativeError(String whatFailed, NativeStatus status) {
        return new AccelException(ErrorCode.NATIVE_ERROR, whatFailed, Objects.requireNonNull(status), null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The native status behind this failure, if a native library reported one. */
    public Optional<NativeStatus> nativeStatus() {
        return Optional.ofNullable(nativeStatus);
    }

    private static String withStatus(String message, NativeStatus status) {
        return status == null ? message : message + ": " + status;
    }
}
