package dev.accel.cuda;

import dev.accel.backend.Availability;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Device;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The device layer on a real GPU: listing, allocation and the caching allocator, copies between every memory
 * kind with events, pinned and registered host memory, uploads of mapped files, and the kernel runtime under
 * the ops. Skips with the backend's reason where there is no usable GPU (CI, this project's dev machines).
 */
class CudaDeviceGpuTest {
    private static CudaBackend backend;
    private static CudaDevice gpu;

    @BeforeAll
    static void probe() {
        backend = new CudaBackend();
        Availability a = backend.availability();
        if (!a.available()) {
            System.out.println("[CudaDeviceGpuTest] skipped: " + a.reason());
            return;
        }
        gpu = (CudaDevice) backend.devices().getFirst();
        System.out.println("[CudaDeviceGpuTest] " + a.reason() + "; " + gpu.name() + ": " + gpu.description());
    }

    private static CudaDevice gpu() {
        assumeTrue(gpu != null, () -> "CUDA backend unavailable: " + backend.availability().reason());
        return gpu;
    }

    private static float[] randomFloats(int n, long seed) {
        Random r = new Random(seed);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) r.nextGaussian();
        }
        return f;
    }

    @Test
    void listsDevicesWithMemoryAndCapabilities() {
        CudaDevice d = gpu();
        assertEquals("cuda:0", d.name());
        assertTrue(d.description().contains("compute capability " + d.computeCapability()[0] + "."), d.description());
        assertTrue(d.totalMemory().orElseThrow() > 0);
        long free = d.freeMemory().orElseThrow();
        assertTrue(free > 0 && free <= d.totalMemory().orElseThrow());
        assertTrue(d.caps().asyncCopies() && d.caps().events() && d.caps().pinnedHost());
        assertTrue(d.architecture().matches("sm_\\d+"));
        assertEquals(MemoryKind.DEVICE, d.defaultMemoryKind());
    }

    @Test
    void freedDeviceMemoryIsReusedByTheCachingAllocator() {
        CudaDevice d = gpu();
        for (int i = 0; i < 3; i++) {
            try (MemoryScope scope = MemoryScope.confined()) {
                Memory m = d.allocate(scope, MemoryKind.DEVICE, 3 << 20);
                assertEquals(MemoryKind.DEVICE, m.kind());
            }
        }
        CachingAllocator.Stats s = d.allocatorStats();
        assertTrue(s.hits() >= 2, s.toString());
        assertTrue(s.cachedBytes() >= 3 << 20, s.toString());
        assertTrue(d.emptyCache() >= 3 << 20);
        assertEquals(0, d.allocatorStats().cachedBytes());
    }

    @Test
    void copiesBetweenEveryKindWithEvents() {
        CudaDevice d = gpu();
        float[] data = randomFloats(1 << 16, 1);
        try (MemoryScope scope = MemoryScope.confined(); CudaStream stream = d.newStream()) {
            Tensor host = Tensor.copyOf(scope, data, 256, 256);
            Tensor pinned = Tensor.empty(d, MemoryKind.PINNED_HOST, scope, DType.F32, 256, 256);
            Tensor dev1 = Tensor.empty(d, scope, DType.F32, 256, 256);
            Tensor dev2 = Tensor.empty(d, scope, DType.F32, 256, 256);
            Tensor back = Tensor.zeros(scope, DType.F32, 256, 256);
            stream.copy(host, pinned);
            stream.copy(pinned, dev1);
            stream.copy(dev1, dev2);
            CudaEvent done = stream.record();
            stream.copy(dev2, back);
            done.synchronize();
            assertTrue(done.isDone());
            done.close();
            stream.synchronize();
            assertArrayEquals(data, back.toFloatArray());
        }
    }

    @Test
    void nonContiguousViewsCopyOnBothSides() {
        CudaDevice d = gpu();
        float[] data = randomFloats(64 * 48, 2);
        try (MemoryScope scope = MemoryScope.confined()) {
            Tensor host = Tensor.copyOf(scope, data, 64, 48);
            Tensor onGpu = host.transpose(0, 1).to(d, scope);              // strided host -> device
            Tensor expected = host.transpose(0, 1).contiguous();
            assertArrayEquals(expected.toFloatArray(), onGpu.to(cpu(), scope).toFloatArray());
            Tensor strided = Tensor.zeros(scope, DType.F32, 64, 48);
            onGpu.transpose(0, 1).copyTo(strided);                          // strided device -> host
            assertArrayEquals(data, strided.toFloatArray());
        }
    }

    private static Device cpu() {
        return dev.accel.backend.Backends.device("cpu");
    }

    @Test
    void registersWritableHostMemoryAndReportsReadOnlyMappings(@TempDir Path dir) throws IOException {
        CudaDevice d = gpu();
        try (MemoryScope scope = MemoryScope.confined()) {
            Memory host = scope.allocateHost(8 << 20);
            HostRegistration.Result r = d.register(host);
            if (r instanceof HostRegistration.Result.Registered(HostRegistration reg)) {
                reg.close();
            } else {
                System.out.println("[CudaDeviceGpuTest] writable host memory not registered: " + r);
            }
            Path file = dir.resolve("weights.bin");
            Files.write(file, new byte[4 << 20]);
            Memory mapped = Memory.mapFile(file, scope);
            HostRegistration.Result rm = d.register(mapped);
            switch (rm) {
                case HostRegistration.Result.Registered(HostRegistration reg) -> {
                    System.out.println("[CudaDeviceGpuTest] read-only mapping registered with flags 0x" + Integer.toHexString(reg.flags()));
                    reg.close();
                }
                case HostRegistration.Result.Refused(String reason, var status) -> {
                    System.out.println("[CudaDeviceGpuTest] read-only mapping refused: " + reason);
                    assertFalse(reason.isBlank());
                }
            }
        }
    }

    @Test
    void uploadsAMappedFileThroughStagingAndRegistration(@TempDir Path dir) throws Exception {
        CudaDevice d = gpu();
        byte[] bytes = new byte[(40 << 20) + 4093];
        new Random(3).nextBytes(bytes);
        Path file = dir.resolve("model.bin");
        Files.write(file, bytes);
        String expected = sha256(bytes);
        try (MemoryScope scope = MemoryScope.confined()) {
            Memory mapped = Memory.mapFile(file, scope);
            CudaUploader uploader = new CudaUploader(d, 4 << 20, 4);
            CudaUploader.Result staged = uploader.upload(mapped, scope);
            assertEquals(CudaUploader.Route.STAGED, staged.route());
            assertEquals(expected, sha256(download(staged.memory(), scope)));
            CudaUploader.Result registered = uploader.uploadRegistered(mapped, scope);
            System.out.println("[CudaDeviceGpuTest] registered upload: " + registered.route() + " (" + registered.note() + ")");
            assertEquals(expected, sha256(download(registered.memory(), scope)));
        }
    }

    private static byte[] download(Memory device, MemoryScope scope) {
        Tensor src = Tensor.view(device, DType.U8, device.byteSize());
        Tensor dst = Tensor.zeros(scope, DType.U8, device.byteSize());
        src.copyTo(dst);
        return dst.asSegment().toArray(ValueLayout.JAVA_BYTE);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void kernelRuntimeRunsOpsAndGemmAgainstTheCpu() {
        CudaDevice d = gpu();
        Device cpu = cpu();
        try (MemoryScope scope = MemoryScope.confined()) {
            Tensor a = Tensor.copyOf(scope, randomFloats(96 * 64, 4), 96, 64);
            Tensor b = Tensor.copyOf(scope, randomFloats(64, 5), 64);
            Tensor w = Tensor.copyOf(scope, randomFloats(64 * 80, 6), 64, 80);
            Tensor sumCpu = cpu.ops().binary(BinaryOp.ADD, a, b, scope);
            Tensor sumGpu = d.ops().binary(BinaryOp.ADD, a.to(d, scope), b.to(d, scope), scope);
            assertArrayEquals(sumCpu.toFloatArray(), sumGpu.to(cpu, scope).toFloatArray(), 1e-6f);
            Tensor mmCpu = cpu.ops().matmul(a, w, scope);
            Tensor mmGpu = d.ops().matmul(a.to(d, scope), w.to(d, scope), scope);
            float[] x = mmCpu.toFloatArray();
            float[] y = mmGpu.to(cpu, scope).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-3f * Math.max(1, Math.abs(x[i])), "matmul element " + i);
            }
            assertFalse(d.kernelRuntime().loadedKernels().isEmpty());
        }
    }

    @Test
    void eventsTimeWork() {
        CudaDevice d = gpu();
        try (MemoryScope scope = MemoryScope.confined(); CudaStream s = d.newStream()) {
            Tensor src = Tensor.empty(d, scope, DType.U8, 64 << 20);
            Tensor dst = Tensor.empty(d, scope, DType.U8, 64 << 20);
            CudaEvent start = s.recordTimed();
            s.copy(src, dst);
            CudaEvent end = s.recordTimed();
            end.synchronize();
            float ms = CudaEvent.elapsedMillis(start, end);
            assertTrue(ms >= 0, "elapsed " + ms);
            start.close();
            end.close();
        }
    }

    @Test
    void deviceMemoryIsNotHostReadable() {
        CudaDevice d = gpu();
        try (MemoryScope scope = MemoryScope.confined()) {
            Memory m = d.allocate(scope, MemoryKind.DEVICE, 16);
            assertEquals(0, m.rawSegment().byteSize());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, m::hostSegment);
            MemorySegment ignored = m.rawSegment();
            assertTrue(ignored.address() != 0);
        }
        assertTrue(Arrays.asList(MemoryKind.values()).containsAll(d.memoryKinds()));
    }
}
