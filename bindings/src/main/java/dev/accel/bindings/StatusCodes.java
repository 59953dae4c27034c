package dev.accel.bindings;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.NativeStatus;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The status codes of one native library, and the check that turns a failing one into an
 * {@link AccelException} carrying the vendor's name and number ({@link NativeStatus}).
 *
 * <pre>{@code
 * static final StatusCodes NVRTC = StatusCodes.builder("libnvrtc")
 *         .success(0, "NVRTC_SUCCESS")
 *         .error(1, "NVRTC_ERROR_OUT_OF_MEMORY", ErrorCode.OUT_OF_MEMORY)
 *         .error(6, "NVRTC_ERROR_COMPILATION")
 *         .build();
 * NVRTC.check((int) nvrtcCompileProgram.invokeExact(program, 0, MemorySegment.NULL), "compiling kernel 'gemm'");
 * }</pre>
 *
 * <p>A number the binding did not declare is named {@code UNKNOWN_<n>} and reported as
 * {@link ErrorCode#NATIVE_ERROR}; it is never treated as success. Immutable and thread-safe.
 */
public final class StatusCodes {
    private final String library;
    private final Map<Long, String> names;
    private final Map<Long, ErrorCode> errorCodes;
    private final Set<Long> successCodes;
    private final LongFunction<String> detail;

    private StatusCodes(String library, Map<Long, String> names, Map<Long, ErrorCode> errorCodes,
                        Set<Long> successCodes, LongFunction<String> detail) {
        this.library = library;
        this.names = Map.copyOf(names);
        this.errorCodes = Map.copyOf(errorCodes);
        this.successCodes = Set.copyOf(successCodes);
        this.detail = detail;
    }

    /**
     * Declares codes one by one.
     *
     * @param library the library named in every {@link NativeStatus}, e.g. {@code "libcuda.so.1"}
     */
    public static Builder builder(String library) {
        return new Builder(library);
    }

    /**
     * Codes from a map number → vendor name; every failure is {@link ErrorCode#NATIVE_ERROR}.
     *
     * @param successCodes the numbers that mean success (usually just {@code 0})
     * @throws IllegalArgumentException if no success code is given
     */
    public static StatusCodes of(String library, Map<Long, String> names, long... successCodes) {
        if (successCodes.length == 0) {
            throw new IllegalArgumentException("no success code given for " + library);
        }
        Builder builder = builder(library);
        Set<Long> success = new HashSet<>();
        for (long code : successCodes) {
            success.add(code);
        }
        names.forEach((code, name) -> {
            if (success.contains(code)) {
                builder.success(code, name);
            } else {
                builder.error(code, name);
            }
        });
        success.stream().filter(code -> !names.containsKey(code)).forEach(code -> builder.success(code, "SUCCESS"));
        return builder.build();
    }

    /**
     * Codes from an enum whose constants are the vendor's names (see {@link StatusCode}).
     *
     * @param success the constant(s) that mean success
     * @throws IllegalArgumentException if two constants share a number, or no success constant is given
     */
    @SafeVarargs
    public static <E extends Enum<E> & StatusCode> StatusCodes ofEnum(String library, Class<E> type, E... success) {
        if (success.length == 0) {
            throw new IllegalArgumentException("no success constant given for " + library);
        }
        Builder builder = builder(library);
        Set<E> successSet = Set.of(success);
        for (E constant : type.getEnumConstants()) {
            if (successSet.contains(constant)) {
                builder.success(constant.code(), constant.name());
            } else {
                builder.error(constant.code(), constant.name(), constant.errorCode());
            }
        }
        return builder.build();
    }

    /**
     * A copy whose failure messages add the library's own description of the code (e.g. from
     * {@code cuGetErrorString}). {@code describe} may return {@code null} for "nothing to add";
     * if it throws, the description is left out.
     */
    public StatusCodes withDetail(LongFunction<String> describe) {
        Objects.requireNonNull(describe, "describe");
        return new StatusCodes(library, names, errorCodes, successCodes, describe);
    }

    /** The library named in every {@link NativeStatus} this produces. */
    public String library() {
        return library;
    }

    /** Whether {@code status} means success. */
    public boolean isSuccess(long status) {
        return successCodes.contains(status);
    }

    /** The vendor's name for {@code status}, or {@code UNKNOWN_<status>}. */
    public String nameOf(long status) {
        String name = names.get(status);
        return name != null ? name : "UNKNOWN_" + status;
    }

    /** The {@link NativeStatus} for {@code status}. */
    public NativeStatus status(long status) {
        return new NativeStatus(library, nameOf(status), status);
    }

    /**
     * Returns normally if {@code status} means success, otherwise throws what {@link #failure}
     * builds.
     *
     * @param whatWasDone what the native call was doing, e.g. {@code "cuMemAlloc of 4096 bytes"}
     * @throws AccelException with the declared {@link ErrorCode} (default {@link ErrorCode#NATIVE_ERROR})
     *                        and the {@link NativeStatus}
     */
    public void check(long status, String whatWasDone) {
        if (!successCodes.contains(status)) {
            throw failure(status, whatWasDone);
        }
    }

    /** The exception for a failing {@code status}, for bindings that need to add to it before throwing. */
    public AccelException failure(long status, String whatWasDone) {
        Objects.requireNonNull(whatWasDone, "whatWasDone");
        String message = whatWasDone;
        if (detail != null) {
            try {
                String text = detail.apply(status);
                if (text != null && !text.isBlank()) {
                    message = whatWasDone + ": " + text;
                }
            } catch (RuntimeException ignored) {
                // the description is a nicety; the status itself is still reported
            }
        }
        ErrorCode kind = errorCodes.getOrDefault(status, ErrorCode.NATIVE_ERROR);
        return kind == ErrorCode.NATIVE_ERROR
                ? AccelException.nativeError(message, status(status))
                : new AccelException(kind, message, status(status), null);
    }

    @Override
    public String toString() {
        return "StatusCodes[" + library + ", " + names.size() + " named codes, success=" + successCodes + "]";
    }

    /** Declares a library's codes one by one. Not thread-safe; {@link #build()} once. */
    public static final class Builder {
        private final String library;
        private final Map<Long, String> names = new HashMap<>();
        private final Map<Long, ErrorCode> errorCodes = new HashMap<>();
        private final Set<Long> successCodes = new HashSet<>();

        private Builder(String library) {
            this.library = Objects.requireNonNull(library, "library");
        }

        /** Declares a code that means success. */
        public Builder success(long code, String name) {
            name(code, name);
            successCodes.add(code);
            return this;
        }

        /** Declares a failure code, reported as {@link ErrorCode#NATIVE_ERROR}. */
        public Builder error(long code, String name) {
            return error(code, name, ErrorCode.NATIVE_ERROR);
        }

        /** Declares a failure code reported as {@code kind}, e.g. {@link ErrorCode#OUT_OF_MEMORY}. */
        public Builder error(long code, String name, ErrorCode kind) {
            Objects.requireNonNull(kind, "kind");
            name(code, name);
            errorCodes.put(code, kind);
            return this;
        }

        /**
         * The declared codes.
         *
         * @throws IllegalStateException if no success code was declared
         */
        public StatusCodes build() {
            if (successCodes.isEmpty()) {
                throw new IllegalStateException("no success code declared for " + library);
            }
            return new StatusCodes(library, names, errorCodes, successCodes, null);
        }

        private void name(long code, String name) {
            Objects.requireNonNull(name, "name");
            String previous = names.putIfAbsent(code, name);
            if (previous != null) {
                throw new IllegalArgumentException(library + ": code " + code + " declared twice (" + previous + ", " + name + ")");
            }
        }
    }
}
