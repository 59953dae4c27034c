package dev.accel.openvino.capi;

import dev.accel.bindings.CStructs;
import dev.accel.tensor.DType;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every struct and enum the binding declares, checked against the facts of OpenVINO's C headers
 * (x86-64 / aarch64 Linux, LP64). Source: github.com/openvinotoolkit/openvino,
 * src/bindings/c/include/openvino/c/ — ov_common.h (ov_status_e, ov_element_type_e, as in the 2024.6
 * and 2025.x releases), ov_shape.h (ov_shape_t), ov_dimension.h (ov_dimension_t), ov_rank.h
 * (ov_rank_t = ov_dimension_t), ov_partial_shape.h (ov_partial_shape_t), ov_core.h (ov_version_t,
 * ov_available_devices_t), ov_infer_request.h (ov_callback_t). See docs/backends/openvino.md.
 */
class OvLayoutTest {

    /**
     * struct, size in bytes, then member, offset, member size; from the headers' member lists on LP64
     * (int64_t 8 bytes, pointers 8, size_t 8, ov_dimension_t 16).
     */
    private static final Object[][] STRUCTS = {
            {"ov_shape_t", OvLayouts.SHAPE, 16L, new Object[] {"rank", 0L, 8L, "dims", 8L, 8L}},
            {"ov_dimension_t", OvLayouts.DIMENSION, 16L, new Object[] {"min", 0L, 8L, "max", 8L, 8L}},
            {"ov_partial_shape_t", OvLayouts.PARTIAL_SHAPE, 24L, new Object[] {"rank", 0L, 16L, "dims", 16L, 8L}},
            {"ov_version_t", OvLayouts.VERSION, 16L, new Object[] {"buildNumber", 0L, 8L, "description", 8L, 8L}},
            {"ov_available_devices_t", OvLayouts.AVAILABLE_DEVICES, 16L, new Object[] {"devices", 0L, 8L, "size", 8L, 8L}},
            {"ov_callback_t", OvLayouts.CALLBACK, 16L, new Object[] {"callback_func", 0L, 8L, "args", 8L, 8L}},
    };

    /** ov_status_e as ov_common.h numbers it. */
    static final Map<String, Integer> STATUS = new LinkedHashMap<>();
    /** ov_element_type_e as ov_common.h numbers it (UNDEFINED = 0U, then consecutive). */
    static final Map<String, Integer> ELEMENT_TYPES = new LinkedHashMap<>();

    static {
        String[] status = {"OK", "GENERAL_ERROR", "NOT_IMPLEMENTED", "NETWORK_NOT_LOADED", "PARAMETER_MISMATCH", "NOT_FOUND",
                "OUT_OF_BOUNDS", "UNEXPECTED", "REQUEST_BUSY", "RESULT_NOT_READY", "NOT_ALLOCATED", "INFER_NOT_STARTED",
                "NETWORK_NOT_READ", "INFER_CANCELLED", "INVALID_C_PARAM", "UNKNOWN_C_ERROR", "NOT_IMPLEMENT_C_METHOD", "UNKNOW_EXCEPTION"};
        for (int i = 0; i < status.length; i++) {
            STATUS.put(status[i], -i);
        }
        String[] types = {"UNDEFINED", "DYNAMIC", "BOOLEAN", "BF16", "F16", "F32", "F64", "I4", "I8", "I16", "I32", "I64", "U1",
                "U2", "U3", "U4", "U6", "U8", "U16", "U32", "U64", "NF4", "F8E4M3", "F8E5M3", "STRING", "F4E2M1", "F8E8M0"};
        for (int i = 0; i < types.length; i++) {
            ELEMENT_TYPES.put(types[i], i);
        }
    }

    @Test
    void everyStructHasTheHeadersSizeAndOffsets() {
        for (Object[] row : STRUCTS) {
            String name = (String) row[0];
            StructLayout layout = (StructLayout) row[1];
            assertEquals((long) row[2], layout.byteSize(), name + " size");
            Object[] members = (Object[]) row[3];
            for (int i = 0; i < members.length; i += 3) {
                String member = (String) members[i];
                assertEquals((long) members[i + 1], CStructs.offsetOf(layout, member), name + "." + member);
                assertEquals((long) members[i + 2], layout.select(MemoryLayout.PathElement.groupElement(member)).byteSize(),
                        "sizeof " + name + "." + member);
            }
        }
        assertEquals(0L, CStructs.offsetOf(OvLayouts.PARTIAL_SHAPE, "rank", "min"), "ov_partial_shape_t.rank.min");
        assertEquals(8L, CStructs.offsetOf(OvLayouts.PARTIAL_SHAPE, "rank", "max"), "ov_partial_shape_t.rank.max");
        assertEquals(4L, OvLayouts.ENUM.byteSize(), "C enums are int-sized");
    }

    @Test
    void statusCodesAreTheHeadersNamesAndNumbers() {
        assertEquals(STATUS.size(), OvStatus.values().length, "every ov_status_e constant is declared");
        for (OvStatus s : OvStatus.values()) {
            assertEquals(STATUS.get(s.name()), (int) s.code(), s.name());
        }
    }

    @Test
    void elementTypesAreTheHeadersNamesAndNumbers() {
        assertEquals(ELEMENT_TYPES.size(), OvElementType.values().length, "every ov_element_type_e constant is declared");
        for (OvElementType t : OvElementType.values()) {
            assertEquals(ELEMENT_TYPES.get(t.name()), t.code(), t.name());
            assertEquals(t, OvElementType.of(t.code()).orElseThrow());
        }
        assertTrue(OvElementType.of(27).isEmpty());
        assertTrue(OvElementType.of(-1).isEmpty());
    }

    @Test
    void everyDtypeRoundTripsThroughItsElementType() {
        for (DType d : DType.values()) {
            assertEquals(d, OvElementType.of(d).dtype().orElseThrow(), d.name());
        }
        assertEquals(17, OvElementType.of(DType.U8).code(), "u8 is 17 since OpenVINO 2024 added u2, u3, u6");
        assertTrue(OvElementType.U16.dtype().isEmpty(), "Accel has no u16");
    }
}
