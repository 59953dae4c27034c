package dev.accel.cpu;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Backend;
import dev.accel.backend.Device;
import dev.accel.backend.DeviceCaps;
import dev.accel.backend.DeviceKind;
import dev.accel.backend.OpKind;
import dev.accel.backend.Ops;
import dev.accel.backend.Stream;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import jdk.incubator.vector.FloatVector;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The one CPU device, {@code cpu:0}: host memory, synchronous streams, and the reference {@link CpuOps}.
 * It allocates {@link MemoryKind#HOST} memory; it reads {@link MemoryKind#MAPPED_FILE} memory in place,
 * but mappings are made with {@link Memory#mapFile}, not by {@link #allocate}.
 */
public final class CpuDevice implements Device {
    private static final DeviceCaps CAPS = new DeviceCaps(false, false, true, true, true);
    private static final Set<MemoryKind> KINDS = Set.of(MemoryKind.HOST, MemoryKind.MAPPED_FILE);

    private final Backend backend;
    private final CpuOps ops;
    private volatile String description;

    CpuDevice(Backend backend) {
        this.backend = backend;
        this.ops = new CpuOps(this);
    }

    static int vectorBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public String name() {
        return "cpu:0";
    }

    /** The CPU model from {@code /proc/cpuinfo} (or {@code os.arch} elsewhere) and the core count. */
    @Override
    public String description() {
        String d = description;
        if (d == null) {
            d = cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + vectorBits() + "-bit vectors";
            description = d;
        }
        return d;
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(cpuinfo)) {
                try (var lines = Files.lines(cpuinfo)) {
                    var model = lines.filter(l -> l.startsWith("model name") || l.startsWith("Model") || l.startsWith("Hardware"))
                            .map(l -> l.substring(l.indexOf(':') + 1).trim())
                            .filter(s -> !s.isEmpty())
                            .findFirst();
                    if (model.isPresent()) {
                        return model.get();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the architecture name: the description is informative only
        }
        return System.getProperty("os.arch", "unknown") + " CPU";
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.CPU;
    }

    @Override
    public OptionalLong totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return OptionalLong.of(os.getTotalMemorySize());
        }
        return OptionalLong.empty();
    }

    @Override
    public OptionalLong freeMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return OptionalLong.of(os.getFreeMemorySize());
        }
        return OptionalLong.empty();
    }

    @Override
    public DeviceCaps caps() {
        return CAPS;
    }

    @Override
    public Set<MemoryKind> memoryKinds() {
        return KINDS;
    }

    @Override
    public MemoryKind defaultMemoryKind() {
        return MemoryKind.HOST;
    }

    /**
     * Allocates zero-filled, 64-byte aligned host memory owned by {@code scope}.
     *
     * @throws AccelException with {@link ErrorCode#UNSUPPORTED} for any kind but {@link MemoryKind#HOST}
     */
    @Override
    public Memory allocate(MemoryScope scope, MemoryKind kind, long byteSize) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(kind, "kind");
        return switch (kind) {
            case HOST -> scope.allocateHost(byteSize);
            case MAPPED_FILE -> throw new AccelException(ErrorCode.UNSUPPORTED,
                    "cpu:0 reads mapped files in place but cannot allocate one; map the file with Memory.mapFile(path, scope)");
            default -> throw new AccelException(ErrorCode.UNSUPPORTED,
                    "cpu:0 cannot allocate " + kind + " memory; it allocates HOST memory only");
        };
    }

    @Override
    public Ops ops() {
        return ops;
    }

    @Override
    public boolean supports(OpKind op, DType dtype) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(dtype, "dtype");
        return switch (op) {
            case GATHER, CAST, CONCAT, COPY -> true;
            default -> dtype.isFloatingPoint();
        };
    }

    @Override
    public Stream newStream() {
        return new CpuStream(this);
    }

    @Override
    public String toString() {
        return "CpuDevice[cpu:0]";
    }
}
