package dev.accel.openvino.core;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.CTypes;
import dev.accel.bindings.CStructs;
import dev.accel.bindings.NativeLibrary;
import dev.accel.bindings.StatusCodes;
import dev.accel.openvino.capi.OvApi;
import dev.accel.openvino.capi.OvElementType;
import dev.accel.openvino.capi.OvLayouts;
import dev.accel.openvino.capi.OvStatus;
import dev.accel.tensor.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loaded OpenVINO C library ({@code libopenvino_c}), its linked functions and its status codes: the
 * root of the checked layer. Every other class of this package is created from one.
 *
 * <p>Immutable and thread-safe. It does not own the {@link NativeLibrary}; the caller keeps it open
 * as long as anything created from this object is in use (backends keep it for the life of the process).
 */
public final class OvLibrary {
    /** Symbol exported only by Accel's test stand-in ({@code src/test/c/openvino_stand_in.c}). */
    public static final String STAND_IN_MARKER = "accel_openvino_stand_in";

    private static final Pattern VERSION = Pattern.compile("^(\\d{4})\\.(\\d+)");

    private final OvApi api;
    private final StatusCodes codes;
    private final String version;
    private final String description;
    private final boolean standIn;

    private OvLibrary(OvApi api, String version, String description, boolean standIn) {
        this.api = api;
        this.version = version;
        this.description = description;
        this.standIn = standIn;
        this.codes = StatusCodes.ofEnum(api.library().origin(), OvStatus.class, OvStatus.OK).withDetail(status -> lastErrorMessage());
    }

    /**
     * Links the C API from {@code library} and reads the runtime's version.
     *
     * @throws AccelException {@link ErrorCode#BACKEND_UNAVAILABLE} when a function is missing, or
     *                        {@link ErrorCode#NATIVE_ERROR} when the version cannot be read
     */
    public static OvLibrary load(NativeLibrary library) {
        OvApi api = OvApi.bind(library);
        boolean standIn = library.findSymbol(STAND_IN_MARKER).isPresent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(OvLayouts.VERSION);
            int status = api.ov_get_openvino_version(v);
            if (status != 0) {
                throw AccelException.nativeError("ov_get_openvino_version failed",
                        StatusCodes.ofEnum(library.origin(), OvStatus.class, OvStatus.OK).status(status));
            }
            try {
                String build = string((MemorySegment) CStructs.field(OvLayouts.VERSION, "buildNumber").get(v));
                String description = string((MemorySegment) CStructs.field(OvLayouts.VERSION, "description").get(v));
                return new OvLibrary(api, build, description, standIn);
            } finally {
                api.ov_version_free(v);
            }
        }
    }

    /** The linked functions (the raw layer). */
    public OvApi api() {
        return api;
    }

    /** The runtime's build number, e.g. {@code 2025.2.0-19140-c01cd93e24d-releases/2025/2}. */
    public String version() {
        return version;
    }

    /** The runtime's own description of itself (for OpenVINO: {@code OpenVINO Runtime}). */
    public String description() {
        return description;
    }

    /** Where the library was loaded from. */
    public String origin() {
        return api.library().origin();
    }

    /**
     * True when this is Accel's stand-in test library rather than OpenVINO: it exports
     * {@value #STAND_IN_MARKER}. A stand-in is never reported as OpenVINO or as hardware.
     */
    public boolean isStandIn() {
        return standIn;
    }

    /**
     * Throws unless {@code status} is {@code OK}; the exception carries the {@link OvStatus} name and
     * number and OpenVINO's last error message.
     */
    public void check(int status, String whatWasDone) {
        codes.check(status, whatWasDone);
    }

    /** The exception {@link #check} would throw for {@code status}. */
    public AccelException failure(int status, String whatWasDone) {
        return codes.failure(status, whatWasDone);
    }

    /**
     * OpenVINO's last error message ({@code ov_get_last_err_msg}, which OpenVINO keeps process-wide, so
     * under concurrent failures it may describe another thread's), or {@code null} when there is none.
     */
    public String lastErrorMessage() {
        MemorySegment message = api.ov_get_last_err_msg();
        if (message.equals(MemorySegment.NULL)) {
            return null;
        }
        try {
            return string(message);
        } finally {
            api.ov_free(message);
        }
    }

    /**
     * The C value of {@code dtype}. {@link DType#U8} and later constants of {@code ov_element_type_e}
     * moved in OpenVINO 2024 (when u2, u3 and u6 were inserted), so u8 is refused on a runtime older
     * than the release this binding was written against (2024.6).
     *
     * @throws AccelException {@link ErrorCode#UNSUPPORTED} for u8 on an older runtime
     */
    public int elementCode(DType dtype) {
        OvElementType type = OvElementType.of(dtype);
        if (type.code() > OvElementType.I64.code() && !numberingVerified()) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "u8 tensors need OpenVINO 2024.6 or later (its ov_element_type_e numbering); "
                    + "this runtime is " + version);
        }
        return type.code();
    }

    /**
     * The dtype of C value {@code code}.
     *
     * @throws AccelException {@link ErrorCode#UNSUPPORTED} naming the OpenVINO type when Accel has no dtype for it
     */
    public DType dtype(int code, String whose) {
        if (code > OvElementType.I64.code() && !numberingVerified()) {
            throw new AccelException(ErrorCode.UNSUPPORTED, whose + " has OpenVINO element type " + code
                    + ", whose meaning depends on the OpenVINO release; this binding follows 2024.6 and later, the runtime is " + version);
        }
        OvElementType type = OvElementType.of(code).orElseThrow(() -> new AccelException(ErrorCode.UNSUPPORTED,
                whose + " has an OpenVINO element type this binding does not know: " + code));
        return type.dtype().orElseThrow(() -> new AccelException(ErrorCode.UNSUPPORTED,
                whose + " has OpenVINO element type " + type + ", which Accel has no dtype for"));
    }

    private boolean numberingVerified() {
        Matcher m = VERSION.matcher(version);
        if (!m.find()) {
            return false;
        }
        int year = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return year > 2024 || (year == 2024 && minor >= 6);
    }

    /** A NUL-terminated C string at {@code address} (not NULL). */
    static String string(MemorySegment address) {
        Objects.requireNonNull(address, "address");
        if (address.equals(MemorySegment.NULL)) {
            throw new AccelException(ErrorCode.INTERNAL, "OpenVINO returned a NULL string");
        }
        return address.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** A {@code T*} out-parameter. */
    static MemorySegment pointerSlot(Arena arena) {
        return arena.allocate(CTypes.C_POINTER);
    }

    /** The pointer written into a {@link #pointerSlot}. */
    static MemorySegment pointerIn(MemorySegment slot) {
        return slot.get(CTypes.C_POINTER, 0);
    }

    @Override
    public String toString() {
        return (standIn ? "Accel OpenVINO stand-in " : "OpenVINO ") + version + " (" + origin() + ")";
    }
}
