package dev.accel.cuda;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Device;
import dev.accel.cuda.nvrtc.KernelCache;
import dev.accel.cuda.nvrtc.KernelImage;
import dev.accel.cuda.nvrtc.KernelSource;
import dev.accel.cuda.nvrtc.NvrtcCompiler;
import dev.accel.cuda.ops.GemmSpec;
import dev.accel.cuda.ops.KernelArg;
import dev.accel.cuda.ops.KernelRuntime;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The device layer that {@link dev.accel.cuda.ops.CudaOps} runs on: kernel sources (resources under
 * {@value #KERNEL_RESOURCES}, each including the header {@value #PRELUDE}, which NVRTC gets in memory)
 * compiled with NVRTC for this GPU's {@code sm_XY} on first use, cached on disk
 * ({@link KernelCache}) and in memory (one {@code CUmodule} per source, one {@code CUfunction} per kernel),
 * launched with {@code cuLaunchKernel} on the device's op stream; GEMMs through cuBLAS ({@link CudaBlas});
 * scratch from the caching allocator.
 */
public final class CudaKernels implements KernelRuntime {
    /** Where kernel sources live on the class path / in the module. */
    public static final String KERNEL_RESOURCES = "/dev/accel/cuda/kernels/";
    /**
     * The header every kernel source includes ({@code #include "accel_prelude.cuh"}): the descriptor struct,
     * the dtype and op codes and the conversions, a resource beside the sources.
     */
    public static final String PRELUDE = "accel_prelude.cuh";

    /** A preprocessor include line: group 1 is {@code <} or {@code "}, group 2 the name. */
    private static final Pattern INCLUDE = Pattern.compile("^[ \\t]*#[ \\t]*include[ \\t]*([<\"])([^>\"\\r\\n]*)[>\"]", Pattern.MULTILINE);

    private final CudaDevice device;
    private final ConcurrentHashMap<String, MemorySegment> modules = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MemorySegment> functions = new ConcurrentHashMap<>();
    private volatile KernelCache cache;
    private volatile CudaBlas blas;

    CudaKernels(CudaDevice device) {
        this.device = device;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public long deviceAddress(Tensor t) {
        return device.deviceAddress(t);
    }

    /** The kernel cache (loads NVRTC on first use). */
    public KernelCache kernelCache() {
        KernelCache c = cache;
        if (c == null) {
            synchronized (this) {
                if (cache == null) {
                    cache = new KernelCache(KernelCache.defaultDirectory(System::getenv), NvrtcCompiler.load(System::getenv));
                }
                c = cache;
            }
        }
        return c;
    }

    @Override
    public void launch(String source, String kernel, int gridX, int gridY, int gridZ,
                       int blockX, int blockY, int blockZ, int sharedBytes, KernelArg... args) {
        if (gridX <= 0 || gridY <= 0 || gridZ <= 0 || blockX <= 0 || blockY <= 0 || blockZ <= 0 || sharedBytes < 0) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "bad launch configuration for " + kernel + ": grid "
                    + gridX + "x" + gridY + "x" + gridZ + ", block " + blockX + "x" + blockY + "x" + blockZ + ", shared " + sharedBytes);
        }
        MemorySegment function = function(source, kernel);
        device.makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = packArguments(arena, args);
            device.driver().check(device.driver().raw.cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ,
                    sharedBytes, device.opStream().handle(), params, MemorySegment.NULL), "cuLaunchKernel(" + kernel + ")");
        }
    }

    /** The {@code void*[]} array {@code cuLaunchKernel} takes: one pointer per argument, to a copy of its value. */
    static MemorySegment packArguments(Arena arena, KernelArg... args) {
        MemorySegment params = arena.allocate(ValueLayout.ADDRESS, Math.max(args.length, 1));
        for (int i = 0; i < args.length; i++) {
            MemorySegment value = switch (args[i]) {
                case KernelArg.Pointer p -> arena.allocateFrom(ValueLayout.JAVA_LONG, p.address());
                case KernelArg.I32 v -> arena.allocateFrom(ValueLayout.JAVA_INT, v.value());
                case KernelArg.I64 v -> arena.allocateFrom(ValueLayout.JAVA_LONG, v.value());
                case KernelArg.F32 v -> arena.allocateFrom(ValueLayout.JAVA_FLOAT, v.value());
                case KernelArg.F64 v -> arena.allocateFrom(ValueLayout.JAVA_DOUBLE, v.value());
                case KernelArg.ByValue v -> {
                    byte[] bytes = v.bytes();
                    MemorySegment s = arena.allocate(Math.max(bytes.length, 1), v.alignment());
                    MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
                    yield s;
                }
            };
            params.setAtIndex(ValueLayout.ADDRESS, i, value);
        }
        return params;
    }

    private MemorySegment function(String source, String kernel) {
        String key = source + "#" + kernel;
        MemorySegment f = functions.get(key);
        if (f != null) {
            return f;
        }
        MemorySegment module = module(source);
        return functions.computeIfAbsent(key, k -> {
            device.makeCurrent();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
                device.driver().check(device.driver().raw.cuModuleGetFunction(out, module, arena.allocateFrom(kernel)),
                        "cuModuleGetFunction(" + kernel + " in " + source + ")");
                return out.get(ValueLayout.ADDRESS, 0);
            }
        });
    }

    private MemorySegment module(String source) {
        return modules.computeIfAbsent(source, s -> {
            KernelImage image = kernelCache().get(kernelSource(s), device.architecture());
            device.makeCurrent();
            try (Arena arena = Arena.ofConfined()) {
                byte[] bytes = image.bytes();
                MemorySegment data = arena.allocate(bytes.length + 1L, 8);
                MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
                MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
                device.driver().check(device.driver().raw.cuModuleLoadData(out, data), "cuModuleLoadData(" + s + ", " + image + ")");
                return out.get(ValueLayout.ADDRESS, 0);
            }
        });
    }

    /**
     * Kernel source resource {@code name} (a {@code .cu} file under {@value #KERNEL_RESOURCES}) with the
     * headers it includes, ready for NVRTC: each {@code #include "x.cuh"} is the resource {@code x.cuh} beside
     * it, given to NVRTC under the include name {@code x.cuh}.
     *
     * @throws AccelException {@code INVALID_ARGUMENT} when {@code name} is not a {@code .cu} file name;
     *                        {@code INTERNAL} when a resource is missing, when the source does not include
     *                        {@value #PRELUDE}, or when it includes anything but kernel headers
     */
    public static KernelSource kernelSource(String name) {
        if (name.contains("/") || !name.endsWith(".cu")) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "kernel source must be a file name ending in .cu under "
                    + KERNEL_RESOURCES + ", got '" + name + "'");
        }
        return kernelSource(name, readResource(name), CudaKernels::readResource);
    }

    /** {@link #kernelSource(String)} over a given text, headers read by {@code headers} (include name to text). */
    static KernelSource kernelSource(String name, String text, Function<String, String> headers) {
        Map<String, KernelSource.Header> included = new LinkedHashMap<>();
        Matcher m = INCLUDE.matcher(text);
        while (m.find()) {
            String header = m.group(2);
            if (m.group(1).equals("<") || header.contains("/") || !header.endsWith(".cuh")) {
                throw new AccelException(ErrorCode.INTERNAL, "kernel source " + name + " has '" + m.group().strip()
                        + "': kernel sources include only kernel headers, #include \"<name>.cuh\" naming a resource under "
                        + KERNEL_RESOURCES + " (NVRTC gets them in memory; there is no include directory)");
            }
            included.computeIfAbsent(header, h -> new KernelSource.Header(h, headers.apply(h)));
        }
        if (!included.containsKey(PRELUDE)) {
            throw new AccelException(ErrorCode.INTERNAL, "kernel source " + name + " does not #include \"" + PRELUDE
                    + "\": every kernel source must, before its kernels (it defines Desc, the DT_* and OP_* codes and the"
                    + " conversions the launches rely on); it includes " + included.keySet());
        }
        return new KernelSource(name, text, List.copyOf(included.values()));
    }

    /** The text of resource {@code name} under {@value #KERNEL_RESOURCES}. */
    private static String readResource(String name) {
        try (InputStream in = CudaKernels.class.getResourceAsStream(KERNEL_RESOURCES + name)) {
            if (in == null) {
                throw new AccelException(ErrorCode.INTERNAL, "kernel resource " + KERNEL_RESOURCES + name + " is not in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot read kernel resource " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void gemm(GemmSpec spec) {
        CudaBlas b = blas;
        if (b == null) {
            synchronized (this) {
                if (blas == null) {
                    blas = CudaBlas.open(device);
                }
                b = blas;
            }
        }
        b.gemm(spec);
    }

    @Override
    public Memory scratch(MemoryScope scope, long byteSize) {
        return device.allocate(scope, MemoryKind.DEVICE, byteSize);
    }

    @Override
    public void synchronize() {
        device.opStream().synchronize();
    }

    /** The kernels this runtime has loaded so far, as {@code source#kernel}. */
    public List<String> loadedKernels() {
        return List.copyOf(functions.keySet());
    }
}
