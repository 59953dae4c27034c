/**
 * The reference CPU backend: host memory, synchronous streams, and every {@link dev.accel.backend.Ops} op
 * in Java with Vector API kernels. It needs no native access.
 */
module dev.accel.cpu {
    requires transitive dev.accel.runtime;
    requires jdk.incubator.vector;
    requires jdk.management;

    exports dev.accel.cpu;

    provides dev.accel.backend.Backend with dev.accel.cpu.CpuBackend;
}
