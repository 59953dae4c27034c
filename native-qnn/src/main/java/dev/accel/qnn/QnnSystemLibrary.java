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
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code libQnnSystem.so}: reads the graphs, inputs and outputs of a context binary without creating a
 * context ({@code QnnSystemContext_getMetadata}, or {@code getBinaryInfo} on a private copy when a
 * library lacks the former, because that function's buffer argument is not {@code const}).
 *
 * <p>The arrays of {@code Qnn_Tensor_t} it returns are laid out with the library's own
 * {@code sizeof(Qnn_Tensor_t)}, which depends on its core API version; the caller gives the
 * {@link QnnInterfaceVersion} of the backend from the same SDK. Only the first graph is read: the
 * stride of the graph array is not fixed across versions either, so a binary with several graphs is
 * refused.
 */
final class QnnSystemLibrary {
    private final NativeLibrary library;
    private final MethodHandle create;
    private final MethodHandle getMetaData;
    private final MethodHandle getBinaryInfo;
    private final MethodHandle free;
    private final String apiVersion;

    private QnnSystemLibrary(NativeLibrary library, String apiVersion, MethodHandle create, MethodHandle getMetaData,
                             MethodHandle getBinaryInfo, MethodHandle free) {
        this.library = library;
        this.apiVersion = apiVersion;
        this.create = create;
        this.getMetaData = getMetaData;
        this.getBinaryInfo = getBinaryInfo;
        this.free = free;
    }

    /** Reads the first provider of {@code library}; its system API major version must be 1. */
    static QnnSystemLibrary open(NativeLibrary library) {
        NativeAccess.check(QnnSystemLibrary.class.getModule());
        MethodHandle getProviders = library.downcall("QnnSystemInterface_getProviders", QnnFunctions.GET_PROVIDERS);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment listOut = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment countOut = arena.allocate(ValueLayout.JAVA_INT);
            long status = (long) getProviders.invokeExact(listOut, countOut);
            QnnErrors.check(status, "QnnSystemInterface_getProviders of " + library);
            int count = countOut.get(ValueLayout.JAVA_INT, 0);
            MemorySegment list = listOut.get(ValueLayout.ADDRESS, 0);
            if (count <= 0 || list.equals(MemorySegment.NULL)) {
                throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, library + " offers no QnnSystem interface provider");
            }
            StructLayout layout = QnnTypes.SYSTEM_INTERFACE;
            MemorySegment provider = list.reinterpret(ValueLayout.ADDRESS.byteSize()).get(ValueLayout.ADDRESS, 0).reinterpret(layout.byteSize());
            int major = provider.get(ValueLayout.JAVA_INT, CStructs.offsetOf(layout, "systemApiVersion", "major"));
            if (major != 1) {
                throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, library + " serves QnnSystem API " + major
                        + ".x; this binding reads version 1.x");
            }
            long v = CStructs.offsetOf(layout, "systemApiVersion");
            String version = major + "." + provider.get(ValueLayout.JAVA_INT, v + 4) + "." + provider.get(ValueLayout.JAVA_INT, v + 8);
            return new QnnSystemLibrary(library, version, link(provider, "systemContextCreate", true), link(provider, "systemContextGetMetaData", false),
                    link(provider, "systemContextGetBinaryInfo", false), link(provider, "systemContextFree", true));
        } catch (Throwable t) {
            throw QnnRuntime.rethrow(t, "reading the QnnSystem providers of " + library);
        }
    }

    private static MethodHandle link(MemorySegment provider, String member, boolean required) {
        MemorySegment pointer = (MemorySegment) CStructs.field(QnnTypes.SYSTEM_INTERFACE, "table", member).get(provider);
        if (pointer.equals(MemorySegment.NULL)) {
            if (required) {
                throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "the QnnSystem library does not implement " + member);
            }
            return null;
        }
        return Linker.nativeLinker().downcallHandle(pointer, QnnFunctions.SYSTEM.get(member));
    }

    /**
     * The graphs a context binary holds, read with {@code version}'s tensor stride.
     *
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} when QnnSystem cannot read the bytes,
     *         {@link ErrorCode#UNSUPPORTED} for a binary with more than one graph
     */
    List<QnnGraphSpec> graphs(MemorySegment binary, QnnInterfaceVersion version) {
        if (getMetaData == null && getBinaryInfo == null) {
            throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, library + " implements neither systemContextGetMetaData nor"
                    + " systemContextGetBinaryInfo");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            long status = (long) create.invokeExact(out);
            QnnErrors.check(status, "QnnSystemContext_create");
            MemorySegment handle = out.get(ValueLayout.ADDRESS, 0);
            try {
                if (getMetaData != null) {
                    status = (long) getMetaData.invokeExact(handle, binary, binary.byteSize(), out);
                } else {
                    // getBinaryInfo takes a non-const buffer: give it a private copy, never the caller's (possibly read-only) mapping.
                    MemorySegment copy = arena.allocate(binary.byteSize(), 8).copyFrom(binary);
                    MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
                    status = (long) getBinaryInfo.invokeExact(handle, copy, copy.byteSize(), out, size);
                }
                QnnErrors.check(status, "QnnSystemContext reading a context binary of " + binary.byteSize() + " bytes");
                MemorySegment info = out.get(ValueLayout.ADDRESS, 0);
                if (info.equals(MemorySegment.NULL)) {
                    throw new AccelException(ErrorCode.MALFORMED_INPUT, "QnnSystem returned no binary info for the context binary");
                }
                return readBinaryInfo(info.reinterpret(QnnTypes.BINARY_INFO.byteSize()), version);
            } finally {
                long ignored = (long) free.invokeExact(handle);
            }
        } catch (Throwable t) {
            throw QnnRuntime.rethrow(t, "reading a QNN context binary");
        }
    }

    private static List<QnnGraphSpec> readBinaryInfo(MemorySegment info, QnnInterfaceVersion version) {
        int infoVersion = info.get(ValueLayout.JAVA_INT, 0);
        if (infoVersion < 1 || infoVersion > 3) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "QnnSystem binary info version " + infoVersion + " is not one this binding reads (1..3)");
        }
        StructLayout layout = QnnTypes.BINARY_INFO;
        int numGraphs = info.get(ValueLayout.JAVA_INT, CStructs.offsetOf(layout, "info", "contextBinaryInfoV1", "numGraphs"));
        MemorySegment graphs = info.get(ValueLayout.ADDRESS, CStructs.offsetOf(layout, "info", "contextBinaryInfoV1", "graphs"));
        if (numGraphs != 1 || graphs.equals(MemorySegment.NULL)) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "the context binary holds " + numGraphs + " graphs; Accel runs context binaries"
                    + " with exactly one graph (generate one binary per graph with qnn-context-binary-generator)");
        }
        MemorySegment graph = graphs.reinterpret(QnnTypes.GRAPH_INFO.byteSize());
        int graphVersion = graph.get(ValueLayout.JAVA_INT, 0);
        if (graphVersion < 1 || graphVersion > 3) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "QnnSystem graph info version " + graphVersion + " is not one this binding reads (1..3)");
        }
        StructLayout g = QnnTypes.GRAPH_INFO;
        String name = cString(graph.get(ValueLayout.ADDRESS, CStructs.offsetOf(g, "info", "graphInfoV1", "graphName")));
        int numInputs = graph.get(ValueLayout.JAVA_INT, CStructs.offsetOf(g, "info", "graphInfoV1", "numGraphInputs"));
        MemorySegment inputs = graph.get(ValueLayout.ADDRESS, CStructs.offsetOf(g, "info", "graphInfoV1", "graphInputs"));
        int numOutputs = graph.get(ValueLayout.JAVA_INT, CStructs.offsetOf(g, "info", "graphInfoV1", "numGraphOutputs"));
        MemorySegment outputs = graph.get(ValueLayout.ADDRESS, CStructs.offsetOf(g, "info", "graphInfoV1", "graphOutputs"));
        return List.of(new QnnGraphSpec(name, tensors(inputs, numInputs, version), tensors(outputs, numOutputs, version)));
    }

    private static List<QnnTensorSpec> tensors(MemorySegment array, int count, QnnInterfaceVersion version) {
        if (count < 0 || count > 4096 || (count > 0 && array.equals(MemorySegment.NULL))) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "QnnSystem reported " + count + " tensors at " + array);
        }
        long stride = version.tensorLayout().byteSize();
        MemorySegment all = array.reinterpret(stride * count);
        List<QnnTensorSpec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            specs.add(QnnTensors.read(all.asSlice(i * stride, stride)));
        }
        return specs;
    }

    static String cString(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? "" : pointer.reinterpret(65536).getString(0);
    }

    /** The QnnSystem API version its provider reports, {@code major.minor.patch}. */
    String apiVersion() {
        return apiVersion;
    }

    /** Whether the provider implements {@code systemContextGetMetaData} (else {@code getBinaryInfo} on a copy is used). */
    boolean hasGetMetaData() {
        return getMetaData != null;
    }

    @Override
    public String toString() {
        return "QnnSystem " + apiVersion + " (" + library.origin() + ")";
    }
}
