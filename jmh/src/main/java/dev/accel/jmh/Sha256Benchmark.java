package dev.accel.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The anchor of the store benchmarks: the JDK's SHA-256 ({@link MessageDigest}, intrinsified with the SHA
 * extensions where the CPU has them) over 1 MiB heap buffers, on one thread and on two. Every byte the store
 * imports, exports or verifies goes through this digest once, so it is the physical limit of import
 * throughput ({@link StoreImportBenchmark}).
 *
 * <p>Primary score: digests of 1 MiB per second (summed over threads); secondary metric {@code bytes}: bytes
 * hashed per second, so {@code GB/s = bytes / 1e9}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Sha256Benchmark {
    static final int SIZE = 1024 * 1024;

    private byte[] buffer;
    private MessageDigest md;

    /** Bytes hashed, reported by JMH as a rate next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
        buffer = new byte[SIZE];
        new SplittableRandom(Thread.currentThread().threadId()).nextBytes(buffer);
        md = MessageDigest.getInstance("SHA-256");
    }

    /** One thread hashing 1 MiB buffers. */
    @Benchmark
    @Threads(1)
    public byte[] oneThread(Bytes bytes) {
        md.update(buffer);
        bytes.bytes += SIZE;
        return md.digest();
    }

    /** Two threads, each hashing its own 1 MiB buffer (the machine's cores both busy). */
    @Benchmark
    @Threads(2)
    public byte[] twoThreads(Bytes bytes) {
        md.update(buffer);
        bytes.bytes += SIZE;
        return md.digest();
    }
}
