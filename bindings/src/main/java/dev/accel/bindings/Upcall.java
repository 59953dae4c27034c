package dev.accel.bindings;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.WrongMethodTypeException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Java method handed to native code as a C function pointer (an upcall stub), made safe against
 * exceptions.
 *
 * <p><b>The rule this class exists for:</b> an exception that escapes a Java upcall into native
 * frames cannot be propagated; the JVM prints it and <em>terminates the process</em>. So every
 * {@code Upcall} wraps its target: any {@link Throwable} it throws is caught, recorded here, and the
 * stub returns the caller-given {@code valueOnFailure} to native code (e.g. an error status, or
 * {@code 0}/{@link MemorySegment#NULL}), which the library then handles as it would a failing
 * callback. After the native call that used the callback returns, the binding calls
 * {@link #throwIfFailed(String)} to surface the Java failure on the calling thread.
 *
 * <pre>{@code
 * try (Arena arena = Arena.ofConfined()) {
 *     MethodHandle compare = MethodHandles.lookup().findStatic(Sorting.class, "compare",
 *             MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
 *     Upcall comparator = Upcall.create(arena, COMPARE_DESCRIPTOR, compare, 0);
 *     qsort.invokeExact(array, count, 4L, comparator.address());
 *     comparator.throwIfFailed("sorting with qsort");
 * }
 * }</pre>
 *
 * <p>The stub lives as long as the arena given to {@link #create}: native code that calls it after
 * that arena closed crashes the JVM; that is the caller's to prevent (e.g. by keeping the arena
 * open until the library has been told to forget the callback). Native code may call the stub
 * from any thread; the failure record is thread-safe.
 */
public final class Upcall {
    private static final MethodHandle RECORD;

    static {
        try {
            RECORD = MethodHandles.lookup().findVirtual(Upcall.class, "record",
                    MethodType.methodType(void.class, Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Upcall.record must exist", e);
        }
    }

    private final MemorySegment address;
    private final FunctionDescriptor descriptor;
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final AtomicLong failureCount = new AtomicLong();

    private Upcall(FunctionDescriptor descriptor, MethodHandle target, Object valueOnFailure, Arena arena) {
        this.descriptor = descriptor;
        MethodHandle guarded = guard(target, valueOnFailure);
        this.address = Linker.nativeLinker().upcallStub(guarded, descriptor, arena);
    }

    /**
     * Creates a stub calling {@code target}.
     *
     * @param arena          owns the stub; it is freed when the arena closes
     * @param descriptor     the C signature native code calls it with
     * @param target         the Java code; its type is adapted to {@code descriptor.toMethodType()}
     *                       as by {@link MethodHandle#asType}
     * @param valueOnFailure what the stub returns to native code when {@code target} throws:
     *                       {@code null} for a {@code void} descriptor, otherwise a value of the
     *                       return type (a boxed primitive, or a {@link MemorySegment} such as
     *                       {@link MemorySegment#NULL})
     * @throws IllegalArgumentException if {@code target} cannot be adapted to the descriptor, or
     *                                  {@code valueOnFailure} does not fit its return type
     * @throws AccelException           with {@link ErrorCode#BACKEND_UNAVAILABLE} if native access is
     *                                  not enabled (see {@link NativeAccess})
     */
    public static Upcall create(Arena arena, FunctionDescriptor descriptor, MethodHandle target, Object valueOnFailure) {
        Objects.requireNonNull(arena, "arena");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(target, "target");
        NativeAccess.check();
        MethodType type = descriptor.toMethodType();
        MethodHandle adapted;
        try {
            adapted = target.asType(type);
        } catch (WrongMethodTypeException e) {
            throw new IllegalArgumentException("upcall target of type " + target.type()
                    + " does not fit the descriptor " + descriptor + " (" + type + ")", e);
        }
        return new Upcall(descriptor, adapted, valueOnFailure, arena);
    }

    /**
     * Creates a stub calling {@code implementation}, typically a lambda, through the single abstract
     * method of {@code functionalInterface}. The interface must be public and in a package exported
     * to everyone (the JDK's own functional interfaces, such as
     * {@link java.util.function.IntBinaryOperator}, qualify); otherwise use
     * {@link #create(Arena, FunctionDescriptor, MethodHandle, Object)} with a handle made by your own
     * {@link MethodHandles.Lookup}.
     *
     * @throws IllegalArgumentException if {@code functionalInterface} is not an accessible interface
     *                                  with exactly one abstract method, or for the reasons of
     *                                  {@link #create(Arena, FunctionDescriptor, MethodHandle, Object)}
     */
    public static <T> Upcall create(Arena arena, FunctionDescriptor descriptor, Class<T> functionalInterface,
                                    T implementation, Object valueOnFailure) {
        Objects.requireNonNull(implementation, "implementation");
        Method method = singleAbstractMethod(functionalInterface);
        MethodHandle handle;
        try {
            handle = MethodHandles.publicLookup().unreflect(method).bindTo(implementation);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(functionalInterface.getName()
                    + " is not public in an exported package; pass a MethodHandle made with your own Lookup", e);
        }
        return create(arena, descriptor, handle, valueOnFailure);
    }

    /** The stub's address, to pass to native code as the function pointer; valid while the arena is open. */
    public MemorySegment address() {
        return address;
    }

    /** The C signature of the stub. */
    public FunctionDescriptor descriptor() {
        return descriptor;
    }

    /** How many calls threw since creation or the last {@link #throwIfFailed}/{@link #clearFailures}. */
    public long failureCount() {
        return failureCount.get();
    }

    /** The first throwable caught since creation or the last {@link #throwIfFailed}/{@link #clearFailures}. */
    public Optional<Throwable> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    /** Forgets recorded failures. */
    public void clearFailures() {
        firstFailure.set(null);
        failureCount.set(0);
    }

    /**
     * Throws if any call threw since creation or the last time this was called, and forgets the
     * failures. Call it after the native call that used the callback returned.
     *
     * @param whatWasDone the native operation that called back, for the message
     * @throws AccelException whose cause is the first throwable caught; its code is that of the
     *                        cause when the cause is an {@link AccelException}, else
     *                        {@link ErrorCode#INTERNAL} (a callback must not throw)
     */
    public void throwIfFailed(String whatWasDone) {
        Objects.requireNonNull(whatWasDone, "whatWasDone");
        Throwable first = firstFailure.getAndSet(null);
        long count = failureCount.getAndSet(0);
        if (first == null) {
            return;
        }
        String message = whatWasDone + ": the Java callback threw " + (count == 1 ? "once" : count + " times")
                + "; first: " + first;
        if (first instanceof AccelException accel) {
            throw new AccelException(accel.code(), message, accel.nativeStatus().orElse(null), first);
        }
        throw new AccelException(ErrorCode.INTERNAL, message, first);
    }

    @Override
    public String toString() {
        return "Upcall[" + descriptor + " at 0x" + Long.toHexString(address.address()) + "]";
    }

    /** Records a failure; kept trivial, since it runs where nothing may throw. */
    private void record(Throwable failure) {
        failureCount.incrementAndGet();
        firstFailure.compareAndSet(null, failure);
    }

    /** {@code target} wrapped so that a throwable is recorded and {@code valueOnFailure} returned. */
    private MethodHandle guard(MethodHandle target, Object valueOnFailure) {
        MethodType type = target.type();
        Class<?> returnType = type.returnType();
        MethodHandle fallback; // () -> R
        if (returnType == void.class) {
            if (valueOnFailure != null) {
                throw new IllegalArgumentException("the descriptor returns void; valueOnFailure must be null, not " + valueOnFailure);
            }
            fallback = MethodHandles.empty(MethodType.methodType(void.class));
        } else {
            if (valueOnFailure == null) {
                throw new IllegalArgumentException("the descriptor returns " + returnType.getSimpleName()
                        + "; give a valueOnFailure for native code to receive when the callback throws"
                        + (returnType == MemorySegment.class ? " (e.g. MemorySegment.NULL)" : ""));
            }
            try {
                fallback = MethodHandles.constant(returnType, valueOnFailure);
            } catch (ClassCastException | IllegalArgumentException e) {
                throw new IllegalArgumentException("valueOnFailure " + valueOnFailure + " ("
                        + valueOnFailure.getClass().getSimpleName() + ") does not fit the return type " + returnType, e);
            }
        }
        MethodHandle recorder = RECORD.bindTo(this);                                  // (Throwable) -> void
        MethodHandle handler = MethodHandles.dropArguments(fallback, 0, Throwable.class); // (Throwable) -> R
        handler = MethodHandles.foldArguments(handler, recorder);                    // record, then return
        handler = MethodHandles.dropArguments(handler, 1, type.parameterList());      // (Throwable, args) -> R
        return MethodHandles.catchException(target, Throwable.class, handler);
    }

    private static Method singleAbstractMethod(Class<?> type) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface");
        }
        Method[] abstracts = Arrays.stream(type.getMethods())
                .filter(m -> Modifier.isAbstract(m.getModifiers()) && !isObjectMethod(m))
                .toArray(Method[]::new);
        if (abstracts.length != 1) {
            throw new IllegalArgumentException(type.getName() + " has " + abstracts.length
                    + " abstract methods; a functional interface has exactly one");
        }
        return abstracts[0];
    }

    private static boolean isObjectMethod(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
