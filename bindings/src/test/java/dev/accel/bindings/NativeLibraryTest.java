package dev.accel.bindings;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeLibraryTest {
    private static final FunctionDescriptor STRLEN = FunctionDescriptor.of(CTypes.C_SIZE_T, CTypes.C_POINTER);

    private NativeLibrary libc;

    @BeforeEach
    void loadLibc() {
        assumeTrue(LibrarySearchTest.isLinux(), "libc.so.6 is a Linux library name");
        LibraryProbe probe = LibrarySearch.forNames("libc.so.6").describedAs("C library").environment(Map.of()).probe();
        libc = assertInstanceOf(LibraryProbe.Loaded.class, probe, probe.toString()).library();
    }

    @AfterEach
    void closeLibc() {
        if (libc != null) {
            libc.close();
        }
    }

    @Test
    void findsLibcThroughTheSystemLoaderAndCallsStrlen() throws Throwable {
        assertEquals(NativeLibrary.Source.SYSTEM_LOADER, libc.source());
        assertEquals("libc.so.6", libc.origin());
        assertEquals("C library (libc.so.6)", libc.toString());
        MethodHandle strlen = libc.downcall("strlen", STRLEN);
        try (Arena arena = Arena.ofConfined()) {
            long length = (long) strlen.invokeExact(arena.allocateFrom("zero-copy tensors"));
            assertEquals(17, length);
        }
    }

    @Test
    void missingSymbolThrowsBackendUnavailableNamingSymbolAndLibrary() {
        AccelException e = assertThrows(AccelException.class,
                () -> libc.downcall("cuAccelNoSuchFunction_v2", FunctionDescriptor.ofVoid()));
        assertEquals(ErrorCode.BACKEND_UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("'cuAccelNoSuchFunction_v2'"), e.getMessage());
        assertTrue(e.getMessage().contains("C library (libc.so.6)"), e.getMessage());
    }

    @Test
    void optionalDowncallIsEmptyForAMissingSymbol() {
        assertTrue(libc.optionalDowncall("cuAccelNoSuchFunction_v2", FunctionDescriptor.ofVoid()).isEmpty());
        assertTrue(libc.optionalDowncall("strlen", STRLEN).isPresent());
    }

    @Test
    void closedLibraryRefusesLookupsAndItsHandlesThrowInsteadOfCrashing() {
        MethodHandle strlen = libc.downcall("strlen", STRLEN);
        libc.close();
        libc.close(); // idempotent
        assertFalse(libc.isOpen());
        assertThrows(IllegalStateException.class, () -> libc.findSymbol("strlen"));
        assertThrows(IllegalStateException.class, () -> libc.downcall("strlen", STRLEN));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocateFrom("abc");
            assertThrows(IllegalStateException.class, () -> {
                long ignored = (long) strlen.invokeExact(text);
            });
        }
    }
}
