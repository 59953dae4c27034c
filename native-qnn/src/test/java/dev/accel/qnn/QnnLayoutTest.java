package dev.accel.qnn;

import dev.accel.bindings.CStructs;
import dev.accel.qnn.raw.QnnErrors;
import dev.accel.qnn.raw.QnnInterfaceVersion;
import dev.accel.qnn.raw.QnnTypes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
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
 * The Java layouts of the QNN binding against C facts, three ways:
 * <ol>
 *   <li>a table written here of the facts the binding most depends on, from the QNN SDK headers
 *       (sources in docs/backends/qnn.md); runs everywhere;</li>
 *   <li>{@code qnn-sdk-2.13-vendor-layout.txt}: every size, offset and enum value printed by the probe
 *       compiled against the real QNN SDK 2.13 headers (API 2.7.2), recorded once; runs everywhere;</li>
 *   <li>the probe compiled by this build from {@code qnn_api_transcribed.h}, run now (needs gcc).</li>
 * </ol>
 */
class QnnLayoutTest {

    private static final Map<String, StructLayout> TYPES = Map.ofEntries(
            Map.entry("Qnn_Version_t", QnnTypes.VERSION),
            Map.entry("Qnn_ApiVersion_t", QnnTypes.API_VERSION),
            Map.entry("Qnn_ScaleOffset_t", QnnTypes.SCALE_OFFSET),
            Map.entry("Qnn_QuantizeParams_t", QnnTypes.QUANTIZE_PARAMS),
            Map.entry("Qnn_ClientBuffer_t", QnnTypes.CLIENT_BUFFER),
            Map.entry("Qnn_TensorV1_t", QnnTypes.TENSOR_V1),
            Map.entry("Qnn_TensorV2_t", QnnTypes.TENSOR_V2),
            Map.entry("Qnn_Tensor_t", QnnTypes.TENSOR),
            Map.entry("Qnn_Tensor_2_7_t", QnnTypes.TENSOR_2_7),
            Map.entry("Qnn_MemShape_t", QnnTypes.MEM_SHAPE),
            Map.entry("Qnn_MemDescriptor_t", QnnTypes.MEM_DESCRIPTOR),
            Map.entry("QnnInterface_t", QnnInterfaceVersion.CURRENT.interfaceLayout()),
            Map.entry("QnnInterface_2_7_t", QnnInterfaceVersion.API_2_7.interfaceLayout()),
            Map.entry("QnnSystemInterface_t", QnnTypes.SYSTEM_INTERFACE),
            Map.entry("QnnSystemContext_GraphInfoV1_t", QnnTypes.GRAPH_INFO_V1),
            Map.entry("QnnSystemContext_GraphInfo_t", QnnTypes.GRAPH_INFO),
            Map.entry("QnnSystemContext_BinaryInfoV1_t", QnnTypes.BINARY_INFO_V1),
            Map.entry("QnnSystemContext_BinaryInfo_t", QnnTypes.BINARY_INFO));

    /**
     * Facts from the vendor headers (LP64), written out: {type, member path or "sizeof", value}.
     * Sources: QNN SDK 2.13 include/QNN (API 2.7.2) for the 2.7 rows and the shared ones; a current
     * SDK's QnnTypes.h / QnnInterface.h for the Qnn_TensorV2_t and current-table rows.
     */
    private static final Object[][] HEADER_FACTS = {
            {"Qnn_Version_t", "sizeof", 12L},
            {"Qnn_ApiVersion_t", "sizeof", 24L},
            {"Qnn_QuantizeParams_t", "sizeof", 40L},
            {"Qnn_ClientBuffer_t", "sizeof", 16L},
            {"Qnn_ClientBuffer_t", "dataSize", 8L},
            {"Qnn_TensorV1_t", "sizeof", 112L},
            {"Qnn_TensorV1_t", "quantizeParams", 32L},
            {"Qnn_TensorV1_t", "rank", 72L},
            {"Qnn_TensorV1_t", "dimensions", 80L},
            {"Qnn_TensorV1_t", "memType", 88L},
            {"Qnn_TensorV1_t", "memory.clientBuf.data", 96L},
            {"Qnn_TensorV1_t", "memory.clientBuf.dataSize", 104L},
            {"Qnn_TensorV2_t", "sizeof", 136L},
            {"Qnn_TensorV2_t", "isProduced", 132L},
            {"Qnn_Tensor_t", "sizeof", 144L},
            {"Qnn_Tensor_t", "v.v1", 8L},
            {"Qnn_Tensor_2_7_t", "sizeof", 120L},
            {"Qnn_MemDescriptor_t", "sizeof", 40L},
            {"Qnn_MemDescriptor_t", "info.ionInfo.fd", 32L},
            {"QnnInterface_t", "table", 40L},
            {"QnnInterface_t", "table.backendCreate", 48L},
            {"QnnInterface_t", "table.contextCreateFromBinary", 144L},
            {"QnnInterface_t", "table.graphRetrieve", 200L},
            {"QnnInterface_t", "table.graphExecute", 208L},
            {"QnnInterface_t", "table.logCreate", 240L},
            {"QnnInterface_t", "table.memRegister", 320L},
            {"QnnInterface_t", "table.deviceCreate", 360L},
            {"QnnInterface_t", "table.signalFree", 416L},
            {"QnnInterface_2_7_t", "table.backendGetApiVersion", 56L},
            {"QnnInterface_2_7_t", "table.contextCreateFromBinary", 136L},
            {"QnnInterface_2_7_t", "table.graphRetrieve", 184L},
            {"QnnInterface_2_7_t", "table.graphExecute", 192L},
            {"QnnInterface_2_7_t", "table.logCreate", 224L},
            {"QnnInterface_2_7_t", "table.memRegister", 288L},
            {"QnnInterface_2_7_t", "table.deviceFree", 352L},
            {"QnnSystemInterface_t", "table.systemContextGetMetaData", 48L},
            {"QnnSystemContext_BinaryInfoV1_t", "numGraphs", 112L},
            {"QnnSystemContext_BinaryInfoV1_t", "graphs", 120L},
    };

