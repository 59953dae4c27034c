package dev.accel.cuda.ops;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Device;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Elements;
import dev.accel.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link KernelRuntime} that runs the real kernel sources on the host: each source is compiled as C++
 * with {@code emulation.hpp} (CUDA built-ins as host code) force-included and the prelude header found
 * through {@code -I}, into a shared library, and every launch calls the
 * kernel through a downcall with exactly the {@link KernelArg}s {@link CudaOps} packed, descriptors passed by
 * value. GEMMs run as a float64 loop over the {@link GemmSpec} (row-major semantics). Device memory is
 * {@link FakeCudaDevice} memory (host memory).
 *
 * <p>Launch geometry is not emulated: kernels run with one block (their loops are grid-stride), elementwise
 * kernels with one thread and row kernels with the block size asked for (one OS thread per CUDA thread).
 */
final class EmulatedKernelRuntime implements KernelRuntime, AutoCloseable {
    static final MemoryLayout DESC_LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(StridedDesc.MAX_RANK, ValueLayout.JAVA_LONG).withName("shape"),
            MemoryLayout.sequenceLayout(StridedDesc.MAX_RANK, ValueLayout.JAVA_LONG).withName("strides"),
            ValueLayout.JAVA_INT.withName("rank"),
            MemoryLayout.paddingLayout(4));

    private final FakeCudaDevice device;
    private final Arena arena = Arena.ofShared();
    private final Map<Kernel.Source, SymbolLookup> libraries = new EnumMap<>(Kernel.Source.class);
    int launches;
    int gemms;
    /** When set, every {@code _i32} kernel is replaced by its {@code _i64} twin (to run the 64-bit index paths on small data). */
    boolean forceWideIndex;

    private EmulatedKernelRuntime(FakeCudaDevice device) {
        this.device = device;
    }

    /** Locates a host C++ compiler: {@code g++} or {@code c++} on the PATH. */
    static Optional<Path> compiler() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : List.of("g++", "c++", "clang++")) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Compiles the kernel sources for the host in {@code dir} (fails with the compiler's output). */
    static EmulatedKernelRuntime build(Path cxx, Path dir, FakeCudaDevice device) throws IOException, InterruptedException {
        Path header = dir.resolve("emulation.hpp");
        try (InputStream in = EmulatedKernelRuntime.class.getResourceAsStream("/dev/accel/cuda/ops/emulation.hpp")) {
            Files.write(header, in.readAllBytes());
        }
        Path include = KernelSources.writeIncludeDirectory(dir);
        EmulatedKernelRuntime rt = new EmulatedKernelRuntime(device);
        Map<Kernel.Source, Process> compiles = new EnumMap<>(Kernel.Source.class);
        Map<Kernel.Source, Path> libs = new EnumMap<>(Kernel.Source.class);
        for (Kernel.Source source : Kernel.Source.values()) { // compiled side by side
            Path cu = dir.resolve(source.fileName);
            Files.writeString(cu, KernelSources.text(source), StandardCharsets.UTF_8);
            Path lib = dir.resolve("libemu_" + source.name().toLowerCase(java.util.Locale.ROOT) + ".so");
            libs.put(source, lib);
            compiles.put(source, new ProcessBuilder(cxx.toString(), "-std=c++20", "-O1", "-shared", "-fPIC", "-pthread", "-x", "c++",
                    "-include", header.toString(), "-I", include.toString(), cu.toString(), "-o", lib.toString()).redirectErrorStream(true).start());
        }
        for (Kernel.Source source : Kernel.Source.values()) {
            Process p = compiles.get(source);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("host compile of " + source.fileName + " failed:\n" + out);
            }
            rt.libraries.put(source, SymbolLookup.libraryLookup(libs.get(source), rt.arena));
        }
        return rt;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public long deviceAddress(Tensor t) {
        if (t.memoryKind() != MemoryKind.DEVICE || t.memory().device().orElse(null) != device) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "not in " + device.name() + "'s device memory: " + t);
        }
        return t.memory().rawSegment().address() + t.offset() * t.dtype().byteSize();
    }

    @Override
    public void launch(String source, String kernel, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                       int sharedBytes, KernelArg... args) {
        launches++;
        if (forceWideIndex && kernel.endsWith("_i32")) {
            kernel = kernel.substring(0, kernel.length() - 4) + "_i64";
        }
        Kernel.Source src = null;
        for (Kernel.Source s : Kernel.Source.values()) {
            if (s.fileName.equals(source)) {
                src = s;
            }
        }
        if (src == null) {
            throw new AssertionError("unknown kernel source " + source);
        }
        if (gridX < 1 || gridY != 1 || gridZ != 1 || blockX < 1 || blockX > 1024 || blockY != 1 || blockZ != 1 || sharedBytes != 0) {
            throw new AssertionError("unexpected geometry for " + kernel);
        }
        SymbolLookup lib = libraries.get(src);
        Linker linker = Linker.nativeLinker();
        MemoryLayout[] layouts = new MemoryLayout[args.length];
        Object[] values = new Object[args.length];
        try (Arena call = Arena.ofShared()) { // row kernels run on one thread per CUDA thread
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case KernelArg.Pointer p -> {
                        layouts[i] = ValueLayout.ADDRESS;
                        values[i] = MemorySegment.ofAddress(p.address());
                    }
                    case KernelArg.I32 v -> {
                        layouts[i] = ValueLayout.JAVA_INT;
                        values[i] = v.value();
                    }
                    case KernelArg.I64 v -> {
                        layouts[i] = ValueLayout.JAVA_LONG;
                        values[i] = v.value();
                    }
                    case KernelArg.F32 v -> {
                        layouts[i] = ValueLayout.JAVA_FLOAT;
                        values[i] = v.value();
                    }
                    case KernelArg.F64 v -> {
                        layouts[i] = ValueLayout.JAVA_DOUBLE;
                        values[i] = v.value();
                    }
                    case KernelArg.ByValue v -> {
                        if (v.bytes().length != DESC_LAYOUT.byteSize() || v.alignment() != DESC_LAYOUT.byteAlignment()) {
                            throw new AssertionError("by-value argument " + i + " of " + kernel + " is not a Desc");
                        }
                        layouts[i] = DESC_LAYOUT;
                        MemorySegment s = call.allocate(DESC_LAYOUT);
                        s.copyFrom(MemorySegment.ofArray(v.bytes()));
                        values[i] = s;
                    }
                }
            }
            MethodHandle fn = linker.downcallHandle(lib.findOrThrow(kernel), FunctionDescriptor.ofVoid(layouts));
            MethodHandle begin = linker.downcallHandle(lib.findOrThrow("accel_emu_begin"), FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
            MethodHandle thread = linker.downcallHandle(lib.findOrThrow("accel_emu_thread"), FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
            MethodHandle end = linker.downcallHandle(lib.findOrThrow("accel_emu_end"), FunctionDescriptor.ofVoid());
            int threads = src == Kernel.Source.ROWS ? blockX : 1;
            Throwable[] failure = new Throwable[threads];
            begin.invokeExact(threads);
            try {
                Thread[] workers = new Thread[threads];
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    workers[t] = new Thread(() -> {
                        try {
                            thread.invokeExact(id);
                            fn.invokeWithArguments(values);
                        } catch (Throwable e) {
                            failure[id] = e;
                        }
                    });
                    workers[t].start();
                }
                for (Thread w : workers) {
                    w.join();
                }
            } finally {
                end.invokeExact();
            }
            for (Throwable f : failure) {
                if (f != null) {
                    throw new AssertionError("kernel " + kernel + " failed", f);
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void gemm(GemmSpec s) {
        gemms++;
        DType t = s.dtype();
        int size = t.byteSize();
        for (int i = 0; i < s.batch(); i++) {
            for (int r = 0; r < s.m(); r++) {
                for (int c = 0; c < s.n(); c++) {
                    double acc = 0;
                    for (int k = 0; k < s.k(); k++) {
                        long ai = i * s.strideA() + (s.transA() ? k * s.lda() + r : r * s.lda() + k);
                        long bi = i * s.strideB() + (s.transB() ? c * s.ldb() + k : k * s.ldb() + c);
                        acc += read(s.a() + ai * size, t) * read(s.b() + bi * size, t);
                    }
                    long ci = s.c() + (i * s.strideC() + (long) r * s.ldc() + c) * size;
                    double v = s.alpha() * acc + (s.beta() == 0 ? 0 : s.beta() * read(ci, t));
                    Elements.setDouble(MemorySegment.ofAddress(ci).reinterpret(size), 0, t, v);
                }
            }
        }
    }

    private static double read(long address, DType t) {
        return Elements.getDouble(MemorySegment.ofAddress(address).reinterpret(t.byteSize()), 0, t);
    }

    @Override
    public Memory scratch(MemoryScope scope, long byteSize) {
        return device.allocate(scope, MemoryKind.DEVICE, byteSize);
    }

    @Override
    public void synchronize() {
        // launches run to completion
    }

    @Override
    public void close() {
        arena.close();
    }
}
