package dev.accel.coreml;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.NativeAccess;
import dev.accel.bindings.NativeLibrary;
import dev.accel.coreml.raw.CoremlAbi;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import java.util.Map;

/**
 * The loaded shim library ({@code libaccel_coreml.dylib}, or the C stand-in of its ABI in tests) with
 * every function linked once. Kept loaded for the life of the process.
 */
final class CoremlShim {
    /** How the stand-in's {@code accel_coreml_shim_info()} begins. */
    static final String STAND_IN_PREFIX = "accel_coreml STAND-IN";

    /** Bytes of the message buffer passed to every call that can fail. */
    static final int ERROR_CAPACITY = 1024;

    private final NativeLibrary library;
    private final Map<String, MethodHandle> functions = new HashMap<>();
    private final String info;

    private CoremlShim(NativeLibrary library) {
        this.library = library;
        for (var entry : CoremlAbi.FUNCTIONS.entrySet()) {
            functions.put(entry.getKey(), library.downcall(entry.getKey(), entry.getValue()));
        }
        try {
            int abi = (int) function("accel_coreml_abi_version").invokeExact();
            if (abi != CoremlAbi.ABI_VERSION) {
                throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, library + " implements shim ABI " + abi + "; this binding needs "
                        + CoremlAbi.ABI_VERSION + " (rebuild native-coreml on this Mac)");
            }
            MemorySegment text = (MemorySegment) function("accel_coreml_shim_info").invokeExact();
            this.info = text.equals(MemorySegment.NULL) ? "" : text.reinterpret(4096).getString(0);
        } catch (AccelException e) {
            throw e;
        } catch (Throwable t) {
            throw new AccelException(ErrorCode.INTERNAL, "calling " + library + " failed", t);
        }
    }

    /** Links every function of the ABI and checks its version. */
    static CoremlShim open(NativeLibrary library) {
        NativeAccess.check(CoremlShim.class.getModule());
        return new CoremlShim(library);
    }

    MethodHandle function(String name) {
        MethodHandle handle = functions.get(name);
        if (handle == null) {
            throw new IllegalArgumentException("no shim function " + name);
        }
        return handle;
    }

    /** {@code accel_coreml_shim_info()}: which shim and OS. */
    String info() {
        return info;
    }

    /** True for Accel's C stand-in of the shim's ABI, which is never reported as Apple hardware. */
    boolean isStandIn() {
        return info.startsWith(STAND_IN_PREFIX);
    }

    String origin() {
        return library.origin();
    }

    /** Throws for a failing status, with the shim's message from {@code err}. */
    static void check(int status, String what, MemorySegment err) {
        if (status != CoremlAbi.ACCEL_COREML_OK) {
            String message = err.getString(0);
            throw CoremlAbi.STATUS.failure(status, what + (message.isEmpty() ? "" : ": " + message));
        }
    }

    static RuntimeException rethrow(Throwable t, String what) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new AccelException(ErrorCode.INTERNAL, what + " failed", t);
    }

    @Override
    public String toString() {
        return info + " (" + library.origin() + ")";
    }
}
