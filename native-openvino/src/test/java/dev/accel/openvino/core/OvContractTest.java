package dev.accel.openvino.core;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.openvino.capi.OvElementType;
import dev.accel.openvino.capi.OvStatus;
import dev.accel.openvino.standin.StandIn;
import dev.accel.tensor.DType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ABI contract of the checked layer against Accel's OpenVINO <b>stand-in</b> (src/test/c, a test double
 * that records its arguments and counts objects; not OpenVINO): the Java side passes the right pointers,
 * sizes and lifetimes, maps every status to its named exception, and frees every object exactly once,
 * also when a call fails part-way.
 */
class OvContractTest {
    private StandIn standIn;
    private OvLibrary library;

    @BeforeEach
    void setUp() {
        standIn = StandIn.get();
        library = standIn.library();
        standIn.reset();
    }

    private static MemorySegment model(Arena arena) {
        return arena.allocateFrom(StandIn.MODEL_MAGIC + " v1\n", StandardCharsets.US_ASCII);
    }

    private static MemorySegment floats(Arena arena, float... values) {
        return arena.allocateFrom(ValueLayout.JAVA_FLOAT, values);
    }

    @Test
    void isRecognisedAsTheStandInWithItsVersion() {
        assertTrue(library.isStandIn());
        assertEquals("2025.0.0-accel-stand-in", library.version());
        assertTrue(library.toString().startsWith("Accel OpenVINO stand-in"), library.toString());
    }

    @Test
    void listsDevicesAndReadsPropertiesFreeingWhatOpenVinoAllocated() {
        try (OvCore core = OvCore.create(library)) {
            assertEquals(List.of("CPU", "NPU"), core.availableDevices());
            assertEquals("Accel stand-in CPU (not a device)", core.property("CPU", "FULL_DEVICE_NAME"));
        }
        assertEquals(1, standIn.created("devices"));
        assertEquals(1, standIn.created("string"));
        standIn.assertBalanced();
    }

    @Test
    void readsTheModelFromTheCallersExactBytes() {
        try (Arena arena = Arena.ofConfined(); OvCore core = OvCore.create(library)) {
            MemorySegment bytes = model(arena);
            try (OvModel m = core.readModel(bytes, Optional.empty())) {
                assertTrue(m.isOpen());
            }
            assertEquals(bytes.address(), standIn.value("model_str"), "the model bytes' own address, no copy");
            assertEquals(bytes.byteSize(), standIn.value("model_len"));
            assertEquals(0, standIn.value("weights"), "no weights tensor for ONNX");
        }
        standIn.assertBalanced();
    }

    @Test
    void irWeightsArePassedAsAU8TensorOverTheCallersBytes() {
        try (Arena arena = Arena.ofConfined(); OvCore core = OvCore.create(library)) {
            MemorySegment weights = arena.allocate(1000, 64);
            try (OvModel m = core.readModel(model(arena), Optional.of(weights))) {
                assertTrue(m.isOpen());
            }
            assertNotEquals(0, standIn.value("weights"));
            assertEquals(weights.address(), standIn.value("weights_data"));
            assertEquals(1000, standIn.value("weights_len"));
            assertEquals(OvElementType.U8.code(), standIn.value("host_ptr_type"));
        }
        standIn.assertBalanced();
    }

