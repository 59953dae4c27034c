package dev.accel;

/**
 * What kind of failure an {@link AccelException} reports. Callers switch on this rather than on
 * message text; the native status (name and number), when there is one, travels separately in
 * {@link AccelException#nativeStatus()}.
 */
public enum ErrorCode {
    /** An argument broke the documented contract of the method (bad axis, bad size, bad option). */
    INVALID_ARGUMENT,
    /** Shapes or dtypes of the operands do not fit together (e.g. matmul with k != k'). */
    SHAPE_MISMATCH,
    /** A view was asked for that the strides cannot express without a copy (see {@code contiguous()}). */
    NOT_A_VIEW,
    /** The backend or device does not implement this operation or dtype. */
    UNSUPPORTED,
    /** The backend cannot be used on this machine (library missing, no device, wrong driver). */
    BACKEND_UNAVAILABLE,
    /** A native library returned an error status; see {@link AccelException#nativeStatus()}. */
    NATIVE_ERROR,
    /** Allocation failed, or a size limit was exceeded. */
    OUT_OF_MEMORY,
    /** Reading or writing a file or a socket failed. */
    IO_ERROR,
    /** Outside data (a file, a header, a response) is malformed. */
    MALFORMED_INPUT,
    /** Bytes do not match the hash that names them. */
    INTEGRITY,
    /** A bug in Accel itself: an invariant did not hold. */
    INTERNAL
}
