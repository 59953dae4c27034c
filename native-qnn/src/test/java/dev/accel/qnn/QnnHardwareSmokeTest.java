package dev.accel.qnn;

import dev.accel.memory.Memory;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.model.TensorInfo;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a machine with Qualcomm's QNN runtime: opens a real context binary with the process environment's
 * libraries (QNN_SDK_ROOT, ACCEL_QNN_BACKEND, LD_LIBRARY_PATH...) and runs it once on zeros. Skipped
 * unless {@code -Daccel.qnn.contextBinary=/path/model.bin} is given (optionally {@code -Daccel.qnn.backend=htp});
 * see docs/backends/qnn.md. Refuses to count Accel's stand-in as the real runtime.
 */
class QnnHardwareSmokeTest {
    @Test
    void runsARealContextBinaryOnTheRealRuntime() {
        String binary = System.getProperty("accel.qnn.contextBinary");
        Assumptions.assumeTrue(binary != null && !binary.isBlank(),
                "no -Daccel.qnn.contextBinary=FILE given: this test needs Qualcomm's QNN runtime and a context binary");
        QnnBackendKind kind = QnnBackendKind.parse(System.getProperty("accel.qnn.backend", "htp"));
        QnnModelRuntime runtime = new QnnModelRuntime();
        assertTrue(runtime.availability().available(), runtime.availability().reason());
        try (MemoryScope scope = MemoryScope.shared()) {
            Memory bytes = Memory.mapFile(Path.of(binary), scope);
            try (ModelSession session = runtime.open(bytes, SessionOptions.defaults().withProviders(ExecutionProvider.QNN), kind)) {
                assertFalse(session.metadata().containsKey("qnn.standIn"), "this is Accel's stand-in, not Qualcomm's runtime");
                System.out.println("[qnn smoke] " + session.runtime() + " " + session.metadata());
                Map<String, Tensor> inputs = new LinkedHashMap<>();
                for (TensorInfo in : session.inputs()) {
                    long[] shape = in.shape().stream().mapToLong(d -> ((dev.accel.model.Dim.Fixed) d).size()).toArray();
                    inputs.put(in.name(), Tensor.zeros(scope, in.dtype(), shape));
                }
                Map<String, Tensor> outputs = session.run(inputs, scope);
                assertEquals(session.outputs().size(), outputs.size());
                for (TensorInfo out : session.outputs()) {
                    Tensor t = outputs.get(out.name());
                    assertEquals(out.rank(), t.rank());
                    long[] expected = out.shape().stream().mapToLong(d -> ((dev.accel.model.Dim.Fixed) d).size()).toArray();
                    assertArrayEquals(expected, t.shape());
                    System.out.println("[qnn smoke] " + out.name() + " " + Arrays.toString(t.shape()));
                }
            }
        }
    }
}
