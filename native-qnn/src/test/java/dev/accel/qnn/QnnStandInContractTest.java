package dev.accel.qnn;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Availability;
import dev.accel.backend.Device;
import dev.accel.backend.DeviceKind;
import dev.accel.backend.OpKind;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.qnn.raw.QnnTypes;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ABI contract between the Java binding and the QNN C API, checked against Accel's STAND-IN
 * library (src/test/c/qnn_stand_in.c), not Qualcomm's runtime: which pointers and sizes reach the C
 * side, that the interface table is read at the right offsets for both layouts (core API 2.7 and
 * current), that the tensor array stride is right, that QNN error codes come back by name, and that
 * every handle created is freed.
 */
class QnnStandInContractTest {
    private static final SessionOptions QNN = SessionOptions.defaults().withProviders(ExecutionProvider.QNN);

    private QnnStandIn standIn;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Throwable {
        standIn = new QnnStandIn();
        standIn.reset(14);
    }

    private void assertAllFreed() throws Throwable {
        for (String live : List.of("logs", "backends", "devices", "contexts", "systemContexts", "memHandles")) {
            assertEquals(0, standIn.get(live), live + " still live in the stand-in");
        }
    }

    @Test
    void theStandInIsADeviceButNeverReportedAsQualcommHardware() {
        QnnBackend backend = new QnnBackend(standIn.libraries());
        Availability availability = backend.availability();
        assertTrue(availability.available(), availability.reason());
        assertTrue(availability.reason().contains("stand-in"), availability.reason());
        List<Device> devices = backend.devices();
        assertEquals(1, devices.size());
        Device device = devices.getFirst();
        assertEquals("qnn:htp", device.name());
        assertEquals(DeviceKind.OTHER, device.kind());
        assertTrue(device.description().contains("not Qualcomm hardware"), device.description());
        assertFalse(device.supports(OpKind.values()[0], DType.F32));
        assertTrue(device.supports(OpKind.COPY, DType.F32));
        try (MemoryScope scope = MemoryScope.confined()) {
            Tensor a = Tensor.copyOf(scope, new float[] {1, 2}, 2);
            AccelException e = assertThrows(AccelException.class, () -> device.ops().scale(a, 2.0, a));
            assertEquals(ErrorCode.UNSUPPORTED, e.code());
            Tensor b = Tensor.empty(device, scope, DType.F32, 2);
            device.copy(a, b); // a host copy through the device's synchronous stream
            assertArrayEquals(new float[] {1, 2}, b.toFloatArray());
        }
        assertTrue(QnnBackend.SCORE < 0, "QNN must never win automatic device choice for ops");
    }

    @ParameterizedTest(name = "core API 2.{0}")
    @ValueSource(ints = {7, 14, 21})
    void runsAContextBinaryFromAMappedFileWithoutCopies(int apiMinor) throws Throwable {
        standIn.reset(apiMinor);
        int n = 5;
        Path file = QnnStandIn.write(dir, QnnStandIn.binary("toy_graph", n));
        QnnModelRuntime runtime = new QnnModelRuntime(standIn.libraries());
        assertTrue(runtime.availability().available(), runtime.availability().reason());
        assertEquals(List.of(ExecutionProvider.QNN), runtime.providers());
        try (MemoryScope scope = MemoryScope.shared()) {
            Memory model = Memory.mapFile(file, scope);
            try (ModelSession session = runtime.open(model, QNN, QnnBackendKind.HTP)) {
                // the binary reached QNN as the mapping's own address and size
                assertEquals(model.hostSegment().address(), standIn.get("lastBinary"));
                assertEquals(model.byteSize(), standIn.get("lastBinarySize"));
                assertEquals("[a: f32[1, 5], b: f32[1, 5]]", session.signature().describeInputs());
                assertEquals("[out: f32[1, 5]]", session.signature().describeOutputs());
                assertEquals("toy_graph", session.metadata().get("qnn.graph"));
                assertEquals("2." + apiMinor + ".0", session.metadata().get("qnn.coreApiVersion"));
                assertTrue(session.runtime().contains("stand-in"), session.runtime());
                assertTrue(session.metadata().containsKey("qnn.standIn"));

                Tensor a = Tensor.copyOf(scope, new float[] {0, 1, 2, 3, 4}, 1, n);
                Tensor b = Tensor.copyOf(scope, new float[] {10, 20, 30, 40, 50}, 1, n);
                Map<String, Tensor> out = session.run(Map.of("a", a, "b", b), scope);
                assertArrayEquals(new float[] {10, 22, 34, 46, 58}, out.get("out").toFloatArray());
                // inputs and outputs reached QNN as client buffers over Accel's memory, element 1 at the version's stride
                assertEquals(a.asSegment().address(), standIn.get("lastInputData"));
                assertEquals(b.asSegment().address(), standIn.get("lastInput1Data"));
                assertEquals(out.get("out").asSegment().address(), standIn.get("lastOutputData"));
                assertEquals(4L * n, standIn.get("lastOutputSize"));
                assertEquals(7, standIn.get("lastInputId"));
                assertEquals(1, standIn.get("executes"));
                assertEquals(QnnTypes.QNN_LOG_LEVEL_WARN, standIn.get("lastLogLevel"));
            }
        }
        assertAllFreed();
        assertEquals(1, standIn.get("contextCreates"));
    }

