package dev.accel.coreml;

import dev.accel.bindings.CStructs;
import dev.accel.coreml.raw.CoremlAbi;
import org.junit.jupiter.api.Test;

import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Java side of the shim's ABI against (1) Apple's documented raw values, written here, and (2) the
 * header accel_coreml.h as gcc lays it out (a probe built by this module's build).
 */
class CoremlLayoutTest {

    /**
     * Apple's raw values (CoreML headers MLComputeUnits.h / MLMultiArray.h; see docs/backends/coreml.md):
     * the shim passes them through unchanged, so they must be exact.
     */
    @Test
    void computeUnitsAndDataTypesAreApplesRawValues() {
        assertEquals(0, CoremlComputeUnits.CPU_ONLY.value());      // MLComputeUnitsCPUOnly
        assertEquals(1, CoremlComputeUnits.CPU_AND_GPU.value());   // MLComputeUnitsCPUAndGPU
        assertEquals(2, CoremlComputeUnits.ALL.value());           // MLComputeUnitsAll
        assertEquals(3, CoremlComputeUnits.CPU_AND_NE.value());    // MLComputeUnitsCPUAndNeuralEngine
        assertEquals(65600, CoremlAbi.ACCEL_COREML_FLOAT64);       // MLMultiArrayDataTypeDouble  = 0x10000 | 64
        assertEquals(65568, CoremlAbi.ACCEL_COREML_FLOAT32);       // MLMultiArrayDataTypeFloat32 = 0x10000 | 32
        assertEquals(65552, CoremlAbi.ACCEL_COREML_FLOAT16);       // MLMultiArrayDataTypeFloat16 = 0x10000 | 16
        assertEquals(131104, CoremlAbi.ACCEL_COREML_INT32);        // MLMultiArrayDataTypeInt32   = 0x20000 | 32
        assertEquals(400, CoremlAbi.FEATURE.byteSize());
        assertEquals(48, CoremlAbi.TENSOR.byteSize());
    }

    @Test
    void javaLayoutsMatchTheShimHeaderAsCompiledHere() throws Exception {
        Process probe = new ProcessBuilder(CoremlTestNatives.layoutProbe().toString()).redirectErrorStream(true).start();
        String text = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, probe.exitValue(), text);
        Map<String, StructLayout> types = Map.of("accel_coreml_feature", CoremlAbi.FEATURE, "accel_coreml_tensor", CoremlAbi.TENSOR);
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String line : text.split("\n")) {
            String[] f = line.strip().split(" ");
            switch (f[0]) {
                case "S" -> {
                    StructLayout l = types.get(f[1]);
                    if (l.byteSize() != Long.parseLong(f[2]) || l.byteAlignment() != Long.parseLong(f[3])) {
                        mismatches.add(line + " but Java has " + l.byteSize() + "/" + l.byteAlignment());
                    }
                }
                case "O" -> {
                    long offset = CStructs.offsetOf(types.get(f[1]), f[2]);
                    if (offset != Long.parseLong(f[3])) {
                        mismatches.add(line + " but Java has " + offset);
                    }
                }
                case "E" -> {
                    long java = constant(f[1]);
                    if (java != Long.parseLong(f[2])) {
                        mismatches.add(line + " but Java has " + java);
                    }
                }
                default -> fail("unexpected probe line " + line);
            }
            checked++;
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
        assertTrue(checked >= 40, "checked " + checked);
    }

    private static long constant(String cName) throws IllegalAccessException {
        for (String name : new String[] {cName, cName.replaceFirst("^ACCEL_COREML_", "")}) {
            try {
                return CoremlAbi.class.getField(name).getInt(null);
            } catch (NoSuchFieldException ignored) {
                // try the next spelling
            }
        }
        fail("no Java twin for " + cName);
        return -1;
    }
}
