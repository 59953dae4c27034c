package dev.accel.coreml;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Device;
import dev.accel.backend.DeviceKind;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ABI contract between the Java binding and the shim's C ABI, checked against Accel's C STAND-IN of
 * that ABI (src/test/c/coreml_shim_stand_in.c), not CoreML and not the Objective-C shim: pointers, sizes,
 * compute units, status codes and messages, and that every handle is freed.
 */
class CoremlStandInContractTest {
    private static final SessionOptions COREML = SessionOptions.defaults().withProviders(ExecutionProvider.COREML);

    private Path standIn;
    private MethodHandle reset;
    private MethodHandle failNext;
    private MethodHandle copyOutputs;
    private MethodHandle get;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Throwable {
        standIn = CoremlTestNatives.standIn();
        SymbolLookup lookup = SymbolLookup.libraryLookup(standIn, Arena.global());
        Linker linker = Linker.nativeLinker();
        reset = linker.downcallHandle(lookup.findOrThrow("accel_coreml_stand_in_reset"), FunctionDescriptor.ofVoid());
        failNext = linker.downcallHandle(lookup.findOrThrow("accel_coreml_stand_in_fail_next"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        copyOutputs = linker.downcallHandle(lookup.findOrThrow("accel_coreml_stand_in_copy_outputs"), FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        get = linker.downcallHandle(lookup.findOrThrow("accel_coreml_stand_in_get"), FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        reset.invokeExact();
    }

    private long get(String key) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            return (long) get.invokeExact(arena.allocateFrom(key));
        }
    }

    private void failNext(String function, int status) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            failNext.invokeExact(arena.allocateFrom(function), status);
        }
    }

    private CoremlLocator locator() {
        return new CoremlLocator(Map.of(CoremlLocator.SHIM_VARIABLE, standIn.toString())::get, "Linux", null, "");
    }

    private Path toyCompiledModel(int n) throws Exception {
        Path model = Files.createDirectories(dir.resolve("toy.mlmodelc"));
        Files.writeString(model.resolve("stand_in_model.txt"), "n=" + n);
        return model;
    }

    private void assertAllFreed() throws Throwable {
        assertEquals(0, get("models"), "models still loaded in the stand-in");
        assertEquals(0, get("buffers"), "Metal buffers still live in the stand-in");
    }

    @Test
    void offApplePlatformsCoremlIsUnavailableWithTheReason() {
        CoremlLocator linux = new CoremlLocator(Map.<String, String>of()::get, "Linux", null, "");
        CoremlBackend backend = new CoremlBackend(linux);
        assertFalse(backend.availability().available());
        assertEquals("CoreML exists only on Apple platforms (os.name=Linux)", backend.availability().reason());
        assertTrue(backend.devices().isEmpty());
        CoremlModelRuntime runtime = new CoremlModelRuntime(linux);
        assertTrue(runtime.providers().isEmpty());
        AccelException e = assertThrows(AccelException.class, () -> runtime.openCompiled(dir, COREML, CoremlComputeUnits.ALL));
        assertEquals(ErrorCode.BACKEND_UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("os.name=Linux"), e.getMessage());

        CoremlLocator notTheShim = new CoremlLocator(Map.of(CoremlLocator.SHIM_VARIABLE, "/nonexistent/libaccel_coreml.dylib")::get,
                "Linux", null, "");
        String reason = new CoremlBackend(notTheShim).availability().reason();
        assertTrue(reason.contains("/nonexistent/libaccel_coreml.dylib"), reason);
    }

    @Test
    void theStandInListsDevicesButNeverAsAppleHardware() {
        CoremlBackend backend = new CoremlBackend(locator());
        assertTrue(backend.availability().available(), backend.availability().reason());
        assertTrue(backend.availability().reason().contains("STAND-IN"), backend.availability().reason());
        List<Device> devices = backend.devices();
        assertEquals(List.of("coreml:cpu", "coreml:gpu", "coreml:ane"), devices.stream().map(Device::name).toList());
        for (Device d : devices) {
            assertEquals(DeviceKind.OTHER, d.kind());
            assertTrue(d.description().contains("not Apple hardware"), d.description());
        }
        Device cpu = devices.getFirst();
        try (MemoryScope scope = MemoryScope.confined()) {
            Tensor a = Tensor.copyOf(scope, new float[] {1, 2, 3}, 3);
            AccelException e = assertThrows(AccelException.class, () -> cpu.ops().softmax(a, a));
            assertEquals(ErrorCode.UNSUPPORTED, e.code());
            assertFalse(cpu.supports(dev.accel.backend.OpKind.SOFTMAX, dev.accel.tensor.DType.F32));
            Tensor b = Tensor.empty(cpu, scope, dev.accel.tensor.DType.F32, 3);
            cpu.copy(a, b);
            assertArrayEquals(new float[] {1, 2, 3}, b.toFloatArray());
        }
    }