    @Test
    void writesIntoCallerOutputsAndCopiesOnlyNonContiguousInputs() throws Throwable {
        Path file = QnnStandIn.write(dir, QnnStandIn.binary("g", 3));
        QnnModelRuntime runtime = new QnnModelRuntime(standIn.libraries());
        try (MemoryScope scope = MemoryScope.shared()) {
            Memory model = Memory.mapFile(file, scope);
            try (ModelSession session = runtime.open(model, QNN, QnnBackendKind.HTP)) {
                Tensor strided = Tensor.copyOf(scope, new float[] {1, 9, 2, 9, 3, 9}, 1, 6).slice(1, 0, 6, 2); // [1, 2, 3], stride 2
                Tensor b = Tensor.copyOf(scope, new float[] {0, 0, 1}, 1, 3);
                Tensor mine = Tensor.zeros(scope, DType.F32, 1, 3);
                Map<String, Tensor> out = session.run(Map.of("a", strided, "b", b), Map.of("out", mine), scope);
                assertTrue(out.get("out") == mine);
                assertArrayEquals(new float[] {2, 4, 7}, mine.toFloatArray());
                assertEquals(mine.asSegment().address(), standIn.get("lastOutputData"));
                assertFalse(standIn.get("lastInputData") == strided.memory().hostSegment().address(), "a strided input is packed first");
            }
        }
        assertAllFreed();
    }

    @Test
    void qnnErrorsComeBackByNameAndNothingLeaks() throws Throwable {
        Path file = QnnStandIn.write(dir, QnnStandIn.binary("g", 2));
        QnnModelRuntime runtime = new QnnModelRuntime(standIn.libraries());
        try (MemoryScope scope = MemoryScope.shared()) {
            Memory model = Memory.mapFile(file, scope);
            standIn.failNext("contextCreateFromBinary", 5005);
            AccelException open = assertThrows(AccelException.class, () -> runtime.open(model, QNN, QnnBackendKind.HTP));
            assertEquals(ErrorCode.MALFORMED_INPUT, open.code());
            assertEquals("QNN_CONTEXT_ERROR_CREATE_FROM_BINARY", open.nativeStatus().orElseThrow().name());
            assertEquals(5005, open.nativeStatus().orElseThrow().code());
            assertAllFreed();

            standIn.failNext("graphRetrieve", 6002);
            AccelException retrieve = assertThrows(AccelException.class, () -> runtime.open(model, QNN, QnnBackendKind.HTP));
            assertEquals("QNN_GRAPH_ERROR_GRAPH_DOES_NOT_EXIST", retrieve.nativeStatus().orElseThrow().name());
            assertAllFreed();

            try (ModelSession session = runtime.open(model, QNN, QnnBackendKind.HTP)) {
                Tensor a = Tensor.copyOf(scope, new float[] {1, 2}, 1, 2);
                standIn.failNext("graphExecute", 6004);
                AccelException run = assertThrows(AccelException.class, () -> session.run(Map.of("a", a, "b", a), scope));
                assertEquals(ErrorCode.NATIVE_ERROR, run.code());
                assertEquals("QNN_GRAPH_ERROR_INVALID_TENSOR", run.nativeStatus().orElseThrow().name());
                assertTrue(run.getMessage().contains("QnnGraph_execute"), run.getMessage());
                // the session still works after a failed run
                assertArrayEquals(new float[] {3, 6}, session.run(Map.of("a", a, "b", a), scope).get("out").toFloatArray());
                session.close();
                assertThrows(IllegalStateException.class, () -> session.run(Map.of("a", a, "b", a), scope));
            }
            standIn.failNext("deviceCreate", 14002);
            AccelException device = assertThrows(AccelException.class, () -> runtime.open(model, QNN, QnnBackendKind.HTP));
            assertEquals(ErrorCode.BACKEND_UNAVAILABLE, device.code());
            assertEquals("QNN_DEVICE_ERROR_HARDWARE_UNAVAILABLE", device.nativeStatus().orElseThrow().name());
        }
        assertAllFreed();
    }