    @Test
    void compilePassesDeviceAndVariadicProperties() {
        try (Arena arena = Arena.ofConfined(); OvCore core = OvCore.create(library); OvModel m = core.readModel(model(arena), Optional.empty())) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("INFERENCE_NUM_THREADS", "3");
            properties.put("PERFORMANCE_HINT", "LATENCY");
            try (OvCompiledModel compiled = core.compile(m, "NPU", properties)) {
                assertEquals("NPU", standIn.text("device"));
                assertEquals(4, standIn.value("property_args_size"), "property_args_size counts keys and values");
                assertEquals("INFERENCE_NUM_THREADS=3;PERFORMANCE_HINT=LATENCY", standIn.text("properties"));
                assertEquals(1, compiled.inputs().size());
            }
            try (OvCompiledModel compiled = core.compile(m, "CPU", Map.of())) {
                assertEquals(0, standIn.value("property_args_size"));
                assertEquals("", standIn.text("properties"));
                assertTrue(compiled.isOpen());
            }
        }
        standIn.assertBalanced();
    }

    @Test
    void portsAreReadWithNamesTypesAndPartialShapes() {
        try (Arena arena = Arena.ofConfined(); OvCore core = OvCore.create(library); OvModel m = core.readModel(model(arena), Optional.empty());
             OvCompiledModel compiled = core.compile(m, "CPU", Map.of())) {
            OvPort x = compiled.inputs().getFirst();
            assertEquals("x", x.name());
            assertEquals(OvElementType.F32.code(), x.elementType());
            assertArrayEquals(new long[] {0, 3}, x.min());
            assertArrayEquals(new long[] {-1, 3}, x.max());
            assertFalse(x.isStatic(0));
            assertTrue(x.isStatic(1));
            assertEquals("y", compiled.outputs().getFirst().name());
            assertEquals(2, standIn.created("port"));
            assertEquals(2, standIn.created("partial_shape"));
        }
        standIn.assertBalanced();
    }

    @Test
    void hostTensorsViewTheCallersMemoryWithTheShapePassedByValue() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = floats(arena, 1, 2, 3, 4, 5, 6);
            try (OvTensor t = OvTensor.fromHost(library, DType.F32, new long[] {2, 3}, data)) {
                assertEquals(data.address(), standIn.value("host_ptr"), "the tensor's own address, no copy");
                assertEquals("2,3", standIn.text("host_ptr"));
                assertEquals(OvElementType.F32.code(), standIn.value("host_ptr_type"));
                assertArrayEquals(new long[] {2, 3}, t.shape());
                assertEquals(OvElementType.F32.code(), t.elementType());
                assertEquals(24, t.byteSize());
                assertEquals(data.address(), t.data().address());
            }
            assertThrows(IllegalArgumentException.class, () -> OvTensor.fromHost(library, DType.F32, new long[] {2, 2}, data));
            assertThrows(IllegalArgumentException.class, () -> OvTensor.fromHost(library, DType.F32, new long[] {6},
                    MemorySegment.ofArray(new float[6])));
        }
        assertEquals(1, standIn.created("shape"));
        standIn.assertBalanced();
    }

    @Test
    void synchronousInferenceComputesOnTheCallersInput() {
        try (Arena arena = Arena.ofConfined(); OvCore core = OvCore.create(library); OvModel m = core.readModel(model(arena), Optional.empty());
             OvCompiledModel compiled = core.compile(m, "CPU", Map.of()); OvInferRequest request = compiled.createInferRequest()) {
            MemorySegment x = floats(arena, 0, 1, 2, 3, 4, 5);
            try (OvTensor in = OvTensor.fromHost(library, DType.F32, new long[] {2, 3}, x)) {
                request.setInput(0, in);
            }
            assertEquals(x.address(), standIn.value("set_input"));
            request.infer();
            try (OvTensor out = request.outputTensor(0)) {
                assertArrayEquals(new long[] {2, 3}, out.shape());
                assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11}, out.data().toArray(ValueLayout.JAVA_FLOAT));
            }
        }
        standIn.assertBalanced();
    }

    @Test
    void asyncInferenceCallsBackFromAnotherThread() {
        try (Arena arena = Arena.ofConfined(); OvCore core = OvCore.create(library); OvModel m = core.readModel(model(arena), Optional.empty());
             OvCompiledModel compiled = core.compile(m, "CPU", Map.of()); OvInferRequest request = compiled.createInferRequest()) {
            MemorySegment x = floats(arena, 1, 1, 1);
            try (OvTensor in = OvTensor.fromHost(library, DType.F32, new long[] {1, 3}, x)) {
                request.setInput(0, in);
            }
            AtomicInteger calls = new AtomicInteger();
            AtomicReference<Thread> thread = new AtomicReference<>();
            request.onComplete(() -> {
                calls.incrementAndGet();
                thread.set(Thread.currentThread());
            });
            assertNotEquals(0, standIn.value("callback_struct"));
            request.startAsync();
            request.await();
            assertEquals(1, calls.get());
            assertEquals(1, standIn.value("callback_other_thread"), "OpenVINO calls back on its own thread");
            assertNotSame(Thread.currentThread(), thread.get());
            try (OvTensor out = request.outputTensor(0)) {
                assertArrayEquals(new float[] {3, 3, 3}, out.data().toArray(ValueLayout.JAVA_FLOAT));
            }
        }
        standIn.assertBalanced();
    }

    @Test
    void awaitWithTimeoutReportsNotReadyThenCompletes() {
        try (Arena arena = Arena.ofConfined(); OvCore core = OvCore.create(library); OvModel m = core.readModel(model(arena), Optional.empty());
             OvCompiledModel compiled = core.compile(m, "CPU", Map.of()); OvInferRequest request = compiled.createInferRequest()) {
            try (OvTensor in = OvTensor.fromHost(library, DType.F32, new long[] {1, 3}, floats(arena, 0, 0, 0))) {
                request.setInput(0, in);
            }
            standIn.holdAsync(true);
            try {
                request.startAsync();
                assertFalse(request.await(Duration.ofMillis(1)), "held: RESULT_NOT_READY is a timeout, not a failure");
            } finally {
                standIn.holdAsync(false);
            }
            assertTrue(request.await(Duration.ofMinutes(1)));
        }
        standIn.assertBalanced();
    }

    @Test
    void aThrowingCallbackIsReportedByAwaitNotByTheNativeThread() {
        try (Arena arena = Arena.ofConfined(); OvCore core = OvCore.create(library); OvModel m = core.readModel(model(arena), Optional.empty());
             OvCompiledModel compiled = core.compile(m, "CPU", Map.of()); OvInferRequest request = compiled.createInferRequest()) {
            try (OvTensor in = OvTensor.fromHost(library, DType.F32, new long[] {1, 3}, floats(arena, 0, 0, 0))) {
                request.setInput(0, in);
            }
            request.onComplete(() -> {
                throw new IllegalStateException("boom");
            });
            request.startAsync();
            AccelException e = assertThrows(AccelException.class, request::await);
            assertEquals(ErrorCode.INTERNAL, e.code());
            assertTrue(e.getMessage().contains("boom"), e.getMessage());
        }
        standIn.assertBalanced();
    }

    @Test
    void everyStatusBecomesAnExceptionWithItsNameNumberAndMessage() {
        for (OvStatus status : OvStatus.values()) {
            if (status == OvStatus.OK) {
                continue;
            }
            standIn.failNext("ov_core_create", (int) status.code(), "stand-in says " + status.name());
            AccelException e = assertThrows(AccelException.class, () -> OvCore.create(library));
            assertEquals(status.errorCode(), e.code(), status.name());
            assertEquals(status.name(), e.nativeStatus().orElseThrow().name());
            assertEquals(status.code(), e.nativeStatus().orElseThrow().code());
            assertTrue(e.getMessage().contains("ov_core_create"), e.getMessage());
            assertTrue(e.getMessage().contains("stand-in says " + status.name()), "the last error message: " + e.getMessage());
        }
        assertEquals(0, standIn.created("core"));
        standIn.assertBalanced(); // every ov_get_last_err_msg string was released with ov_free
    }

    @Test
    void aFailureWhileReadingPortsFreesTheCompiledModelAndPorts() {
        try (Arena arena = Arena.ofConfined(); OvCore core = OvCore.create(library); OvModel m = core.readModel(model(arena), Optional.empty())) {
            standIn.failNext("ov_port_get_partial_shape", (int) OvStatus.GENERAL_ERROR.code(), "no shape");
            AccelException e = assertThrows(AccelException.class, () -> core.compile(m, "CPU", Map.of()));
            assertEquals("GENERAL_ERROR", e.nativeStatus().orElseThrow().name());
            assertEquals(1, standIn.created("compiled_model"));
            assertEquals(1, standIn.freed("compiled_model"));
        }
        standIn.assertBalanced();
    }

    @Test
    void aModelOpenVinoCannotReadIsMalformedInput() {
        try (Arena arena = Arena.ofConfined(); OvCore core = OvCore.create(library)) {
            MemorySegment junk = arena.allocateFrom("PK\u0003\u0004 not a model", StandardCharsets.US_ASCII);
            AccelException e = assertThrows(AccelException.class, () -> core.readModel(junk, Optional.empty()));
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
            assertEquals("GENERAL_ERROR", e.nativeStatus().orElseThrow().name());
            assertTrue(e.getMessage().contains("not a stand-in model"), e.getMessage());
        }
        standIn.assertBalanced();
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFailsCleanly() {
        OvCore core = OvCore.create(library);
        core.close();
        core.close();
        assertFalse(core.isOpen());
        assertThrows(IllegalStateException.class, core::availableDevices);
        assertEquals(1, standIn.freed("core"));
        standIn.assertBalanced();
    }
}
