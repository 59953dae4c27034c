/*
 * The C side of NativeCallBenchmark: the functions Java calls through java.lang.foreign (accel_noop,
 * accel_sum) and the JNI entry points of dev.accel.jmh.JniCalls that call the same functions. One library
 * holds both, built by jmh/src/main/c/build.sh when Maven builds the module.
 */
#include <jni.h>
#include <stdint.h>

/* Does nothing: the cost of a call is all that is measured. */
int accel_noop(void) {
    return 0;
}

/* The sum of n 32-bit ints starting at p. */
int64_t accel_sum(const int32_t *p, int64_t n) {
    int64_t s = 0;
    for (int64_t i = 0; i < n; i++) {
        s += p[i];
    }
    return s;
}

JNIEXPORT jint JNICALL Java_dev_accel_jmh_JniCalls_noop(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return accel_noop();
}

/* An off-heap buffer passed by address, as JNI code receives a direct buffer's address or a segment's. */
JNIEXPORT jlong JNICALL Java_dev_accel_jmh_JniCalls_sumAddress(JNIEnv *env, jclass cls, jlong address, jlong n) {
    (void) env;
    (void) cls;
    return (jlong) accel_sum((const int32_t *) (intptr_t) address, (int64_t) n);
}

/* A heap array, pinned with GetPrimitiveArrayCritical: JNI's cheapest way to read a Java array in place. */
JNIEXPORT jlong JNICALL Java_dev_accel_jmh_JniCalls_sumArray(JNIEnv *env, jclass cls, jintArray array, jlong n) {
    (void) cls;
    int32_t *p = (*env)->GetPrimitiveArrayCritical(env, array, NULL);
    if (p == NULL) {
        return 0; /* an OutOfMemoryError is pending; Java sees it on return */
    }
    int64_t s = accel_sum(p, (int64_t) n);
    (*env)->ReleasePrimitiveArrayCritical(env, array, p, JNI_ABORT); /* read only: nothing to copy back */
    return (jlong) s;
}
