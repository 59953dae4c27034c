package dev.accel.openvino;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Backend;
import dev.accel.backend.Device;
import dev.accel.backend.DeviceKind;
import dev.accel.backend.OpKind;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ModelRuntime;
import dev.accel.openvino.standin.StandIn;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenVinoBackendTest {

    @Test
    void theStandInIsNeverReportedAsOpenVinoOrHardware() {
        StandIn standIn = StandIn.get();
        OpenVinoBackend backend = new OpenVinoBackend(StandInRuntime.refused(standIn));
        assertFalse(backend.availability().available());
        assertTrue(backend.availability().reason().contains("stand-in"), backend.availability().reason());
        assertTrue(backend.devices().isEmpty());
        OpenVinoModelRuntime runtime = new OpenVinoModelRuntime(StandInRuntime.refused(standIn));
        assertFalse(runtime.availability().available());
        assertTrue(runtime.providers().isEmpty());
    }

    @Test
    void aMissingLibraryIsUnavailableNamingWhereItLooked() {
        OpenVinoLibrary found = OpenVinoLibrary.load(OpenVinoLibrary.search(
                Map.of(OpenVinoLibrary.OVERRIDE_VARIABLE, "/nonexistent/libopenvino_c.so")::get), false);
        assertFalse(found.isAvailable());
        assertTrue(found.reason().contains("/nonexistent/libopenvino_c.so"), found.reason());
        assertTrue(found.reason().contains(OpenVinoLibrary.OVERRIDE_VARIABLE), found.reason());
        OpenVinoBackend backend = new OpenVinoBackend(found);
        assertFalse(backend.availability().available());
        assertEquals(found.reason(), backend.availability().reason());
        OpenVinoModelRuntime runtime = new OpenVinoModelRuntime(found);
        AccelException e = assertThrows(AccelException.class, () -> runtime.open(Memory.wrap(
                java.lang.foreign.Arena.ofAuto().allocate(4)), dev.accel.model.SessionOptions.defaults()));
        assertEquals(ErrorCode.BACKEND_UNAVAILABLE, e.code());
    }

    @Test
    void searchCoversTheArchiveAndWheelLayoutsAndVersionedNames() {
        List<String> dirs = OpenVinoLibrary.directories(Map.of("INTEL_OPENVINO_DIR", "/opt/ov")::get);
        assertTrue(dirs.contains("/opt/ov/runtime/lib/intel64"), dirs.toString());
        assertTrue(dirs.contains("/usr/lib/x86_64-linux-gnu"), dirs.toString());
        List<String> names = OpenVinoLibrary.candidateNames();
        assertEquals("libopenvino_c.so", names.getFirst());
        assertTrue(names.contains("libopenvino_c.so.2520"), names.toString());
    }

    @Test
    void devicesComeFromOpenVinoWithFullNamesAndNoOps() {
        StandIn standIn = StandIn.get();
        OpenVinoBackend backend = new OpenVinoBackend(StandInRuntime.allowed(standIn));
        assertTrue(backend.availability().available(), backend.availability().reason());
        assertTrue(backend.availability().reason().startsWith("stand-in library (test)"), backend.availability().reason());
        List<Device> devices = backend.devices();
        assertEquals(List.of("openvino:CPU", "openvino:NPU"), devices.stream().map(Device::name).toList());
        assertEquals(DeviceKind.CPU, devices.get(0).kind());
        assertEquals(DeviceKind.NPU, devices.get(1).kind());
        assertEquals("Accel stand-in NPU (not a device)", devices.get(1).description());
        assertTrue(backend.score() < 0, "automatic choice must prefer the cpu backend (score 0)");
        Device cpu = devices.getFirst();
        for (OpKind op : OpKind.values()) {
            assertEquals(op == OpKind.COPY, cpu.supports(op, DType.F32), op.name());
        }
        try (MemoryScope scope = MemoryScope.confined()) {
            Tensor a = Tensor.empty(cpu, scope, DType.F32, 2, 2);
            assertEquals(MemoryKind.HOST, a.memoryKind());
            AccelException e = assertThrows(AccelException.class, () -> cpu.ops().add(a, a, scope));
            assertEquals(ErrorCode.UNSUPPORTED, e.code());
            assertTrue(e.getMessage().contains("runs whole models"), e.getMessage());
            assertEquals(ErrorCode.UNSUPPORTED, assertThrows(AccelException.class,
                    () -> cpu.allocate(scope, MemoryKind.DEVICE, 8)).code());
            Tensor b = Tensor.copyOf(scope, new float[] {1, 2, 3, 4}, 2, 2);
            cpu.copy(b.transpose(0, 1), a);
            assertEquals(3.0, a.getDouble(0, 1));
            assertEquals(ErrorCode.SHAPE_MISMATCH, assertThrows(AccelException.class,
                    () -> cpu.ops().copy(b, Tensor.zeros(scope, DType.F32, 4))).code());
        }
    }

    @Test
    void serviceLoaderFindsTheBackendAndTheModelRuntimeWithoutLoadingAnything() {
        assertTrue(ServiceLoader.load(Backend.class).stream().anyMatch(p -> p.type() == OpenVinoBackend.class));
        assertTrue(ServiceLoader.load(ModelRuntime.class).stream().anyMatch(p -> p.type() == OpenVinoModelRuntime.class));
        OpenVinoBackend backend = new OpenVinoBackend();
        assertEquals("openvino", backend.name());
        // On a machine without OpenVINO this is unavailable with the places tried; with it, available. Never a stand-in.
        assertFalse(backend.availability().reason().contains("stand-in library (test)"), backend.availability().reason());
    }
}
