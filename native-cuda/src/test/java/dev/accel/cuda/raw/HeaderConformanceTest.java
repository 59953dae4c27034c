package dev.accel.cuda.raw;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks every hand-written descriptor, constant and status table against the installed CUDA headers: each bound
 * function's parameter count and widths and its return width, each constant's value, the CUresult table. A
 * header that is not installed skips its part with the reason.
 */
class HeaderConformanceTest {

    private static CHeader header(String file) {
        Optional<CHeader> h = CHeader.find(file);
        if (h.isEmpty()) {
            System.out.println("[HeaderConformanceTest] skipped: " + CHeader.searched(file));
        }
        Assumptions.assumeTrue(h.isPresent(), CHeader.searched(file));
        return h.get();
    }

    private static void checkTable(CHeader header, List<NativeFunction> table, String file) {
        List<String> problems = new ArrayList<>();
        for (NativeFunction f : table) {
            String declared = header.declaredName(f.symbol());
            List<String> params = header.prototypes.get(declared);
            if (params == null) {
                params = header.prototypes.get(f.symbol());
                declared = f.symbol();
            }
            if (params == null) {
                problems.add(f.symbol() + ": no prototype in " + file);
                continue;
            }
            FunctionDescriptor d = f.descriptor();
            if (params.size() != d.argumentLayouts().size()) {
                problems.add(f.symbol() + ": header has " + params.size() + " parameters " + params + ", descriptor "
                        + d.argumentLayouts().size());
                continue;
            }
            for (int i = 0; i < params.size(); i++) {
                MemoryLayout layout = d.argumentLayouts().get(i);
                long expected = header.width(params.get(i));
                if (layout.byteSize() != expected) {
                    problems.add(f.symbol() + " parameter " + i + " '" + params.get(i) + "': header width " + expected
                            + ", descriptor " + layout);
                }
                boolean floating = params.get(i).matches("(const\\s+)?(float|double)\\s+\\w+");
                boolean javaFloating = layout instanceof ValueLayout v && (v.carrier() == float.class || v.carrier() == double.class);
                if (floating != javaFloating) {
                    problems.add(f.symbol() + " parameter " + i + ": float/int class differs (" + params.get(i) + " vs " + layout + ")");
                }
            }
            long returnWidth = header.width(header.returnTypes.get(declared) + " r");
            if (d.returnLayout().orElseThrow().byteSize() != returnWidth) {
                problems.add(f.symbol() + ": return width " + returnWidth + " vs " + d.returnLayout().orElseThrow());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void checkConstants(CHeader header, Map<String, Long> constants, String file) {
        List<String> problems = new ArrayList<>();
        constants.forEach((name, value) -> {
            Long inHeader = header.enumConstants.get(name);
            if (inHeader == null && header.defines.containsKey(name)) {
                String v = header.defines.get(name).replaceAll("[()]", "").trim();
                inHeader = v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
            }
            if (inHeader == null) {
                problems.add(name + " not in " + file);
            } else if (inHeader.longValue() != value) {
                problems.add(name + " = " + inHeader + " in " + file + ", binding has " + value);
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void driverDescriptorsMatchCudaH() {
        CHeader h = header("cuda.h");
        checkTable(h, CuDriver.FUNCTIONS, "cuda.h");
        // the symbols bound are the ones the header's #defines select (cuMemAlloc -> cuMemAlloc_v2)
        assertEquals("cuMemAlloc_v2", h.defines.get("cuMemAlloc"));
        assertEquals("cuMemHostRegister_v2", h.defines.get("cuMemHostRegister"));
        assertEquals("cuEventElapsedTime_v2", h.defines.get("cuEventElapsedTime"));
        assertEquals("cuDevicePrimaryCtxRelease_v2", h.defines.get("cuDevicePrimaryCtxRelease"));
    }

    @Test
    void aWrongDescriptorIsCaught() {
        CHeader h = header("cuda.h");
        var narrowSize = List.of(new NativeFunction("cuMemAlloc_v2", FunctionDescriptor.of(dev.accel.bindings.CTypes.C_INT,
                dev.accel.bindings.CTypes.C_POINTER, dev.accel.bindings.CTypes.C_INT), true));
        assertThrows(AssertionFailedError.class, () -> checkTable(h, narrowSize, "cuda.h"));
        var missingArgument = List.of(new NativeFunction("cuInit", FunctionDescriptor.of(dev.accel.bindings.CTypes.C_INT), true));
        assertThrows(AssertionFailedError.class, () -> checkTable(h, missingArgument, "cuda.h"));
        assertThrows(AssertionFailedError.class, () -> checkConstants(h, Map.of("CU_MEMHOSTREGISTER_READ_ONLY", 4L), "cuda.h"));
    }

    @Test
    void driverConstantsMatchCudaH() {
        checkConstants(header("cuda.h"), CudaConstants.ALL.get("cuda.h"), "cuda.h");
    }

    @Test
    void dataTypesMatchLibraryTypesH() {
        checkConstants(header("library_types.h"), CudaConstants.ALL.get("library_types.h"), "library_types.h");
    }

    @Test
    void cuResultTableIsTheHeadersEnum() {
        CHeader h = header("cuda.h");
        int start = h.text.indexOf("typedef enum cudaError_enum");
        int end = h.text.indexOf("} CUresult;", start);
        assertTrue(start >= 0 && end > start, "cudaError_enum not found");
        String body = h.text.substring(start, end);
        var m = java.util.regex.Pattern.compile("(CUDA_[A-Z0-9_]+)\\s*=\\s*(\\d+)").matcher(body);
        int count = 0;
        while (m.find()) {
            count++;
            assertEquals(m.group(1), CudaStatus.CU_RESULT.get(Long.parseLong(m.group(2))), "CUresult " + m.group(2));
        }
        assertEquals(count, CudaStatus.CU_RESULT.size(), "every CUresult of the header, and no other");
        assertFalse(CudaStatus.CU_RESULT.isEmpty());
    }

    @Test
    void nvrtcDescriptorsMatchNvrtcH() {
        CHeader h = header("nvrtc.h");
        checkTable(h, Nvrtc.FUNCTIONS, "nvrtc.h");
        CudaStatus.NVRTC_RESULT.forEach((code, name) -> {
            Long v = h.enumConstants.get(name);
            if (v != null) {
                assertEquals(code, v, name);
            }
        });
    }

    @Test
    void cublasDescriptorsMatchCublasApiH() {
        CHeader h = header("cublas_api.h");
        checkTable(h, Cublas.FUNCTIONS, "cublas_api.h");
        checkConstants(h, CudaConstants.ALL.get("cublas_api.h"), "cublas_api.h");
        CudaStatus.CUBLAS_STATUS.forEach((code, name) -> assertEquals(code, h.enumConstants.get(name), name));
    }
}
