package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.model.ExecutionProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --device}: execution providers of ONNX Runtime, and devices of runtimes that pick devices by name. */
class DeviceSpecTest {
    @Test
    void runtimeDevicesAreRecognisedByTheirPrefix() {
        assertEquals(Optional.of(new ModelReference.RuntimeDevice("openvino", "CPU")), ModelReference.runtimeDevice("openvino:CPU"));
        assertEquals(Optional.of(new ModelReference.RuntimeDevice("qnn", "htp")), ModelReference.runtimeDevice(" QNN:htp "));
        assertEquals(Optional.of(new ModelReference.RuntimeDevice("coreml", "ane")), ModelReference.runtimeDevice("coreml:ane"));
        assertTrue(ModelReference.runtimeDevice("cuda:0").isEmpty());
        assertTrue(ModelReference.runtimeDevice("openvino").isEmpty(), "plain openvino is ONNX Runtime's provider");
        assertTrue(ModelReference.runtimeDevice("openvino:").isEmpty());
    }

    @Test
    void aRuntimeDeviceRunsOnThatRuntimesProviderOnly() {
        assertEquals(List.of(ExecutionProvider.OPENVINO), ModelReference.providers("openvino:NPU"));
        assertEquals(List.of(ExecutionProvider.QNN), ModelReference.providers("qnn:htp"));
        assertEquals(List.of(ExecutionProvider.OPENVINO, ExecutionProvider.CPU), ModelReference.providers("openvino"));
        assertEquals(List.of(ExecutionProvider.CPU), ModelReference.providers("cpu"));
    }

    @Test
    void anUnknownDeviceIsAClearError() {
        AccelException e = assertThrows(AccelException.class, () -> ModelReference.providers("tpu"));
        assertTrue(e.getMessage().contains("--device tpu"), e.getMessage());
    }
}
