package dev.accel.bindings;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.NativeStatus;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntBinaryOperator;

import static dev.accel.bindings.CTypes.C_INT;
import static dev.accel.bindings.CTypes.C_POINTER;
import static dev.accel.bindings.CTypes.C_SIZE_T;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class UpcallTest {
    private static final FunctionDescriptor INT_INT_TO_INT = FunctionDescriptor.of(C_INT, C_INT, C_INT);

    /** Calls the stub the way native code would: a downcall to its own address. */
    private static MethodHandle callThroughNative(Upcall upcall) {
        return Linker.nativeLinker().downcallHandle(upcall.address(), upcall.descriptor());
    }

    static int divide(int a, int b) {
        return a / b;
    }

    @Test
    void roundTripThroughAMethodHandle() throws Throwable {
        MethodHandle target = MethodHandles.lookup().findStatic(UpcallTest.class, "divide",
                MethodType.methodType(int.class, int.class, int.class));
        try (Arena arena = Arena.ofConfined()) {
            Upcall upcall = Upcall.create(arena, INT_INT_TO_INT, target, -1);
            MethodHandle call = callThroughNative(upcall);
            assertEquals(7, (int) call.invokeExact(21, 3));
            assertEquals(0, upcall.failureCount());
            assertDoesNotThrow(() -> upcall.throwIfFailed("dividing"));
        }
    }

    @Test
    void exceptionInTheUpcallIsCaughtRecordedAndTheFailureValueReturned() throws Throwable {
        MethodHandle target = MethodHandles.lookup().findStatic(UpcallTest.class, "divide",
                MethodType.methodType(int.class, int.class, int.class));
        try (Arena arena = Arena.ofConfined()) {
            Upcall upcall = Upcall.create(arena, INT_INT_TO_INT, target, -1);
            MethodHandle call = callThroughNative(upcall);
            assertEquals(-1, (int) call.invokeExact(1, 0));   // the JVM is still alive
            assertEquals(-1, (int) call.invokeExact(2, 0));
            assertEquals(5, (int) call.invokeExact(10, 2));   // later calls still work
            assertEquals(2, upcall.failureCount());
            assertInstanceOf(ArithmeticException.class, upcall.firstFailure().orElseThrow());

            AccelException e = assertThrows(AccelException.class, () -> upcall.throwIfFailed("dividing by zero"));
            assertEquals(ErrorCode.INTERNAL, e.code());
            assertInstanceOf(ArithmeticException.class, e.getCause());
            assertTrue(e.getMessage().startsWith("dividing by zero: the Java callback threw 2 times"), e.getMessage());
            assertEquals(0, upcall.failureCount());
            assertDoesNotThrow(() -> upcall.throwIfFailed("nothing left"));
        }
    }

    @Test
    void lambdaThroughAFunctionalInterface() throws Throwable {
        IntBinaryOperator add = (a, b) -> a + b;
        try (Arena arena = Arena.ofConfined()) {
            Upcall upcall = Upcall.create(arena, INT_INT_TO_INT, IntBinaryOperator.class, add, 0);
            assertEquals(42, (int) callThroughNative(upcall).invokeExact(40, 2));
        }
    }

    @Test
    void voidUpcallAndAnAccelExceptionKeepsItsCodeAndStatus() throws Throwable {
        NativeStatus status = new NativeStatus("libtest", "TEST_FAILED", 9);
        AtomicInteger calls = new AtomicInteger();
        Runnable callback = () -> {
            calls.incrementAndGet();
            throw AccelException.nativeError("inner call", status);
        };
        try (Arena arena = Arena.ofConfined()) {
            Upcall upcall = Upcall.create(arena, FunctionDescriptor.ofVoid(), Runnable.class, callback, null);
            MethodHandle call = callThroughNative(upcall);
            call.invokeExact();
            assertEquals(1, calls.get());
            AccelException e = assertThrows(AccelException.class, () -> upcall.throwIfFailed("host callback"));
            assertEquals(ErrorCode.NATIVE_ERROR, e.code());
            assertEquals(status, e.nativeStatus().orElseThrow());
            assertTrue(e.getMessage().contains("threw once"), e.getMessage());
        }
    }

    @Test
    void pointerReturningUpcallReturnsNullOnFailure() throws Throwable {
        FunctionDescriptor fd = FunctionDescriptor.of(C_POINTER, C_POINTER);
        java.util.function.UnaryOperator<Object> failing = x -> {
            throw new IllegalStateException("boom");
        };
        MethodHandle target = MethodHandles.lookup().findVirtual(java.util.function.UnaryOperator.class, "apply",
                MethodType.methodType(Object.class, Object.class)).bindTo(failing);
        try (Arena arena = Arena.ofConfined()) {
            Upcall upcall = Upcall.create(arena, fd, target, MemorySegment.NULL);
            MemorySegment result = (MemorySegment) callThroughNative(upcall).invokeExact(MemorySegment.ofAddress(16));
            assertEquals(MemorySegment.NULL, result);
            assertEquals("boom", upcall.firstFailure().orElseThrow().getMessage());
        }
    }

    @Test
    void nativeCodeCallingBackIntoJava() throws Throwable {
        assumeTrue(LibrarySearchTest.isLinux(), "uses qsort from libc.so.6");
        try (NativeLibrary libc = LibrarySearch.forNames("libc.so.6").environment(Map.of()).probe().orElseThrow();
             Arena arena = Arena.ofConfined()) {
            MethodHandle qsort = libc.downcall("qsort", FunctionDescriptor.ofVoid(C_POINTER, C_SIZE_T, C_SIZE_T, C_POINTER));
            MethodHandle compare = MethodHandles.lookup().findStatic(UpcallTest.class, "compareInts",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
            FunctionDescriptor compareFd = FunctionDescriptor.of(C_INT,
                    C_POINTER.withTargetLayout(ValueLayout.JAVA_INT), C_POINTER.withTargetLayout(ValueLayout.JAVA_INT));
            Upcall comparator = Upcall.create(arena, compareFd, compare, 0);
            MemorySegment array = arena.allocateFrom(ValueLayout.JAVA_INT, 5, -2, 9, 0, 3);
            qsort.invokeExact(array, 5L, 4L, comparator.address());
            comparator.throwIfFailed("sorting with qsort");
            assertArrayEquals(new int[] {-2, 0, 3, 5, 9}, array.toArray(ValueLayout.JAVA_INT));
        }
    }

    static int compareInts(MemorySegment a, MemorySegment b) {
        return Integer.compare(a.get(ValueLayout.JAVA_INT, 0), b.get(ValueLayout.JAVA_INT, 0));
    }

    @Test
    void badFailureValuesAndTargetsAreRejectedUpFront() throws Exception {
        MethodHandle target = MethodHandles.lookup().findStatic(UpcallTest.class, "divide",
                MethodType.methodType(int.class, int.class, int.class));
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> Upcall.create(arena, INT_INT_TO_INT, target, null));
            assertThrows(IllegalArgumentException.class, () -> Upcall.create(arena, INT_INT_TO_INT, target, 5L));
            assertThrows(IllegalArgumentException.class,
                    () -> Upcall.create(arena, FunctionDescriptor.ofVoid(), Runnable.class, () -> { }, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> Upcall.create(arena, FunctionDescriptor.ofVoid(C_POINTER), target, null));
            assertThrows(IllegalArgumentException.class,
                    () -> Upcall.create(arena, INT_INT_TO_INT, Object.class, new Object(), 0));
        }
    }

    @Test
    void closingTheArenaFreesTheStub() {
        IntBinaryOperator add = Integer::sum;
        Arena arena = Arena.ofConfined();
        Upcall upcall = Upcall.create(arena, INT_INT_TO_INT, IntBinaryOperator.class, add, 0);
        MethodHandle call = callThroughNative(upcall);
        arena.close();
        assertThrows(IllegalStateException.class, () -> {
            int ignored = (int) call.invokeExact(1, 2);
        });
        assertSame(upcall.address().scope(), arena.scope());
    }
}
