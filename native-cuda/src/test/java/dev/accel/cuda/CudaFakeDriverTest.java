package dev.accel.cuda;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Availability;
import dev.accel.bindings.LibraryProbe;
import dev.accel.bindings.NativeLibrary;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The checked layer (device, allocator, streams, events, copies, pinned and registered memory, uploads, error
 * mapping) against a fake {@code libcuda.so.1} built from {@code src/test/c/fake_cuda.c}: one "GPU" whose device
 * memory is host memory and whose copies are memcpy. It checks what Accel asks of the driver and what it does
 * with the answers, not CUDA itself (that is {@link CudaDeviceGpuTest}). Skips when no C compiler is installed.
 */
class CudaFakeDriverTest {
    private static NativeLibrary fake;
    private static CudaDriver driver;
    private static CudaDevice device;
    private static String skip;
    private static Map<String, String> env;

    @BeforeAll
    static void build() throws Exception {
        Path lib;
        try {
            lib = FakeLibraries.build("fake_cuda.c", "libcuda.so.1");
        } catch (FakeLibraries.Unavailable e) {
            skip = "cannot build the fake CUDA driver: " + e.getMessage();
            System.out.println("[CudaFakeDriverTest] skipped: " + skip);
            return;
        }
        env = Map.of(CudaLibraries.DRIVER_OVERRIDE, lib.toString());
        LibraryProbe probe = CudaLibraries.driver(env::get).probe();
        fake = probe.orElseThrow();
        driver = new CudaDriver(fake);
        driver.check(driver.raw.cuInit(0), "cuInit");
        device = new CudaDevice(new CudaBackend(env::get), driver, 0, driver.driverVersion());
    }

    private static CudaDevice device() {
        assumeTrue(device != null, skip);
        return device;
    }

