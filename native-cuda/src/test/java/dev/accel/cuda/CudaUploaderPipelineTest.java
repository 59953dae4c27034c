package dev.accel.cuda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The staging schedule of {@link CudaUploader}, checked with recording steps instead of a GPU. */
class CudaUploaderPipelineTest {

    /** Simulates two buffers and checks that a buffer is never refilled before its previous send finished. */
    static final class Recorder implements CudaUploader.StagingSteps {
        final List<String> log = new ArrayList<>();
        final boolean[] inFlight = new boolean[2];
        long covered;
        long nextSrc;
        boolean finished;

        @Override
        public void fill(int buffer, long srcOffset, long bytes) {
            assertTrue(!inFlight[buffer], "buffer " + buffer + " refilled while its send is in flight");
            assertEquals(nextSrc, srcOffset, "chunks are filled in order, without gaps");
            nextSrc += bytes;
            log.add("fill " + buffer + " @" + srcOffset + "+" + bytes);
        }

        @Override
        public void send(int buffer, long dstOffset, long bytes) {
            inFlight[buffer] = true;
            covered += bytes;
            log.add("send " + buffer + " @" + dstOffset + "+" + bytes);
        }

        @Override
        public void awaitSent(int buffer) {
            inFlight[buffer] = false;
            log.add("await " + buffer);
        }

        @Override
        public void finish() {
            finished = true;
            inFlight[0] = false;
            inFlight[1] = false;
            log.add("finish");
        }
    }

    @Test
    void alternatesBuffersAndWaitsBeforeReuse() {
        Recorder r = new Recorder();
        CudaUploader.pipeline(10, 4, r);
        assertEquals(List.of(
                "fill 0 @0+4", "send 0 @0+4",
                "fill 1 @4+4", "send 1 @4+4",
                "await 0", "fill 0 @8+2", "send 0 @8+2",
                "finish"), r.log);
    }

    @Test
    void coversEveryByteForManySizes() {
        for (long total : new long[] {1, 4095, 4096, 4097, 64L << 20, (1L << 30) + 12345}) {
            for (long chunk : new long[] {4096, 1 << 20, 64L << 20}) {
                Recorder r = new Recorder();
                CudaUploader.pipeline(total, Math.min(chunk, total), r);
                assertEquals(total, r.covered, "total " + total + " chunk " + chunk);
                assertTrue(r.finished);
                long chunks = (total + Math.min(chunk, total) - 1) / Math.min(chunk, total);
                assertEquals(Math.max(0, chunks - 2), r.log.stream().filter(s -> s.startsWith("await")).count());
            }
        }
    }
}