    @Test
    void predictsWithTheCallersMemoryAndFreesTheModel() throws Throwable {
        Path model = toyCompiledModel(4);
        CoremlModelRuntime runtime = new CoremlModelRuntime(locator());
        try (MemoryScope scope = MemoryScope.shared();
             ModelSession session = runtime.openCompiled(model, COREML, CoremlComputeUnits.CPU_AND_NE)) {
            assertEquals(CoremlComputeUnits.CPU_AND_NE.value(), get("lastUnits"));
            assertEquals("[x: f32[1, 4]]", session.signature().describeInputs());
            assertEquals("[y: f32[1, 4]]", session.signature().describeOutputs());
            assertTrue(session.runtime().contains("stand-in"), session.runtime());
            Tensor x = Tensor.copyOf(scope, new float[] {1, 2, 3, 4}, 1, 4);
            Map<String, Tensor> out = session.run(Map.of("x", x), scope);
            assertArrayEquals(new float[] {3, 6, 9, 12}, out.get("y").toFloatArray());
            assertEquals(x.asSegment().address(), get("lastInputData"));
            assertEquals(out.get("y").asSegment().address(), get("lastOutputData"));
            assertEquals(16, get("lastOutputBytes"));
            assertEquals(4, get("lastInputStride0"), "row-major strides in elements");
            assertEquals(0, ((CoremlSession) session).outputsCopied());

            copyOutputs.invokeExact(1);
            session.run(Map.of("x", x), scope);
            assertEquals(1, ((CoremlSession) session).outputsCopied(), "a copy reported by the shim is counted");
            copyOutputs.invokeExact(0);

            failNext("predict", 5);
            AccelException e = assertThrows(AccelException.class, () -> session.run(Map.of("x", x), scope));
            assertEquals(ErrorCode.NATIVE_ERROR, e.code());
            assertEquals("ACCEL_COREML_ERR_PREDICT", e.nativeStatus().orElseThrow().name());
            assertTrue(e.getMessage().contains("failure injected in predict"), e.getMessage());
            session.close();
            assertThrows(IllegalStateException.class, () -> session.run(Map.of("x", x), scope));
        }
        assertAllFreed();
        assertEquals(1, get("loads"));
    }

    @Test
    void compilesModelBytesFromMemoryAndCleansUp() throws Throwable {
        CoremlModelRuntime runtime = new CoremlModelRuntime(locator());
        byte[] spec = "ACCEL-STAND-IN n=3".getBytes(StandardCharsets.US_ASCII);
        try (MemoryScope scope = MemoryScope.shared()) {
            Memory bytes = scope.allocateHost(spec.length);
            bytes.hostSegment().copyFrom(MemorySegment.ofArray(spec));
            try (ModelSession session = runtime.open(bytes, COREML)) {
                assertEquals(CoremlComputeUnits.ALL.value(), get("lastUnits"));
                Tensor x = Tensor.copyOf(scope, new float[] {1, 0, -1}, 1, 3);
                assertArrayEquals(new float[] {3, 0, -3}, session.run(Map.of("x", x), scope).get("y").toFloatArray());
            }
            Memory garbage = scope.allocateHost(8);
            AccelException e = assertThrows(AccelException.class, () -> runtime.open(garbage, COREML));
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
            assertEquals("ACCEL_COREML_ERR_COMPILE", e.nativeStatus().orElseThrow().name());
            AccelException providers = assertThrows(AccelException.class, () -> runtime.open(bytes, SessionOptions.defaults()));
            assertEquals(ErrorCode.BACKEND_UNAVAILABLE, providers.code());
        }
        AccelException missing = assertThrows(AccelException.class,
                () -> runtime.openCompiled(dir.resolve("absent.mlmodelc"), COREML, CoremlComputeUnits.ALL));
        assertEquals("ACCEL_COREML_ERR_NOT_FOUND", missing.nativeStatus().orElseThrow().name());
        failNext("load", 4);
        AccelException load = assertThrows(AccelException.class, () -> runtime.openCompiled(toyCompiledModel(2), COREML, CoremlComputeUnits.ALL));
        assertEquals(ErrorCode.MALFORMED_INPUT, load.code());
        assertAllFreed();
    }

    @Test
    void metalBuffersWrapPageAlignedMemoryWithoutACopy() throws Throwable {
        CoremlBackend backend = new CoremlBackend(locator());
        long page = backend.metalPageSize();
        assertTrue(page >= 4096 && Long.bitCount(page) == 1, "page size " + page);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(2 * page, page);
            try (CoremlMetalBuffer buffer = backend.wrapMetal(memory)) {
                assertEquals(memory.address(), buffer.contentsAddress());
                assertEquals(2 * page, buffer.length());
                assertEquals(memory.address(), get("lastWrapPointer"));
                assertEquals(1, get("buffers"));
                buffer.close();
                assertThrows(IllegalStateException.class, buffer::length);
            }
            long wraps = get("wraps");
            assertThrows(IllegalArgumentException.class, () -> backend.wrapMetal(memory.asSlice(8, page)));
            assertThrows(IllegalArgumentException.class, () -> backend.wrapMetal(memory.asSlice(0, page / 2)));
            assertEquals(wraps, get("wraps"), "misaligned memory is refused before the native call");
            failNext("wrap", 8);
            AccelException e = assertThrows(AccelException.class, () -> backend.wrapMetal(memory));
            assertEquals(ErrorCode.BACKEND_UNAVAILABLE, e.code());
            assertEquals("ACCEL_COREML_ERR_METAL", e.nativeStatus().orElseThrow().name());
        }
        assertAllFreed();
    }
}
