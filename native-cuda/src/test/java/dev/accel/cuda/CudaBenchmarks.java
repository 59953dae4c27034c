package dev.accel.cuda;

import dev.accel.backend.BinaryOp;
import dev.accel.backend.Ops;
import dev.accel.cuda.ops.GemmSpec;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The CUDA measurements of issue 6, for a GPU machine (run by {@code gpu-bundle/run.sh}): upload of a mapped
 * file, bf16 GEMM 8192³, f32 elementwise add of 1 GiB tensors against a device-to-device copy, and the cost of
 * one op launch from Java. GPU work is timed with CUDA events on the op stream (the device's own clock); the
 * upload and the launch cost with {@link System#nanoTime()} around synchronized work. Best of several runs after
 * warm-up. Prints a Markdown table and writes it to the file named by the first argument, if any; the second
 * argument names a JSON file in JMH's result format ({@code dev.accel.jmh.CudaBenchmark.<method>}, every sample
 * kept), which {@code scripts/bench.sh --report} puts next to PyTorch's {@code cuda_anchor.py} results.
 *
 * <p>Sizes can be lowered with {@code -Daccel.bench.uploadMiB=}, {@code -Daccel.bench.gemmN=},
 * {@code -Daccel.bench.addMiB=}. Not a test: it is a {@code main}.
 */
public final class CudaBenchmarks {
    private final CudaDevice gpu;
    private final List<String> rows = new ArrayList<>();
    private final JmhJson json = new JmhJson();
    /** Keeps the page-cache warm-up read from being optimized away. */
    static volatile long sink;

    private CudaBenchmarks(CudaDevice gpu) {
        this.gpu = gpu;
    }

    public static void main(String[] args) throws IOException {
        CudaBackend backend = new CudaBackend();
        if (!backend.availability().available()) {
            System.out.println("CUDA benchmarks skipped: " + backend.availability().reason());
            return;
        }
        CudaDevice gpu = (CudaDevice) backend.devices().getFirst();
        CudaBenchmarks b = new CudaBenchmarks(gpu);
        b.upload(Long.getLong("accel.bench.uploadMiB", 1024) << 20);
        b.gemm(Integer.getInteger("accel.bench.gemmN", 8192));
        b.add(Long.getLong("accel.bench.addMiB", 1024) << 20);
        b.launchCost();
        StringBuilder out = new StringBuilder();
        out.append("Device: ").append(gpu.description()).append("; ").append(backend.availability().reason())
                .append("; Java ").append(Runtime.version()).append('\n').append('\n');
        out.append("| what | measured | goal |\n| --- | --- | --- |\n");
        b.rows.forEach(r -> out.append(r).append('\n'));
        System.out.print(out);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), out.toString());
        }
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), b.json.render(gpu.description()));
        }
    }

    private void row(String what, String measured, String goal) {
        String r = "| " + what + " | " + measured + " | " + goal + " |";
        System.out.println(r);
        rows.add(r);
    }

    private void upload(long bytes) throws IOException {
        Path dir = Path.of(System.getProperty("accel.bench.dir", System.getProperty("java.io.tmpdir")));
        Path file = Files.createTempFile(dir, "accel-upload-", ".bin");
        try {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer block = ByteBuffer.allocateDirect(8 << 20);
                new Random(1).ints(block.capacity() / 4).forEach(block::putInt);
                for (long written = 0; written < bytes; ) {
                    block.clear().limit((int) Math.min(block.capacity(), bytes - written));
                    written += ch.write(block);
                }
            }
            try (MemoryScope scope = MemoryScope.confined()) {
                Memory mapped = Memory.mapFile(file, scope);
                // read once so the file is in the page cache (the case the goal is about)
                long sum = 0;
                for (long off = 0; off < mapped.byteSize(); off += 4096) {
                    sum += mapped.hostSegment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, off);
                }
                sink = sum;
                CudaUploader uploader = new CudaUploader(gpu);
                double best = 0;
                List<Double> seconds = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    try (MemoryScope out = MemoryScope.confined()) {
                        double gbs = uploader.upload(mapped, out).gigabytesPerSecond();
                        best = Math.max(best, gbs);
                        seconds.add(bytes / (gbs * 1e9));
                    }
                }
                // PyTorch's pageable row copies ordinary host memory; ours is the page-cache mapping through staging.
                json.rate("uploadPageable", seconds, bytes, "bytes");
                row("upload of a " + (bytes >> 20) + " MiB mapped file (page cache), pinned staging", fmt(best) + " GB/s", ">= 45 GB/s");
                try (MemoryScope out = MemoryScope.confined()) {
                    CudaUploader.Result r = uploader.uploadRegistered(mapped, out);
                    row("same, cuMemHostRegister route (" + r.route() + ")", fmt(r.gigabytesPerSecond()) + " GB/s; " + r.note(), "");
                }
                gpu.emptyCache();
                try (MemoryScope out = MemoryScope.confined()) {
                    Memory pinned = gpu.allocate(out, MemoryKind.PINNED_HOST, bytes);
                    double bestPinned = 0;
                    List<Double> pinnedSeconds = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        try (MemoryScope o2 = MemoryScope.confined()) {
                            double gbs = uploader.upload(pinned, o2).gigabytesPerSecond();
                            bestPinned = Math.max(bestPinned, gbs);
                            pinnedSeconds.add(bytes / (gbs * 1e9));
                        }
                    }
                    json.rate("uploadPinned", pinnedSeconds, bytes, "bytes");
                    row("anchor: copy from pinned host memory (one cuMemcpyHtoDAsync)", fmt(bestPinned) + " GB/s", "");
                }
                gpu.emptyCache();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The best of {@code iterations} timings in ms; every timing is appended to {@code samplesMs} when it is not null. */
    private float timeOnOpStream(Runnable work, int iterations) {
        return timeOnOpStream(work, iterations, null);
    }

    private float timeOnOpStream(Runnable work, int iterations, List<Double> samplesMs) {
        CudaStream s = gpu.opStream();
        float best = Float.MAX_VALUE;
        for (int i = 0; i < iterations; i++) {
            try (CudaEvent start = s.recordTimed()) {
                work.run();
                try (CudaEvent end = s.recordTimed()) {
                    end.synchronize();
                    float ms = CudaEvent.elapsedMillis(start, end);
                    best = Math.min(best, ms);
                    if (samplesMs != null) {
                        samplesMs.add((double) ms);
                    }
                }
            }
        }
        return best;
    }

    private void gemm(int n) {
        try (MemoryScope scope = MemoryScope.confined()) {
            Tensor host = Tensor.zeros(scope, DType.BF16, (long) n * n);
            Random r = new Random(2);
            var seg = host.asSegment();
            for (long i = 0; i < (long) n * n; i++) {
                float v = (float) (r.nextGaussian() * 0.1);
                seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_SHORT, i, (short) (Float.floatToRawIntBits(v) >>> 16));
            }
            Tensor a = host.to(gpu, scope);
            Tensor b = host.to(gpu, scope);
            Tensor c = Tensor.empty(gpu, scope, DType.BF16, (long) n * n);
            CudaKernels k = gpu.kernelRuntime();
            GemmSpec spec = new GemmSpec(DType.BF16, false, false, false, n, n, n, 1.0,
                    k.deviceAddress(a), n, 0, k.deviceAddress(b), n, 0, 0.0, k.deviceAddress(c), n, 0, 1);
            Runnable run = () -> k.gemm(spec);
            timeOnOpStream(run, 3);
            List<Double> samples = new ArrayList<>();
            float ms = timeOnOpStream(run, 10, samples);
            json.rate("gemmBf16", samples.stream().map(x -> x * 1e-3).toList(), 2.0 * n * n * (double) n, "flop");
            double tflops = 2.0 * n * n * (double) n / (ms * 1e-3) / 1e12;
            row("bf16 GEMM " + n + "³ (cuBLAS, f32 accumulate)", fmt(tflops) + " TFLOP/s (" + fmt(ms) + " ms)", ">= 740 TFLOP/s");
        }
        gpu.emptyCache();
    }

    private void add(long bytes) {
        long n = bytes / 4;
        try (MemoryScope scope = MemoryScope.confined()) {
            Tensor a = Tensor.empty(gpu, scope, DType.F32, n);
            Tensor b = Tensor.empty(gpu, scope, DType.F32, n);
            Tensor out = Tensor.empty(gpu, scope, DType.F32, n);
            gpu.driver().check(gpu.driver().raw.cuMemsetD8Async(gpu.deviceAddress(a), (byte) 0, bytes, gpu.opStream().handle()), "memset");
            gpu.driver().check(gpu.driver().raw.cuMemsetD8Async(gpu.deviceAddress(b), (byte) 0, bytes, gpu.opStream().handle()), "memset");
            Ops ops = gpu.ops();
            Runnable add = () -> ops.binary(BinaryOp.ADD, a, b, out);
            timeOnOpStream(add, 3);
            List<Double> samples = new ArrayList<>();
            float ms = timeOnOpStream(add, 10, samples);
            json.rate("addF32", samples.stream().map(x -> x * 1e-3).toList(), 3.0 * bytes, "bytes");
            row("f32 add, " + (bytes >> 20) + " MiB tensors (2 reads + 1 write)", fmt(3.0 * bytes / (ms * 1e-3) / 1e12) + " TB/s (" + fmt(ms) + " ms)", ">= 2.4 TB/s");
            Runnable copy = () -> gpu.driver().check(gpu.driver().raw.cuMemcpyDtoDAsync(gpu.deviceAddress(out), gpu.deviceAddress(a), bytes,
                    gpu.opStream().handle()), "copy");
            timeOnOpStream(copy, 3);
            float copyMs = timeOnOpStream(copy, 10);
            row("anchor: device-to-device copy of " + (bytes >> 20) + " MiB (1 read + 1 write)", fmt(2.0 * bytes / (copyMs * 1e-3) / 1e12) + " TB/s", "");
        }
        gpu.emptyCache();
    }

    private void launchCost() {
        try (MemoryScope scope = MemoryScope.confined()) {
            Tensor a = Tensor.empty(gpu, scope, DType.F32, 1024);
            Tensor out = Tensor.empty(gpu, scope, DType.F32, 1024);
            Ops ops = gpu.ops();
            for (int i = 0; i < 2000; i++) {
                ops.binary(BinaryOp.ADD, a, a, out);
            }
            gpu.opStream().synchronize();
            int calls = 20000;
            double best = Double.MAX_VALUE;
            List<Double> microseconds = new ArrayList<>();
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    ops.binary(BinaryOp.ADD, a, a, out);
                }
                long t1 = System.nanoTime();
                gpu.opStream().synchronize();
                best = Math.min(best, (t1 - t0) / 1e3 / calls);
                microseconds.add((t1 - t0) / 1e3 / calls);
            }
            json.time("launch", microseconds);
            row("cost of one op launch from Java (add of 1024 f32, host time per call)", fmt(best) + " µs", "<= 5 µs");
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

}
