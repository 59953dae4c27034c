package dev.accel.qnn;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.CStructs;
import dev.accel.bindings.NativeAccess;
import dev.accel.bindings.NativeLibrary;
import dev.accel.qnn.raw.QnnErrors;
import dev.accel.qnn.raw.QnnFunctions;
import dev.accel.qnn.raw.QnnInterfaceVersion;
import dev.accel.qnn.raw.QnnTypes;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loaded QNN backend library and the interface provider chosen from it: the function table read
 * from {@code QnnInterface_getProviders} at the offsets of the provider's core API version, and the
 * method handles linked from its function pointers.
 *
 * <p>The provider structs live in the library's own memory and are valid while it is loaded; this
 * object keeps the library loaded for its life (the library is never closed by Accel: a backend
 * library is loaded once per process).
 */
final class QnnLibrary {
    /** The provider name of Accel's test stand-in library (src/test/c/qnn_stand_in.c). */
    static final String STAND_IN_PROVIDER = "ACCEL_QNN_STAND_IN";

    private final NativeLibrary library;
    private final QnnBackendKind kind;
    private final QnnInterfaceVersion version;
    private final MemorySegment provider;
    private final String providerName;
    private final int[] coreApi;
    private final int[] backendApi;
    private final Map<String, MethodHandle> handles = new ConcurrentHashMap<>();

    private QnnLibrary(NativeLibrary library, QnnBackendKind kind, QnnInterfaceVersion version, MemorySegment provider) {
        this.library = library;
        this.kind = kind;
        this.version = version;
        this.provider = provider;
        StructLayout layout = version.interfaceLayout();
        MemorySegment name = (MemorySegment) CStructs.field(layout, "providerName").get(provider);
        this.providerName = name.equals(MemorySegment.NULL) ? "" : name.reinterpret(4096).getString(0);
        this.coreApi = readVersion(provider.asSlice(CStructs.offsetOf(layout, "apiVersion", "coreApiVersion"), QnnTypes.VERSION.byteSize()));
        this.backendApi = readVersion(provider.asSlice(CStructs.offsetOf(layout, "apiVersion", "backendApiVersion"), QnnTypes.VERSION.byteSize()));
    }

    /**
     * Reads the providers of {@code library} and keeps the first whose core API version this binding
     * has layouts for.
     *
     * @throws AccelException {@link ErrorCode#BACKEND_UNAVAILABLE} when the library lacks
     *         {@code QnnInterface_getProviders}, returns none, or serves only versions this binding refuses
     */
    static QnnLibrary open(NativeLibrary library, QnnBackendKind kind) {
        NativeAccess.check(QnnLibrary.class.getModule());
        MethodHandle getProviders = library.downcall("QnnInterface_getProviders", QnnFunctions.GET_PROVIDERS);
        List<String> seen = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment listOut = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment countOut = arena.allocate(ValueLayout.JAVA_INT);
            long status = (long) getProviders.invokeExact(listOut, countOut);
            QnnErrors.check(status, "QnnInterface_getProviders of " + library);
            int count = countOut.get(ValueLayout.JAVA_INT, 0);
            MemorySegment list = listOut.get(ValueLayout.ADDRESS, 0);
            if (count <= 0 || list.equals(MemorySegment.NULL)) {
                throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, library + " offers no QNN interface provider");
            }
            list = list.reinterpret(ValueLayout.ADDRESS.byteSize() * count);
            long headerSize = CStructs.offsetOf(QnnInterfaceVersion.CURRENT.interfaceLayout(), "table");
            for (int i = 0; i < count; i++) {
                MemorySegment header = list.getAtIndex(ValueLayout.ADDRESS, i).reinterpret(headerSize);
                long coreOffset = CStructs.offsetOf(QnnInterfaceVersion.CURRENT.interfaceLayout(), "apiVersion", "coreApiVersion");
                int[] core = readVersion(header.asSlice(coreOffset, QnnTypes.VERSION.byteSize()));
                seen.add(core[0] + "." + core[1] + "." + core[2]);
                var known = QnnInterfaceVersion.forCoreApi(core[0], core[1]);
                if (known.isPresent()) {
                    MemorySegment provider = header.reinterpret(known.get().interfaceLayout().byteSize());
                    return new QnnLibrary(library, kind, known.get(), provider);
                }
            }
        } catch (AccelException e) {
            throw e;
        } catch (Throwable t) {
            throw new AccelException(ErrorCode.INTERNAL, "calling QnnInterface_getProviders of " + library + " failed", t);
        }
        throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, library + " serves QNN core API " + String.join(", ", seen)
                + "; this binding has checked layouts for core API " + QnnInterfaceVersion.supportedVersions());
    }

    private static int[] readVersion(MemorySegment version) {
        return new int[] {version.get(ValueLayout.JAVA_INT, 0), version.get(ValueLayout.JAVA_INT, 4), version.get(ValueLayout.JAVA_INT, 8)};
    }

    /**
     * The handle for interface-table member {@code member}, linked from the function pointer the
     * provider holds at that member's offset.
     *
     * @throws AccelException {@link ErrorCode#UNSUPPORTED} when the provider leaves that member NULL
     */
    MethodHandle function(String member) {
        MethodHandle handle = handles.get(member);
        if (handle != null) {
            return handle;
        }
        FunctionDescriptor descriptor = QnnFunctions.INTERFACE.get(member);
        if (descriptor == null) {
            throw new IllegalArgumentException("no descriptor for QNN interface member '" + member + "'");
        }
        MemorySegment pointer = (MemorySegment) CStructs.field(version.interfaceLayout(), "table", member).get(provider);
        if (pointer.equals(MemorySegment.NULL)) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "the QNN " + kind.shortName() + " backend (" + library.origin()
                    + ") does not implement " + member + " (its interface table holds NULL there)");
        }
        handle = Linker.nativeLinker().downcallHandle(pointer, descriptor);
        handles.put(member, handle);
        return handle;
    }

    /** Whether the provider's table has a non-NULL {@code member}. */
    boolean has(String member) {
        MemorySegment pointer = (MemorySegment) CStructs.field(version.interfaceLayout(), "table", member).get(provider);
        return !pointer.equals(MemorySegment.NULL);
    }

    QnnBackendKind kind() {
        return kind;
    }

    QnnInterfaceVersion version() {
        return version;
    }

    /** Core API version the provider serves, {@code major.minor.patch}. */
    String coreApiVersion() {
        return coreApi[0] + "." + coreApi[1] + "." + coreApi[2];
    }

    String backendApiVersion() {
        return backendApi[0] + "." + backendApi[1] + "." + backendApi[2];
    }

    String providerName() {
        return providerName;
    }

    /** True for Accel's test stand-in, which is never reported as Qualcomm hardware. */
    boolean isStandIn() {
        return STAND_IN_PROVIDER.equals(providerName);
    }

    /** Where the library was loaded from. */
    String origin() {
        return library.origin();
    }

    @Override
    public String toString() {
        return "QNN " + kind.shortName() + " backend " + library.origin() + " (core API " + coreApiVersion()
                + (isStandIn() ? ", Accel's stand-in, not Qualcomm's runtime" : "") + ")";
    }
}
