package dev.accel.qnn;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Availability;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.SessionOptions;
import dev.accel.qnn.raw.QnnErrors;
import dev.accel.qnn.raw.QnnInterfaceVersion;
import dev.accel.qnn.raw.QnnTypes;
import dev.accel.tensor.DType;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Library lookup, version choice and value mappings; none of these needs a native library. */
class QnnLookupAndMappingTest {
    private static final SessionOptions QNN = SessionOptions.defaults().withProviders(ExecutionProvider.QNN);

    private static QnnLibraries libraries(Map<String, String> env) {
        return new QnnLibraries(new QnnLocator(env::get));
    }

    @Test
    void absentRuntimeIsUnavailableNamingEveryPlaceTried() {
        QnnLibraries libs = libraries(Map.of("QNN_SDK_ROOT", "/nonexistent-qnn-sdk"));
        Availability availability = new QnnBackend(libs).availability();
        assertFalse(availability.available());
        String reason = availability.reason();
        for (String expected : new String[] {"libQnnHtp.so", "libQnnGpu.so", "libQnnDsp.so", "libQnnCpu.so", "dlopen(", "QNN_SDK_ROOT"}) {
            assertTrue(reason.contains(expected), "'" + expected + "' missing from: " + reason);
        }
        if (System.getProperty("os.arch").equals("amd64")) {
            assertTrue(reason.contains("/nonexistent-qnn-sdk/lib/x86_64-linux-clang"), reason);
        }
        assertTrue(new QnnBackend(libs).devices().isEmpty());
        QnnModelRuntime runtime = new QnnModelRuntime(libs);
        assertFalse(runtime.availability().available());
        assertTrue(runtime.providers().isEmpty());
        try (MemoryScope scope = MemoryScope.confined()) {
            Memory bytes = scope.allocateHost(32);
            AccelException e = assertThrows(AccelException.class, () -> runtime.open(bytes, QNN));
            assertEquals(ErrorCode.BACKEND_UNAVAILABLE, e.code());
        }
    }

    @Test
    void anOverrideIsTheOnlyLibraryTriedAndMustSayWhichBackendItIs() {
        QnnLibraries unnamed = libraries(Map.of(QnnLocator.BACKEND_VARIABLE, "/opt/x/libfoo.so"));
        String reason = new QnnBackend(unnamed).availability().reason();
        assertTrue(reason.contains("cannot tell which QNN backend"), reason);

        QnnLibraries htp = libraries(Map.of(QnnLocator.BACKEND_VARIABLE, "/nonexistent/libQnnHtp.so"));
        String htpReason = new QnnBackend(htp).availability().reason();
        assertTrue(htpReason.contains("$ACCEL_QNN_BACKEND=/nonexistent/libQnnHtp.so"), htpReason);
        assertTrue(htpReason.contains("no gpu library was looked for"), htpReason);
    }

    @Test
    void onnxModelsAreRefusedWithTheWayToAContextBinary() {
        QnnModelRuntime runtime = new QnnModelRuntime(libraries(Map.of()));
        try (MemoryScope scope = MemoryScope.confined()) {
            Memory onnx = scope.allocateHost(8);
            onnx.hostSegment().copyFrom(MemorySegment.ofArray(new byte[] {0x08, 0x08, 0x12, 0x07, 'p', 'y', 't', 'o'}));
            AccelException e = assertThrows(AccelException.class, () -> runtime.open(onnx, QNN, QnnBackendKind.HTP));
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
            assertTrue(e.getMessage().contains("qnn-context-binary-generator"), e.getMessage());
        }
        assertFalse(QnnModelRuntime.looksLikeOnnx(MemorySegment.ofArray("ACQNNSI1".getBytes())));
    }

    @Test
    void layoutsAreChosenOnlyForCheckedCoreApiVersions() {
        assertEquals(Optional.of(QnnInterfaceVersion.API_2_7), QnnInterfaceVersion.forCoreApi(2, 7));
        assertEquals(Optional.of(QnnInterfaceVersion.CURRENT), QnnInterfaceVersion.forCoreApi(2, 14));
        assertEquals(Optional.of(QnnInterfaceVersion.CURRENT), QnnInterfaceVersion.forCoreApi(2, 30));
        assertEquals(Optional.empty(), QnnInterfaceVersion.forCoreApi(2, 10));
        assertEquals(Optional.empty(), QnnInterfaceVersion.forCoreApi(2, 6));
        assertEquals(Optional.empty(), QnnInterfaceVersion.forCoreApi(1, 12));
        assertEquals(Optional.empty(), QnnInterfaceVersion.forCoreApi(3, 0));
        assertEquals(44, QnnInterfaceVersion.API_2_7.tableMembers().size());
        assertEquals(48, QnnInterfaceVersion.CURRENT.tableMembers().size());
    }

    @Test
    void errorHandlesMapToNamedCodes() {
        QnnErrors.check(0, "nothing");
        AccelException missing = assertThrows(AccelException.class, () -> QnnErrors.check(6002, "retrieve"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, missing.code());
        assertEquals("QNN_GRAPH_ERROR_GRAPH_DOES_NOT_EXIST", missing.nativeStatus().orElseThrow().name());
        AccelException high = assertThrows(AccelException.class, () -> QnnErrors.check((7L << 32) | 6004, "execute"));
        assertEquals("QNN_GRAPH_ERROR_INVALID_TENSOR", high.nativeStatus().orElseThrow().name());
        AccelException unknown = assertThrows(AccelException.class, () -> QnnErrors.check(12345, "x"));
        assertEquals(ErrorCode.NATIVE_ERROR, unknown.code());
        assertEquals("UNKNOWN_12345", unknown.nativeStatus().orElseThrow().name());
        assertEquals(ErrorCode.OUT_OF_MEMORY, assertThrows(AccelException.class, () -> QnnErrors.check(1002, "alloc")).code());
    }

    @Test
    void dataTypesMapToTheDtypeOfTheSameStorage() {
        assertEquals(Optional.of(DType.F32), QnnDataTypes.dtype(QnnTypes.QNN_DATATYPE_FLOAT_32));
        assertEquals(Optional.of(DType.F16), QnnDataTypes.dtype(QnnTypes.QNN_DATATYPE_FLOAT_16));
        assertEquals(Optional.of(DType.U8), QnnDataTypes.dtype(QnnTypes.QNN_DATATYPE_UFIXED_POINT_8));
        assertEquals(Optional.of(DType.I16), QnnDataTypes.dtype(QnnTypes.QNN_DATATYPE_SFIXED_POINT_16));
        assertEquals(Optional.empty(), QnnDataTypes.dtype(QnnTypes.QNN_DATATYPE_UINT_16));
        assertEquals(Optional.of(2L), QnnDataTypes.elementSize(QnnTypes.QNN_DATATYPE_UINT_16));
        assertEquals(Optional.of(8L), QnnDataTypes.elementSize(QnnTypes.QNN_DATATYPE_INT_64));
        assertTrue(QnnDataTypes.isFixedPoint(QnnTypes.QNN_DATATYPE_UFIXED_POINT_16));
        assertFalse(QnnDataTypes.isFixedPoint(QnnTypes.QNN_DATATYPE_FLOAT_16));
        assertEquals("Qnn_DataType_t(0x999)", QnnDataTypes.name(0x999));
        assertEquals(QnnBackendKind.HTP, QnnBackendKind.parse("HTP"));
        assertThrows(IllegalArgumentException.class, () -> QnnBackendKind.parse("npu"));
    }
}