    @Test
    void javaLayoutsMatchTheHeaderFactsTable() {
        for (Object[] fact : HEADER_FACTS) {
            StructLayout layout = TYPES.get((String) fact[0]);
            long actual = "sizeof".equals(fact[1]) ? layout.byteSize() : CStructs.offsetOf(layout, ((String) fact[1]).split("\\."));
            assertEquals((long) fact[2], actual, fact[0] + " " + fact[1]);
        }
    }

    @Test
    void javaLayoutsMatchTheQnnSdk213Headers() throws IOException {
        String text;
        try (InputStream in = QnnLayoutTest.class.getResourceAsStream("/qnn-sdk-2.13-vendor-layout.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int checked = check(text);
        assertTrue(checked >= 160, "expected the whole SDK 2.13 record to be checked, got " + checked + " lines");
    }

    @Test
    void javaLayoutsMatchTheTranscribedHeaderAsCompiledHere() throws Exception {
        Process probe = new ProcessBuilder(QnnTestNatives.layoutProbe().toString()).redirectErrorStream(true).start();
        String text = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(30, TimeUnit.SECONDS), "the layout probe did not finish");
        assertEquals(0, probe.exitValue(), text);
        int checked = check(text);
        assertTrue(checked >= 200, "expected every probe line to be checked, got " + checked);
    }

    /** Checks every S/O/E line; returns how many; fails listing every mismatch. */
    private static int check(String text) {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.strip().split(" ");
            switch (f[0]) {
                case "S" -> {
                    StructLayout layout = layout(f[1]);
                    if (layout.byteSize() != Long.parseLong(f[2]) || layout.byteAlignment() != Long.parseLong(f[3])) {
                        mismatches.add(line + " but Java has size " + layout.byteSize() + ", alignment " + layout.byteAlignment());
                    }
                }
                case "O" -> {
                    long offset = CStructs.offsetOf(layout(f[1]), f[2].split("\\."));
                    if (offset != Long.parseLong(f[3])) {
                        mismatches.add(line + " but Java has offset " + offset);
                    }
                }
                case "E" -> {
                    long value = Long.parseLong(f[2]);
                    long java = enumValue(f[1], value);
                    if (java != value) {
                        mismatches.add(line + " but Java has " + java);
                    }
                }
                default -> fail("unexpected probe line: " + line);
            }
            checked++;
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " layout facts differ:\n" + String.join("\n", mismatches));
        }
        return checked;
    }

    private static StructLayout layout(String type) {
        StructLayout layout = TYPES.get(type);
        if (layout == null) {
            fail("no Java layout for C type " + type);
        }
        return layout;
    }

    /** The Java twin of a C enum constant: a QnnTypes field, or an error code whose name matches. */
    private static long enumValue(String name, long cValue) {
        try {
            return QnnTypes.class.getField(name).getInt(null);
        } catch (NoSuchFieldException e) {
            if (QnnErrors.CODES.nameOf(cValue).equals(name)) {
                return cValue;
            }
            fail("no Java twin for " + name + " = " + cValue + " (QnnErrors names " + cValue + " " + QnnErrors.CODES.nameOf(cValue) + ")");
            return -1;
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
