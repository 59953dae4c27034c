package dev.accel.cuda;

import dev.accel.backend.Availability;
import dev.accel.backend.Backend;
import dev.accel.bindings.LibraryProbe;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Library lookup and availability; these run without a driver. */
class CudaBackendTest {

    @Test
    void foundByServiceLoader() {
        List<String> names = ServiceLoader.load(Backend.class).stream().map(p -> p.get().name()).toList();
        assertTrue(names.contains("cuda"), names.toString());
        CudaBackend b = new CudaBackend();
        assertEquals("cuda", b.name());
        assertTrue(b.score() >= 100);
    }

    @Test
    void missingDriverIsReportedWithEveryPlaceTried() {
        // An override naming a file that does not exist: exclusive, so the machine's own driver is not used.
        CudaBackend b = new CudaBackend(Map.of(CudaLibraries.DRIVER_OVERRIDE, "/nonexistent/libcuda.so.1")::get);
        Availability a = b.availability();
        assertFalse(a.available());
        assertTrue(a.reason().startsWith("no CUDA driver (libcuda.so.1) found: "), a.reason());
        assertTrue(a.reason().contains("/nonexistent/libcuda.so.1"), a.reason());
        assertTrue(a.reason().contains("the toolkit alone cannot run kernels"), a.reason());
        assertTrue(b.devices().isEmpty());
    }

    @Test
    void withoutOverrideTheSearchNamesItsDirectories() {
        LibraryProbe probe = CudaLibraries.driver(Map.<String, String>of()::get).probe();
        Assumptions.assumeTrue(probe instanceof LibraryProbe.Unavailable, "a CUDA driver is installed here");
        String reason = ((LibraryProbe.Unavailable) probe).reason();
        assertTrue(reason.contains("/usr/lib/x86_64-linux-gnu"), reason);
        assertTrue(reason.contains("dlopen(\"libcuda.so.1\")"), reason);
        Availability a = new CudaBackend(Map.<String, String>of()::get).availability();
        assertFalse(a.available());
        System.out.println("[CudaBackendTest] CUDA backend here: " + a.reason());
    }

    @Test
    void toolkitDirectoriesComeFromCudaHomeFirst() {
        List<String> dirs = CudaLibraries.toolkitDirectories(Map.of("CUDA_HOME", "/opt/cuda-13")::get);
        assertEquals("/opt/cuda-13/lib64", dirs.get(0));
        assertEquals("/opt/cuda-13/targets/x86_64-linux/lib", dirs.get(1));
        assertTrue(dirs.contains("/usr/local/cuda/lib64"));
        assertTrue(dirs.contains("/usr/local/cuda/targets/x86_64-linux/lib"));
        assertEquals(List.of("libnvrtc.so.13", "libnvrtc.so.12"), CudaLibraries.nvrtc(Map.<String, String>of()::get).names());
        assertEquals(List.of("libcublas.so.13", "libcublas.so.12"), CudaLibraries.cublas(Map.<String, String>of()::get).names());
    }

    @Test
    void overridesAreExclusive() {
        LibraryProbe p = CudaLibraries.cublas(Map.of(CudaLibraries.CUBLAS_OVERRIDE, "/nowhere/libcublas.so.13")::get).probe();
        assertTrue(p instanceof LibraryProbe.Unavailable);
        String reason = ((LibraryProbe.Unavailable) p).reason();
        assertTrue(reason.contains("nothing else was tried"), reason);
    }
}
