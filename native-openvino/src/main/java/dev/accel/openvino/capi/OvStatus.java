package dev.accel.openvino.capi;

import dev.accel.ErrorCode;
import dev.accel.bindings.StatusCode;

/**
 * {@code ov_status_e} of {@code openvino/c/ov_common.h}: the status every OpenVINO C function
 * returns. The constant names and numbers are the header's (including its spelling
 * {@code UNKNOW_EXCEPTION}).
 */
public enum OvStatus implements StatusCode {
    OK(0),
    GENERAL_ERROR(-1),
    NOT_IMPLEMENTED(-2) {
        @Override
        public ErrorCode errorCode() {
            return ErrorCode.UNSUPPORTED;
        }
    },
    NETWORK_NOT_LOADED(-3),
    PARAMETER_MISMATCH(-4),
    NOT_FOUND(-5),
    OUT_OF_BOUNDS(-6),
    UNEXPECTED(-7),
    REQUEST_BUSY(-8),
    RESULT_NOT_READY(-9),
    NOT_ALLOCATED(-10),
    INFER_NOT_STARTED(-11),
    NETWORK_NOT_READ(-12),
    INFER_CANCELLED(-13),
    /** The C wrapper was given a null or invalid argument: a bug in the binding, hence {@link ErrorCode#INTERNAL}. */
    INVALID_C_PARAM(-14) {
        @Override
        public ErrorCode errorCode() {
            return ErrorCode.INTERNAL;
        }
    },
    UNKNOWN_C_ERROR(-15),
    NOT_IMPLEMENT_C_METHOD(-16) {
        @Override
        public ErrorCode errorCode() {
            return ErrorCode.UNSUPPORTED;
        }
    },
    UNKNOW_EXCEPTION(-17);

    private final long code;

    OvStatus(long code) {
        this.code = code;
    }

    @Override
    public long code() {
        return code;
    }
}
