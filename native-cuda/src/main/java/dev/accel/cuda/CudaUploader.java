package dev.accel.cuda;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Uploads a host region (a mapped store file, or any host memory) to new device memory.
 *
 * <p>The default path is <b>double-buffered pinned staging on two streams</b>: the region is cut into chunks
 * ({@value #DEFAULT_CHUNK_BYTES} bytes by default); chunk {@code i} is copied by the CPU (split over several
 * threads, reading the page cache) into pinned buffer {@code i % 2}, then sent to the device with
 * {@code cuMemcpyHtoDAsync} on stream {@code i % 2}, and an event is recorded after it. Before buffer
 * {@code b} is refilled, the host waits for the event of its previous send. So the CPU fills one buffer while
 * the DMA engine empties the other. The two pinned buffers belong to the device and are kept between uploads
 * ({@link CudaDevice#emptyCache()} frees them); uploads on one device take turns using them.
 *
 * <p>{@link #uploadRegistered} instead pins the region itself with {@code cuMemHostRegister}
 * ({@link HostRegistration}) and copies it in one call; when the driver refuses, it stages, and the
 * {@link Result#note()} says why. Pinned sources are copied directly.
 */
public final class CudaUploader {
    /** Default staging chunk: 64 MiB. */
    public static final long DEFAULT_CHUNK_BYTES = 64L << 20;

    /** How the bytes went. */
    public enum Route { STAGED, REGISTERED, DIRECT_PINNED }

    /** The uploaded memory and how it got there. */
    public record Result(Memory memory, Route route, long bytes, long nanos, String note) {
        /** Throughput in GB/s (10^9 bytes per second). */
        public double gigabytesPerSecond() {
            return nanos == 0 ? 0 : bytes / (double) nanos;
        }
    }

    /** The steps of a staged upload, separated so the ordering can be tested without a GPU. */
    interface StagingSteps {
        /** Copies {@code bytes} of the source at {@code srcOffset} into pinned buffer {@code buffer}. */
        void fill(int buffer, long srcOffset, long bytes);

        /** Queues the copy of buffer {@code buffer} to the destination at {@code dstOffset}, then records its event. */
        void send(int buffer, long dstOffset, long bytes);

        /** Waits until the last send of {@code buffer} has finished. */
        void awaitSent(int buffer);

        /** Waits for every queued send. */
        void finish();
    }

    private final CudaDevice device;
    private final long chunkBytes;
    private final int copyThreads;

    public CudaUploader(CudaDevice device) {
        this(device, DEFAULT_CHUNK_BYTES, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param chunkBytes  size of each pinned staging buffer (two are used)
     * @param copyThreads threads that fill a staging buffer (page-cache reads are memory-bound: more than one
     *                    thread is needed to keep up with PCIe 5 / NVLink-C2C rates)
     */
    public CudaUploader(CudaDevice device, long chunkBytes, int copyThreads) {
        this.device = Objects.requireNonNull(device, "device");
        if (chunkBytes < 4096) {
            throw new IllegalArgumentException("chunkBytes must be at least 4096, got " + chunkBytes);
        }
        if (copyThreads < 1) {
            throw new IllegalArgumentException("copyThreads must be >= 1, got " + copyThreads);
        }
        this.chunkBytes = chunkBytes;
        this.copyThreads = copyThreads;
    }

    /** The chunk schedule: for each chunk, which buffer it uses; the steps are called in pipeline order. */
    static void pipeline(long total, long chunk, StagingSteps steps) {
        long chunks = (total + chunk - 1) / chunk;
        for (long c = 0; c < chunks; c++) {
            int buffer = (int) (c & 1);
            long offset = c * chunk;
            long n = Math.min(chunk, total - offset);
            if (c >= 2) {
                steps.awaitSent(buffer);
            }
            steps.fill(buffer, offset, n);
            steps.send(buffer, offset, n);
        }
        steps.finish();
    }

    /** Uploads {@code src} through pinned staging (or directly when it is pinned already). */
    public Result upload(Memory src, MemoryScope scope) {
        checkSource(src);
        long start = System.nanoTime();
        Memory dst = device.allocate(scope, MemoryKind.DEVICE, src.byteSize());
        if (src.kind() == MemoryKind.PINNED_HOST) {
            copyDirect(src.hostSegment(), dst);
            return new Result(dst, Route.DIRECT_PINNED, src.byteSize(), System.nanoTime() - start, "source is pinned");
        }
        staged(src.hostSegment(), dst);
        return new Result(dst, Route.STAGED, src.byteSize(), System.nanoTime() - start,
                "double-buffered pinned staging, " + (chunkBytes >> 20) + " MiB chunks, " + copyThreads + " copy threads");
    }

    /**
     * Uploads {@code src} after pinning it in place with {@code cuMemHostRegister}; if the driver refuses, stages
     * instead and reports the refusal in {@link Result#note()}.
     */
    public Result uploadRegistered(Memory src, MemoryScope scope) {
        checkSource(src);
        long start = System.nanoTime();
        HostRegistration.Result r = device.register(src);
        if (r instanceof HostRegistration.Result.Registered(HostRegistration registration)) {
            try (registration) {
                Memory dst = device.allocate(scope, MemoryKind.DEVICE, src.byteSize());
                copyDirect(src.hostSegment(), dst);
                return new Result(dst, Route.REGISTERED, src.byteSize(), System.nanoTime() - start,
                        "cuMemHostRegister flags 0x" + Integer.toHexString(registration.flags()));
            }
        }
        HostRegistration.Result.Refused refused = (HostRegistration.Result.Refused) r;
        Result staged = upload(src, scope);
        return new Result(staged.memory(), Route.STAGED, staged.bytes(), System.nanoTime() - start,
                "registration refused (" + refused.reason() + "); staged instead: " + staged.note());
    }

    private static void checkSource(Memory src) {
        if (!src.kind().isHostAccessible()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "upload needs host memory (HOST, PINNED_HOST or MAPPED_FILE), got " + src);
        }
    }

    private void copyDirect(MemorySegment src, Memory dst) {
        device.makeCurrent();
        CudaStream stream = device.opStream();
        device.driver().check(device.driver().raw.cuMemcpyHtoDAsync(dst.rawSegment().address(), src, src.byteSize(), stream.handle()),
                "cuMemcpyHtoDAsync of " + src.byteSize() + " bytes");
        stream.synchronize();
    }

    private void staged(MemorySegment src, Memory dst) {
        long total = src.byteSize();
        if (total == 0) {
            return;
        }
        long chunk = Math.min(chunkBytes, total);
        long base = dst.rawSegment().address();
        device.withStagingBuffers(chunk, buffers -> {
            try (CudaStream s0 = device.newStream(); CudaStream s1 = device.newStream()) {
                CudaStream[] streams = {s0, s1};
                CudaEvent[] sent = new CudaEvent[2];
                try {
                    pipeline(total, chunk, new StagingSteps() {
                        @Override
                        public void fill(int buffer, long srcOffset, long bytes) {
                            parallelCopy(src, srcOffset, buffers[buffer], bytes);
                        }

                        @Override
                        public void send(int buffer, long dstOffset, long bytes) {
                            device.driver().check(device.driver().raw.cuMemcpyHtoDAsync(base + dstOffset, buffers[buffer], bytes,
                                    streams[buffer].handle()), "cuMemcpyHtoDAsync of " + bytes + " bytes (staged)");
                            if (sent[buffer] != null) {
                                sent[buffer].close();
                            }
                            sent[buffer] = streams[buffer].record();
                        }

                        @Override
                        public void awaitSent(int buffer) {
                            sent[buffer].synchronize();
                        }

                        @Override
                        public void finish() {
                            s0.synchronize();
                            s1.synchronize();
                        }
                    });
                } finally {
                    for (CudaEvent e : sent) {
                        if (e != null) {
                            e.close();
                        }
                    }
                }
            }
            return null;
        });
    }

    private void parallelCopy(MemorySegment src, long srcOffset, MemorySegment dst, long bytes) {
        int parts = (int) Math.max(1, Math.min(copyThreads, bytes / (1 << 20)));
        long slice = ((bytes / parts) + 4095) & ~4095L;
        IntStream.range(0, parts).parallel().forEach(p -> {
            long off = p * slice;
            long n = Math.min(slice, bytes - off);
            if (n > 0) {
                MemorySegment.copy(src, srcOffset + off, dst, off, n);
            }
        });
    }
}
