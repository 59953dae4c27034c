package dev.accel.qnn;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.LibraryProbe;
import dev.accel.qnn.raw.QnnInterfaceVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against Qualcomm's own {@code libQnnSystem.so} (no hardware needed: the x86-64 build runs anywhere with
 * libc++): the system provider table is read at the transcribed offsets, a system context is created and
 * freed through it, and bytes that are not a context binary come back as a named QNN error. Skipped unless
 * {@code -Daccel.qnn.systemLibrary=/path/libQnnSystem.so} is given; see docs/backends/qnn.md for the run
 * made while writing the binding.
 */
class QnnRealSystemLibraryTest {
    @Test
    void qualcommsSystemLibraryAnswersThroughTheBinding() {
        String path = System.getProperty("accel.qnn.systemLibrary");
        Assumptions.assumeTrue(path != null && !path.isBlank(),
                "no -Daccel.qnn.systemLibrary=FILE given: this test needs Qualcomm's libQnnSystem.so");
        QnnLocator locator = new QnnLocator(Map.of(QnnLocator.SYSTEM_VARIABLE, path)::get);
        LibraryProbe probe = locator.probeSystem();
        assertTrue(probe.loadedLibrary().isPresent(), probe.toString());
        QnnSystemLibrary system = QnnSystemLibrary.open(probe.loadedLibrary().get());
        System.out.println("[qnn system] " + system + ", getMetaData: " + system.hasGetMetaData());
        assertTrue(system.apiVersion().startsWith("1."), system.apiVersion());
        for (QnnInterfaceVersion version : QnnInterfaceVersion.values()) {
            try (Arena arena = Arena.ofConfined()) {
                byte[] toy = "ACQNNSI1 this is not a QNN context binary".getBytes();
                MemorySegment bytes = arena.allocate(toy.length).copyFrom(MemorySegment.ofArray(toy));
                AccelException e = assertThrows(AccelException.class, () -> system.graphs(bytes, version));
                System.out.println("[qnn system] not a binary -> " + e.getMessage());
                assertFalse(e.nativeStatus().orElseThrow().name().startsWith("UNKNOWN_"), e.getMessage());
                assertTrue(e.code() == ErrorCode.MALFORMED_INPUT || e.code() == ErrorCode.NATIVE_ERROR, e.code().toString());
            }
        }
        assertEquals(1, Integer.parseInt(system.apiVersion().split("\\.")[0]));
    }
}
