package dev.accel.qnn;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Backend;
import dev.accel.backend.HostCopyOps;
import dev.accel.backend.HostStream;
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

import java.util.OptionalLong;
import java.util.Set;

/**
 * One QNN backend library as a {@link Device}: {@code qnn:htp}, {@code qnn:gpu}, ... It runs models
 * (context binaries) through {@link QnnModelRuntime}. Its only op is {@code copy} (a host copy);
 * every other op throws {@link ErrorCode#UNSUPPORTED} and {@link #supports} is false for it, so the
 * conformance kit reports them as unsupported. Tensors for QNN live in host memory (client buffers),
 * which {@link #allocate} gives; streams are synchronous host streams.
 */
final class QnnDevice implements Device {
    private static final DeviceCaps CAPS = new DeviceCaps(false, false, true, true, false);

    private final QnnBackend backend;
    private final QnnLibrary library;
    private final Ops ops;

    QnnDevice(QnnBackend backend, QnnLibrary library) {
        this.backend = backend;
        this.library = library;
        this.ops = new HostCopyOps(this, "it runs whole graphs from QNN context binaries (ModelRuntime 'qnn'), not single ops;"
                + " use the cpu device for ops");
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public String name() {
        return "qnn:" + library.kind().shortName();
    }

    @Override
    public String description() {
        if (library.isStandIn()) {
            return "Accel's QNN stand-in library (" + library.origin() + "): a test double of the QNN C API, not Qualcomm hardware";
        }
        return "Qualcomm QNN " + library.kind().shortName().toUpperCase(java.util.Locale.ROOT) + " backend " + library.origin()
                + ", core API " + library.coreApiVersion() + ", backend API " + library.backendApiVersion();
    }

    @Override
    public DeviceKind kind() {
        return library.isStandIn() ? DeviceKind.OTHER : library.kind().deviceKind();
    }

    @Override
    public OptionalLong totalMemory() {
        return OptionalLong.empty();
    }

    @Override
    public OptionalLong freeMemory() {
        return OptionalLong.empty();
    }

    @Override
    public DeviceCaps caps() {
        return CAPS;
    }

    @Override
    public Set<MemoryKind> memoryKinds() {
        return Set.of(MemoryKind.HOST);
    }

    @Override
    public MemoryKind defaultMemoryKind() {
        return MemoryKind.HOST;
    }

    @Override
    public Memory allocate(MemoryScope scope, MemoryKind kind, long byteSize) {
        if (kind != MemoryKind.HOST) {
            throw new AccelException(ErrorCode.UNSUPPORTED, name() + " uses host memory as QNN client buffers; " + kind + " is not offered");
        }
        return scope.allocateHost(byteSize);
    }

    @Override
    public Ops ops() {
        return ops;
    }

    @Override
    public boolean supports(OpKind op, DType dtype) {
        return op == OpKind.COPY;
    }

    /** A stream whose copies are host copies, complete when {@code copy} returns. */
    @Override
    public Stream newStream() {
        return new HostStream(this);
    }

    @Override
    public String toString() {
        return name() + " (" + description() + ")";
    }
}