    @Test
    void refusesBytesThatAreNotAContextBinaryAndExplainsHowToMakeOne() throws Throwable {
        QnnModelRuntime runtime = new QnnModelRuntime(standIn.libraries());
        try (MemoryScope scope = MemoryScope.confined()) {
            Memory garbage = scope.allocateHost(64);
            AccelException e = assertThrows(AccelException.class, () -> runtime.open(garbage, QNN, QnnBackendKind.HTP));
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
            assertEquals("QNN_SYSTEM_CONTEXT_ERROR_MALFORMED_BINARY", e.nativeStatus().orElseThrow().name());
            assertTrue(e.getMessage().contains("qnn-context-binary-generator"), e.getMessage());

            long systemCreates = standIn.get("systemCreates");
            Memory onnx = scope.allocateHost(16);
            onnx.hostSegment().copyFrom(MemorySegment.ofArray(new byte[] {0x08, 0x07, 0x12, 0x04, 'a', 'c', 'c', 'l'}));
            AccelException o = assertThrows(AccelException.class, () -> runtime.open(onnx, QNN, QnnBackendKind.HTP));
            assertEquals(ErrorCode.MALFORMED_INPUT, o.code());
            assertTrue(o.getMessage().contains("looks like an ONNX model"), o.getMessage());
            assertTrue(o.getMessage().contains("qnn-onnx-converter") && o.getMessage().contains("ep.context_enable"), o.getMessage());
            assertEquals(systemCreates, standIn.get("systemCreates"), "an ONNX model is refused before any QNN call");

            AccelException providers = assertThrows(AccelException.class,
                    () -> runtime.open(garbage, SessionOptions.defaults(), QnnBackendKind.HTP));
            assertEquals(ErrorCode.BACKEND_UNAVAILABLE, providers.code());
            assertTrue(providers.getMessage().contains("withProviders(ExecutionProvider.QNN)"), providers.getMessage());
        }
        assertAllFreed();
    }

    @Test
    void refusesCoreApiVersionsWhoseLayoutWasNotChecked() throws Throwable {
        standIn.reset(10);
        QnnBackend backend = new QnnBackend(standIn.libraries());
        Availability availability = backend.availability();
        assertFalse(availability.available());
        assertTrue(availability.reason().contains("2.10.0"), availability.reason());
        assertTrue(availability.reason().contains("2.7.x"), availability.reason());
        assertTrue(backend.devices().isEmpty());
    }

    @Test
    void runtimeOutlivesItsContextsAndSharedMemoryIsDeregistered() throws Throwable {
        QnnLibrary library = standIn.libraries().backend(QnnBackendKind.HTP).library();
        byte[] bytes = QnnStandIn.binary("g", 4);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment binary = arena.allocate(bytes.length).copyFrom(MemorySegment.ofArray(bytes));
            QnnRuntime runtime = QnnRuntime.open(library, QnnTypes.QNN_LOG_LEVEL_ERROR);
            assertTrue(runtime.hasDevice());
            assertTrue(runtime.buildId().contains("stand-in"), runtime.buildId());
            QnnContext context = QnnContext.fromBinary(runtime, binary);
            IllegalStateException early = assertThrows(IllegalStateException.class, runtime::close);
            assertTrue(early.getMessage().contains("1 QNN context"), early.getMessage());

            QnnSharedMemory shared = context.registerIon(42, new long[] {1, 4}, QnnTypes.QNN_DATATYPE_FLOAT_32);
            assertEquals(42, standIn.get("lastMemFd"));
            assertEquals(QnnTypes.QNN_MEM_TYPE_ION, standIn.get("lastMemType"));
            assertEquals(QnnTypes.QNN_DATATYPE_FLOAT_32, standIn.get("lastMemDataType"));
            assertEquals(2, standIn.get("lastMemNumDim"));
            assertEquals(1, standIn.get("memHandles"));
            shared.close();
            shared.close();
            assertEquals(0, standIn.get("memHandles"));
            context.registerIon(43, new long[] {4}, QnnTypes.QNN_DATATYPE_FLOAT_32); // left for close() to deregister
            standIn.failNext("memRegister", 8005);
            AccelException unsupported = assertThrows(AccelException.class,
                    () -> context.registerIon(44, new long[] {4}, QnnTypes.QNN_DATATYPE_FLOAT_32));
            assertEquals(ErrorCode.UNSUPPORTED, unsupported.code());
            assertThrows(IllegalArgumentException.class, () -> context.registerIon(-1, new long[] {4}, 0));

            AccelException missing = assertThrows(AccelException.class, () -> context.graph("nope"));
            assertEquals(ErrorCode.INVALID_ARGUMENT, missing.code());
            context.close();
            context.close();
            assertThrows(IllegalStateException.class, () -> context.graph("g"));
            runtime.close();
            runtime.close();
        }
        assertAllFreed();
        assertEquals(2, standIn.get("memRegisters"));
    }
}
