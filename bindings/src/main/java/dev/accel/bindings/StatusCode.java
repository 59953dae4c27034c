package dev.accel.bindings;

import dev.accel.ErrorCode;

/**
 * One status code of a native library, for bindings that declare their library's codes as an enum
 * (the enum's constant names are the vendor's names, so {@link #name()} comes from {@link Enum}):
 *
 * <pre>{@code
 * enum CuResult implements StatusCode {
 *     CUDA_SUCCESS(0), CUDA_ERROR_INVALID_VALUE(1),
 *     CUDA_ERROR_OUT_OF_MEMORY(2) { public ErrorCode errorCode() { return ErrorCode.OUT_OF_MEMORY; } };
 *     private final long code;
 *     CuResult(long code) { this.code = code; }
 *     public long code() { return code; }
 * }
 * StatusCodes cu = StatusCodes.ofEnum("libcuda.so.1", CuResult.class, CuResult.CUDA_SUCCESS);
 * }</pre>
 *
 * @see StatusCodes#ofEnum
 */
public interface StatusCode {
    /** The vendor's number. */
    long code();

    /** The vendor's symbolic name, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}. */
    String name();

    /** The {@link ErrorCode} a failure with this status is reported as; {@link ErrorCode#NATIVE_ERROR} unless overridden. */
    default ErrorCode errorCode() {
        return ErrorCode.NATIVE_ERROR;
    }
}
