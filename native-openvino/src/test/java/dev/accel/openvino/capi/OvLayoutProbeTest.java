package dev.accel.openvino.capi;

import dev.accel.bindings.CStructs;
import dev.accel.openvino.standin.StandIn;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Has gcc lay out the header definitions transcribed in {@code src/test/c/openvino_stand_in.h} and
 * compares every size, offset and enum value with the Java side: proves that the Java layouts are what
 * a C compiler makes of those definitions on this platform (not that the transcription is right: that
 * is {@link OvLayoutTest}'s table). Skips, with the reason, without gcc.
 */
class OvLayoutProbeTest {

    private static Map<String, Long> probe() throws IOException, InterruptedException {
        Path exe;
        try {
            exe = StandIn.build("ov_layout_probe.c", "ov_layout_probe", false);
        } catch (StandIn.SkipException e) {
            Assumptions.abort("layout probe not built: " + e.getMessage());
            throw e;
        }
        Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "probe finished");
        assertEquals(0, p.exitValue(), out);
        Map<String, Long> facts = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 3) {
                facts.put(parts[0] + " " + parts[1], Long.parseLong(parts[2]));
            }
        }
        return facts;
    }

    @Test
    void javaLayoutsEqualGccsLayoutOfTheSameDefinitions() throws Exception {
        Map<String, Long> facts = probe();
        Object[][] structs = {
                {"ov_shape_t", OvLayouts.SHAPE, new String[] {"rank", "dims"}},
                {"ov_dimension_t", OvLayouts.DIMENSION, new String[] {"min", "max"}},
                {"ov_partial_shape_t", OvLayouts.PARTIAL_SHAPE, new String[] {"rank", "dims"}},
                {"ov_version_t", OvLayouts.VERSION, new String[] {"buildNumber", "description"}},
                {"ov_available_devices_t", OvLayouts.AVAILABLE_DEVICES, new String[] {"devices", "size"}},
                {"ov_callback_t", OvLayouts.CALLBACK, new String[] {"callback_func", "args"}},
        };
        for (Object[] row : structs) {
            String name = (String) row[0];
            StructLayout layout = (StructLayout) row[1];
            assertEquals(facts.get("sizeof " + name), layout.byteSize(), "sizeof " + name);
            for (String member : (String[]) row[2]) {
                assertEquals(facts.get("offsetof " + name + "." + member), CStructs.offsetOf(layout, member), name + "." + member);
                assertEquals(facts.get("membersize " + name + "." + member), layout.select(
                        java.lang.foreign.MemoryLayout.PathElement.groupElement(member)).byteSize(), "sizeof " + name + "." + member);
            }
        }
        assertEquals(facts.get("sizeof ov_status_e"), OvLayouts.ENUM.byteSize());
        assertEquals(facts.get("sizeof ov_element_type_e"), OvLayouts.ENUM.byteSize());
    }

    @Test
    void javaEnumsEqualGccsValues() throws Exception {
        Map<String, Long> facts = probe();
        for (OvStatus s : OvStatus.values()) {
            assertEquals(facts.get("enum " + s.name()), s.code(), s.name());
        }
        for (OvElementType t : OvElementType.values()) {
            assertEquals(facts.get("enum " + t.name()), (long) t.code(), t.name());
        }
    }
}
