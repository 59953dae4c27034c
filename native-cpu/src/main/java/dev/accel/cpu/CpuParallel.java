package dev.accel.cpu;

import dev.accel.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Splits a range of work over the machine's cores: the calling thread runs the first chunk, a small
 * shared pool of daemon threads ({@code cores - 1}) the others. A chunk that no worker has started by
 * the time the caller is done with its own is run by the caller, so concurrent callers never wait on
 * each other's queued work. Small ranges, and ranges over memory of a confined scope (which other threads
 * may not touch), run on the calling thread only.
 *
 * <p><b>Spinning.</b> A worker that finds the queue empty polls it for {@link #SPIN_MICROS} before it blocks, as
 * ONNX Runtime's and OpenMP's pools do: an inference runs its parallel ops a few microseconds apart, and a blocked
 * thread takes long to wake, above all in a virtual machine whose idle virtual CPU the host has descheduled.
 * Measured on 2 Zen 3 vCPUs (KVM), 30 us chunks 0 to 500 us apart: the worker started its chunk a median 9 to 34 us
 * after it was queued when blocking at once (so a 60 us op split in two often ran on the caller alone, which took the
 * second half when done with its own), 1.0 to 1.5 us when spinning for 1 ms.
 * The cost is up to {@code SPIN_MICROS} of one core's time after each burst of parallel work; set the system property
 * {@value #SPIN_PROPERTY} (microseconds, 0 = block at once) to change it.
 */
final class CpuParallel {
    /** The system property that sets {@link #SPIN_MICROS}. */
    static final String SPIN_PROPERTY = "accel.cpu.spinMicros";

    /** How long an idle worker polls for work before it blocks: {@value #SPIN_PROPERTY}, default 200 us. */
    static final long SPIN_MICROS = Math.max(0, Long.getLong(SPIN_PROPERTY, 200));

    /** Work (elements, or multiply-adds) below which an op stays on the calling thread. */
    static final long MIN_PARALLEL_WORK = 1L << 16;

    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final LinkedBlockingQueue<Chunk> QUEUE = new LinkedBlockingQueue<>();
    private static final List<Thread> WORKERS = startWorkers();

    /** The body of a parallel loop: processes items {@code [from, to)}. */
    @FunctionalInterface
    interface RangeBody {
        void run(long from, long to);
    }

    private CpuParallel() {
    }

    private static List<Thread> startWorkers() {
        List<Thread> list = new ArrayList<>();
        for (int i = 1; i < THREADS; i++) {
            Thread t = Thread.ofPlatform().daemon().name("accel-cpu-" + i).unstarted(CpuParallel::workLoop);
            t.start();
            list.add(t);
        }
        return List.copyOf(list);
    }

    private static void workLoop() {
        while (true) {
            Chunk c;
            try {
                long deadline = System.nanoTime() + SPIN_MICROS * 1000;
                while (QUEUE.isEmpty() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                c = QUEUE.take();
            } catch (InterruptedException e) {
                continue; // daemon workers live as long as the JVM
            }
            c.runIfUnclaimed();
        }
    }

    /** True when worker threads may read and write every tensor's memory (no confined scopes). */
    static boolean shareable(Tensor... tensors) {
        if (WORKERS.isEmpty()) {
            return false;
        }
        Thread probe = WORKERS.getFirst();
        for (Tensor t : tensors) {
            if (t != null && !t.memory().hostSegment().isAccessibleBy(probe)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs {@code body} over {@code [0, n)}, in up to one chunk per core when {@code n * workPerItem} reaches
     * {@link #MIN_PARALLEL_WORK} and {@code shareable}; otherwise in one call on this thread.
     */
    static void forRange(long n, long workPerItem, boolean shareable, RangeBody body) {
        if (n <= 0) {
            return;
        }
        double work = (double) n * Math.max(1, workPerItem);
        int chunks = (int) Math.min(Math.min(THREADS, n), Math.max(1, (long) (work / MIN_PARALLEL_WORK)));
        if (!shareable || chunks <= 1) {
            body.run(0, n);
            return;
        }
        Chunk[] others = new Chunk[chunks - 1];
        for (int i = 1; i < chunks; i++) {
            others[i - 1] = new Chunk(n * i / chunks, n * (i + 1) / chunks, body);
            QUEUE.add(others[i - 1]);
        }
        Throwable failure = null;
        try {
            body.run(0, n / chunks);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Chunk c : others) {
            c.runIfUnclaimed(); // not started by a worker yet: do it here
        }
        for (Chunk c : others) {
            c.await();
            if (c.failure != null) {
                if (failure == null) {
                    failure = c.failure;
                } else {
                    failure.addSuppressed(c.failure);
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
    }

    /** One part of a range: run exactly once, by whichever thread claims it first. */
    private static final class Chunk {
        private final long from;
        private final long to;
        private final RangeBody body;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Throwable failure;

        Chunk(long from, long to, RangeBody body) {
            this.from = from;
            this.to = to;
            this.body = body;
        }

        void runIfUnclaimed() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                body.run(from, to);
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                done.countDown();
            }
        }

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the chunk touches the caller's memory: wait for it regardless
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
