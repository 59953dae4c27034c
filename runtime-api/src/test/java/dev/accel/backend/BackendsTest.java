package dev.accel.backend;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** runtime-api's own test class path holds no backend module, so the registry is empty here. */
class BackendsTest {

    @Test
    void noBackendsOnThisClassPath() {
        assertTrue(Backends.all().isEmpty(), "runtime-api tests must not see a backend: " + Backends.all());
        assertSame(Backends.all(), Backends.all(), "discovery runs once");
    }

    @Test
    void knownButAbsentBackendSaysItsModuleIsNotOnThePath() {
        AccelException e = assertThrows(AccelException.class, () -> Backends.get("cuda"));
        assertEquals(ErrorCode.BACKEND_UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("'cuda'"), e.getMessage());
        assertTrue(e.getMessage().contains("module is not on the module path"), e.getMessage());
        assertEquals(ErrorCode.BACKEND_UNAVAILABLE, assertThrows(AccelException.class, () -> Backends.get("CPU")).code());
    }

    @Test
    void unknownBackendListsTheKnownOnes() {
        AccelException e = assertThrows(AccelException.class, () -> Backends.device("nonsense:0"));
        assertEquals(ErrorCode.BACKEND_UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("'nonsense'"), e.getMessage());
        for (String known : Backends.KNOWN) {
            assertTrue(e.getMessage().contains(known), e.getMessage());
        }
        assertEquals(ErrorCode.BACKEND_UNAVAILABLE, assertThrows(AccelException.class, () -> Backends.device("cuda:1")).code());
    }

    @Test
    void autoWithNoBackendFails() {
        AccelException e = assertThrows(AccelException.class, () -> Backends.device("auto"));
        assertEquals(ErrorCode.BACKEND_UNAVAILABLE, e.code());
        assertEquals(ErrorCode.BACKEND_UNAVAILABLE, assertThrows(AccelException.class, Backends::best).code());
    }
}
