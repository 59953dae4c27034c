package dev.accel.conformance;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

/** Cases that expect an error: the comparison passes only when the call throws what the contract says. */
final class Expect {
    private Expect() {
    }

    /** Passes when {@code call} throws an {@link AccelException} with {@code code}. */
    static Comparison error(ErrorCode code, Runnable call) {
        try {
            call.run();
        } catch (AccelException e) {
            return e.code() == code ? new Comparison(true, 0, 0, "")
                    : new Comparison(false, 0, 0, "expected AccelException(" + code + "), got " + e.code() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return new Comparison(false, 0, 0, "expected AccelException(" + code + "), got " + e);
        }
        return new Comparison(false, 0, 0, "expected AccelException(" + code + "), but the call returned normally");
    }

    /** Passes when {@code call} throws {@code type} (or a subclass). */
    static Comparison thrown(Class<? extends RuntimeException> type, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return type.isInstance(e) ? new Comparison(true, 0, 0, "")
                    : new Comparison(false, 0, 0, "expected " + type.getSimpleName() + ", got " + e);
        }
        return new Comparison(false, 0, 0, "expected " + type.getSimpleName() + ", but the call returned normally");
    }
}