    private static long knob(String name) {
        try {
            MethodHandle h = fake.downcall(name, FunctionDescriptor.of(ValueLayout.JAVA_LONG));
            return (long) h.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static int intKnob(String name) {
        try {
            MethodHandle h = fake.downcall(name, FunctionDescriptor.of(ValueLayout.JAVA_INT));
            return (int) h.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Test
    void backendNamesWhatIsMissingBesidesTheDriver() {
        device();
        Availability a = new CudaBackend(env::get).availability();
        if (a.available()) {
            return; // NVRTC and cuBLAS 12/13 are installed here: nothing missing to report
        }
        assertTrue(a.reason().startsWith("CUDA driver 13.0 with 1 device(s) found, but the ops need "), a.reason());
    }

    @Test
    void describesTheDevice() {
        CudaDevice d = device();
        assertEquals("cuda:0", d.name());
        assertTrue(d.description().startsWith("Fake GPU (test double), compute capability 9.0, 132 SMs, 1024 MiB, driver 13.0"), d.description());
        assertEquals("sm_90", d.architecture());
        assertEquals(1L << 30, d.totalMemory().orElseThrow());
        assertTrue(d.freeMemory().orElseThrow() <= 1L << 30);
    }

    @Test
    void scopesReturnDeviceMemoryToTheCacheAndEmptyCacheFreesIt() {
        CudaDevice d = device();
        d.emptyCache();
        long calls = knob("fake_alloc_calls");
        long live = knob("fake_live_allocations");
        for (int i = 0; i < 5; i++) {
            try (MemoryScope scope = MemoryScope.confined()) {
                d.allocate(scope, MemoryKind.DEVICE, 700_000);
            }
        }
        assertEquals(calls + 1, knob("fake_alloc_calls"), "one cuMemAlloc for five allocations of one size class");
        assertEquals(live + 1, knob("fake_live_allocations"));
        assertTrue(d.emptyCache() >= 700_000);
        assertEquals(live, knob("fake_live_allocations"), "emptyCache called cuMemFree");
    }

    @Test
    void copiesRoundTripThroughEveryKind() {
        CudaDevice d = device();
        float[] data = new float[3 * 1000];
        new Random(1).ints(data.length).forEach(new java.util.function.IntConsumer() {
            int i;
            public void accept(int v) {
                data[i++] = v * 0.001f;
            }
        });
        d.emptyCache();
        int events = intKnob("fake_live_events");
        try (MemoryScope scope = MemoryScope.confined(); CudaStream s = d.newStream()) {
            Tensor host = Tensor.copyOf(scope, data, 3, 1000);
            Tensor pinned = Tensor.empty(d, MemoryKind.PINNED_HOST, scope, DType.F32, 3, 1000);
            assertEquals(MemoryKind.PINNED_HOST, pinned.memoryKind());
            Tensor a = Tensor.empty(d, scope, DType.F32, 3, 1000);
            Tensor b = Tensor.empty(d, scope, DType.F32, 3, 1000);
            Tensor back = Tensor.zeros(scope, DType.F32, 3, 1000);
            s.copy(host, pinned);
            s.copy(pinned, a);
            s.copy(a, b);
            try (CudaEvent e = s.record()) {
                s.waitFor(e);
                assertTrue(e.isDone());
            }
            s.copy(b, back);
            s.synchronize();
            assertArrayEquals(data, back.toFloatArray());
            // strided host views: gathered before the copy up, scattered after the copy down
            Tensor up = host.transpose(0, 1).to(d, scope);
            Tensor down = Tensor.zeros(scope, DType.F32, 3, 1000);
            up.copyTo(down.transpose(0, 1));
            assertArrayEquals(data, down.toFloatArray());
            assertArrayEquals(host.transpose(0, 1).contiguous().toFloatArray(), up.to(dev.accel.backend.Backends.device("cpu"), scope).toFloatArray());
        }
        // each cached device block keeps its fence (an event) until it is reused or the cache is emptied
        assertEquals(3, intKnob("fake_live_events") - events, "one fence per cached block");
        d.emptyCache();
        assertEquals(events, intKnob("fake_live_events"), "every event destroyed");
    }

    @Test
    void timedEventsMeasureWithTheV2Function() {
        CudaDevice d = device();
        try (CudaStream s = d.newStream(); CudaEvent a = s.recordTimed(); CudaEvent b = s.recordTimed()) {
            assertEquals(0.25f, CudaEvent.elapsedMillis(a, b), "cuEventElapsedTime_v2 is preferred when exported");
            try (CudaEvent untimed = s.record()) {
                assertThrows(IllegalArgumentException.class, () -> CudaEvent.elapsedMillis(a, untimed));
            }
        }
    }

    @Test
    void closedStreamsAndEventsThrowInsteadOfCrashing() {
        CudaDevice d = device();
        CudaStream s = d.newStream();
        CudaEvent e = s.record();
        e.close();
        e.close();
        assertThrows(IllegalStateException.class, e::synchronize);
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, s::synchronize);
    }

    @Test
    void uploadsAMappedFileThroughDoubleBufferedStaging(@TempDir Path dir) throws Exception {
        CudaDevice d = device();
        byte[] bytes = new byte[(10 << 20) + 12345];
        new Random(7).nextBytes(bytes);
        Path file = dir.resolve("weights.bin");
        Files.write(file, bytes);
        int streams = intKnob("fake_live_streams");
        try (MemoryScope scope = MemoryScope.confined()) {
            Memory mapped = Memory.mapFile(file, scope);
            CudaUploader.Result r = new CudaUploader(d, 1 << 20, 3).upload(mapped, scope);
            assertEquals(CudaUploader.Route.STAGED, r.route());
            assertEquals(bytes.length, r.bytes());
            assertEquals(sha256(bytes), sha256(download(r.memory(), scope)));
        }
        assertEquals(streams, intKnob("fake_live_streams"), "the two staging streams are destroyed");
    }

    @Test
    void readOnlyMappingsAreRegisteredReadOnlyAndRefusalsAreReported(@TempDir Path dir) throws Exception {
        CudaDevice d = device();
        byte[] bytes = new byte[3 << 20];
        new Random(8).nextBytes(bytes);
        Path file = dir.resolve("model.bin");
        Files.write(file, bytes);
        try (MemoryScope scope = MemoryScope.confined()) {
            Memory mapped = Memory.mapFile(file, scope);
            assertTrue(mapped.isReadOnly());
            CudaUploader uploader = new CudaUploader(d, 1 << 20, 2);
            CudaUploader.Result r = uploader.uploadRegistered(mapped, scope);
            assertEquals(CudaUploader.Route.REGISTERED, r.route(), r.note());
            assertTrue(r.note().contains("0x9"), "PORTABLE | READ_ONLY: " + r.note());
            assertEquals(sha256(bytes), sha256(download(r.memory(), scope)));
            assertEquals(0, knob("fake_host_registers"), "unregistered after the copy");

            // the fake refuses registrations without READ_ONLY (as the H100 did for a file mapping): staged, and said
            Memory writable = scope.allocateHost(bytes.length);
            writable.hostSegment().copyFrom(java.lang.foreign.MemorySegment.ofArray(bytes));
            CudaUploader.Result staged = uploader.uploadRegistered(writable, scope);
            assertEquals(CudaUploader.Route.STAGED, staged.route());
            assertTrue(staged.note().contains("registration refused"), staged.note());
            assertTrue(staged.note().contains("CUDA_ERROR_INVALID_VALUE (1)"), staged.note());
            assertEquals(sha256(bytes), sha256(download(staged.memory(), scope)));
        }
    }

    @Test
    void outOfMemoryIsReportedWithTheDriversNameAndText() {
        CudaDevice d = device();
        try (MemoryScope scope = MemoryScope.confined()) {
            AccelException e = assertThrows(AccelException.class, () -> d.allocate(scope, MemoryKind.DEVICE, 2L << 30));
            assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
            assertEquals("CUDA_ERROR_OUT_OF_MEMORY", e.nativeStatus().orElseThrow().name());
            assertEquals(2, e.nativeStatus().orElseThrow().code());
            assertTrue(e.getMessage().contains("on cuda:0"), e.getMessage());
            assertTrue(e.getCause().getMessage().contains("cuMemAlloc of"), e.getCause().getMessage());
            assertTrue(e.getCause().getMessage().contains("out of memory"), "cuGetErrorString's text: " + e.getCause().getMessage());
        }
    }

    @Test
    void foreignDeviceMemoryIsRejected() {
        CudaDevice d = device();
        try (MemoryScope scope = MemoryScope.confined()) {
            Tensor host = Tensor.zeros(scope, DType.F32, 4);
            AccelException e = assertThrows(AccelException.class, () -> d.deviceAddress(host));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertThrows(AccelException.class, () -> d.allocate(scope, MemoryKind.MAPPED_FILE, 16));
            assertFalse(d.memoryKinds().contains(MemoryKind.MAPPED_FILE));
        }
    }

    private static byte[] download(Memory deviceMemory, MemoryScope scope) {
        Tensor src = Tensor.view(deviceMemory, DType.U8, deviceMemory.byteSize());
        Tensor dst = Tensor.zeros(scope, DType.U8, deviceMemory.byteSize());
        src.copyTo(dst);
        return dst.asSegment().toArray(ValueLayout.JAVA_BYTE);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
