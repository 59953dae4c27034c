package dev.accel.openvino;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Availability;
import dev.accel.memory.Memory;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelRuntime;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.openvino.core.OvCompiledModel;
import dev.accel.openvino.core.OvCore;
import dev.accel.openvino.core.OvLibrary;
import dev.accel.openvino.core.OvModel;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Models on OpenVINO through its C API, registered as the {@link ModelRuntime} called {@value #NAME}
 * for format {@value #FORMAT} (ONNX); OpenVINO IR ({@code .xml} + {@code .bin}) through
 * {@link #openIr}.
 *
 * <h2>Devices</h2>
 * {@link #open(Memory, SessionOptions)} compiles for OpenVINO's {@code CPU} device;
 * {@link #open(Memory, SessionOptions, String)} for any device OpenVINO names ({@code CPU}, {@code GPU},
 * {@code GPU.1}, {@code NPU}, {@code AUTO}...). {@link SessionOptions#providers()} may list only
 * {@link ExecutionProvider#CPU} and {@link ExecutionProvider#OPENVINO}: the others are ONNX Runtime's
 * execution providers and mean nothing to OpenVINO, so they are refused rather than ignored.
 *
 * <h2>Options</h2>
 * {@code intraOpThreads > 0} becomes OpenVINO's {@code INFERENCE_NUM_THREADS}. OpenVINO has no
 * equivalent of inter-op threads or of disabling graph optimizations; those options are not passed
 * (OpenVINO always optimizes).
 *
 * <h2>Where bytes are copied</h2>
 * <ul>
 *   <li><b>Model.</b> {@code ov_core_read_model_from_memory_buffer} is handed the {@link Memory}'s own
 *       address and length (for a mapped store file: the page cache), no copy on the Java side. OpenVINO's
 *       ONNX frontend then parses the protobuf into its own model, which copies the weights; it keeps no
 *       pointer into the caller's bytes, which may be freed once {@code open} returns. IR weights are
 *       different: the model <em>shares</em> them (see {@link #openIr}).</li>
 *   <li><b>Inputs</b>: none for contiguous host tensors (see {@link OpenVinoSession}).</li>
 *   <li><b>Outputs</b>: copied out of OpenVINO's tensors into the output scope, unless the caller passes
 *       output tensors, which OpenVINO then writes directly.</li>
 * </ul>
 *
 * <p>Cheap to construct, never throws from {@link #availability()} or {@link #providers()}; the library
 * is looked for on first use ({@link OpenVinoLibrary}).
 */
public final class OpenVinoModelRuntime implements ModelRuntime {
    public static final String NAME = "openvino";
    public static final String FORMAT = "onnx";
    /** The OpenVINO device {@link #open(Memory, SessionOptions)} compiles for. */
    public static final String DEFAULT_DEVICE = "CPU";

    private final OpenVinoLibrary fixed;

    /** For {@link java.util.ServiceLoader}: uses the process-wide library search; loads nothing yet. */
    public OpenVinoModelRuntime() {
        this.fixed = null;
    }

    /** For tests: uses {@code library} as found. */
    OpenVinoModelRuntime(OpenVinoLibrary library) {
        this.fixed = library;
    }

    private OpenVinoLibrary found() {
        return fixed != null ? fixed : OpenVinoLibrary.get();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Availability availability() {
        try {
            OpenVinoLibrary found = found();
            if (!found.isAvailable()) {
                return Availability.unavailable(found.reason());
            }
            OvLibrary library = found.library().orElseThrow();
            return Availability.ok((library.isStandIn() ? "stand-in library (test), not OpenVINO: " : "") + library
                    + ", devices " + found.core().orElseThrow().availableDevices());
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("OpenVINO could not be probed: " + e);
        }
    }

    /** {@code [OPENVINO]} when available, else empty. */
    @Override
    public List<ExecutionProvider> providers() {
        try {
            return found().isAvailable() ? List.of(ExecutionProvider.OPENVINO) : List.of();
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    /** {@link #open(Memory, SessionOptions, String)} on OpenVINO's {@value #DEFAULT_DEVICE} device. */
    @Override
    public ModelSession open(Memory modelBytes, SessionOptions options) {
        return open(modelBytes, options, DEFAULT_DEVICE);
    }

    /**
     * Reads an ONNX model from {@code modelBytes} (no copy; see the class comment) and compiles it for
     * {@code device}. The caller keeps ownership of {@code modelBytes}; the session does not need them
     * after this returns.
     *
     * @param device an OpenVINO device name: {@code CPU}, {@code GPU}, {@code GPU.0}, {@code NPU}, {@code AUTO}...
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} for bytes OpenVINO cannot read as a model;
     *         {@link ErrorCode#BACKEND_UNAVAILABLE} when OpenVINO is missing; {@link ErrorCode#INVALID_ARGUMENT}
     *         for device memory, an empty device name or ONNX Runtime execution providers;
     *         {@link ErrorCode#NATIVE_ERROR} when compiling fails (e.g. an unknown device);
     *         {@link ErrorCode#UNSUPPORTED} for inputs or outputs with a dynamic rank or a type Accel lacks
     */
    public ModelSession open(Memory modelBytes, SessionOptions options, String device) {
        return compile(modelBytes, Optional.empty(), options, device);
    }

    /**
     * Reads an OpenVINO IR model: {@code xml} is the {@code .xml} text, {@code weights} the {@code .bin}
     * bytes, both viewed in place. The model <b>shares</b> the weights (OpenVINO keeps pointing into
     * them), so {@code weights} must stay valid until the session is closed: e.g. keep the file mapped
     * in a scope that outlives the session. {@code xml} is not needed after this returns.
     *
     * @throws AccelException as {@link #open(Memory, SessionOptions, String)}
     */
    public ModelSession openIr(Memory xml, Memory weights, SessionOptions options, String device) {
        Objects.requireNonNull(weights, "weights");
        return compile(xml, Optional.of(hostBytes(weights, "IR weights")), options, device);
    }

    private ModelSession compile(Memory modelBytes, Optional<MemorySegment> weights, SessionOptions options, String device) {
        Objects.requireNonNull(modelBytes, "modelBytes");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(device, "device");
        if (device.isBlank()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "an OpenVINO device name is needed, e.g. CPU, GPU, NPU or AUTO");
        }
        for (ExecutionProvider p : options.providers()) {
            if (p != ExecutionProvider.CPU && p != ExecutionProvider.OPENVINO) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "execution provider " + p + " is an ONNX Runtime concept;"
                        + " the openvino runtime picks a device by name (CPU, GPU, NPU, AUTO), got providers " + options.providers());
            }
        }
        MemorySegment bytes = hostBytes(modelBytes, "the model");
        if (bytes.byteSize() == 0) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "not a model: the input is empty (0 bytes)");
        }
        OpenVinoLibrary found = found();
        if (!found.isAvailable()) {
            throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "model runtime '" + NAME + "' is unavailable: " + found.reason());
        }
        OvLibrary library = found.library().orElseThrow();
        OvCore core = found.core().orElseThrow();
        Map<String, String> properties = new LinkedHashMap<>();
        if (options.intraOpThreads() > 0) {
            properties.put("INFERENCE_NUM_THREADS", Integer.toString(options.intraOpThreads()));
        }
        OvCompiledModel compiled;
        try (OvModel model = core.readModel(bytes, weights)) {
            compiled = core.compile(model, device, properties);
        }
        try {
            return new OpenVinoSession(library, compiled, device);
        } catch (RuntimeException e) {
            compiled.close();
            throw e;
        }
    }

    private static MemorySegment hostBytes(Memory memory, String what) {
        if (!memory.kind().isHostAccessible()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "OpenVINO reads " + what + " from host memory; got " + memory
                    + " (copy it to host memory, or map the file)");
        }
        return memory.hostSegment();
    }
}
