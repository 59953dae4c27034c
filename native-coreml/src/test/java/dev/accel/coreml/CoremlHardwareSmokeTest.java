package dev.accel.coreml;

import dev.accel.memory.MemoryScope;
import dev.accel.model.Dim;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.model.TensorInfo;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a Mac: loads a real compiled model through the real shim and runs it once on zeros for every
 * compute-unit choice, and wraps page-aligned memory as an MTLBuffer. Skipped unless
 * {@code -Daccel.coreml.model=/path/Model.mlmodelc} is given; see docs/backends/coreml.md.
 */
class CoremlHardwareSmokeTest {
    @Test
    void runsARealCompiledModelOnCoreml() {
        String model = System.getProperty("accel.coreml.model");
        Assumptions.assumeTrue(model != null && !model.isBlank(),
                "no -Daccel.coreml.model=DIR.mlmodelc given: this test needs macOS, CoreML and the built shim");
        CoremlModelRuntime runtime = new CoremlModelRuntime();
        assertTrue(runtime.availability().available(), runtime.availability().reason());
        for (CoremlComputeUnits units : CoremlComputeUnits.values()) {
            try (MemoryScope scope = MemoryScope.shared();
                 ModelSession session = runtime.openCompiled(Path.of(model), SessionOptions.defaults().withProviders(ExecutionProvider.COREML), units)) {
                assertFalse(session.metadata().containsKey("coreml.standIn"), "this is Accel's stand-in, not CoreML");
                Map<String, Tensor> inputs = new LinkedHashMap<>();
                for (TensorInfo in : session.inputs()) {
                    inputs.put(in.name(), Tensor.zeros(scope, in.dtype(), shape(in)));
                }
                Map<String, Tensor> outputs = session.run(inputs, scope);
                for (TensorInfo out : session.outputs()) {
                    assertArrayEquals(shape(out), outputs.get(out.name()).shape());
                }
                System.out.println("[coreml smoke] " + units + ": " + session.runtime() + ", outputs copied by the shim: "
                        + ((CoremlSession) session).outputsCopied());
            }
        }
        CoremlBackend backend = new CoremlBackend();
        long page = backend.metalPageSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(4 * page, page);
            try (CoremlMetalBuffer buffer = backend.wrapMetal(memory)) {
                assertEquals(memory.address(), buffer.contentsAddress(), "newBufferWithBytesNoCopy must not copy");
                assertEquals(4 * page, buffer.length());
            }
        }
    }

    private static long[] shape(TensorInfo info) {
        return info.shape().stream().mapToLong(d -> ((Dim.Fixed) d).size()).toArray();
    }
}
