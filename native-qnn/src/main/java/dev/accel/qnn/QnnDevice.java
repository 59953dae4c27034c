package dev.accel.qnn;

import dev.accel.ErrorCode;
import dev.accel.backend.Backend;
import dev.accel.backend.ModelOnlyDevice;
import dev.accel.backend.Device;
import dev.accel.backend.DeviceCaps;
import dev.accel.backend.DeviceKind;


/**
 * One QNN backend library as a {@link Device}: {@code qnn:htp}, {@code qnn:gpu}, ... It runs models
 * (context binaries) through {@link QnnModelRuntime}. Its only op is {@code copy} (a host copy);
 * every other op throws {@link ErrorCode#UNSUPPORTED} and {@link #supports} is false for it, so the
 * conformance kit reports them as unsupported. Tensors for QNN live in host memory (client buffers),
 * which {@link #allocate} gives; streams are synchronous host streams.
 */
final class QnnDevice extends ModelOnlyDevice {
    private static final DeviceCaps CAPS = new DeviceCaps(false, false, true, true, false);

    private final QnnBackend backend;
    private final QnnLibrary library;

    QnnDevice(QnnBackend backend, QnnLibrary library) {
        super("it runs whole graphs from QNN context binaries (ModelRuntime 'qnn'), not single ops; use the cpu device for ops",
                "QNN client buffers are host memory");
        this.backend = backend;
        this.library = library;
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
    public DeviceCaps caps() {
        return CAPS;
    }

    /** A stream whose copies are host copies, complete when {@code copy} returns. */
}
