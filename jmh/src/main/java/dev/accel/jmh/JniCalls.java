package dev.accel.jmh;

/**
 * The JNI side of {@link NativeCallBenchmark}: native methods bound to the entry points in
 * {@code src/main/c/accel_jmh_calls.c}, which call the same C functions the benchmark's downcalls call. The
 * library must be loaded first ({@link NativeCallLibrary#load()}).
 */
final class JniCalls {
    private JniCalls() {
    }

    /** Calls {@code accel_noop()}. */
    static native int noop();

    /** Calls {@code accel_sum(address, n)}: {@code n} ints at a native address. */
    static native long sumAddress(long address, long n);

    /** Calls {@code accel_sum} on {@code array}'s elements, pinned with {@code GetPrimitiveArrayCritical}. */
    static native long sumArray(int[] array, long n);
}
