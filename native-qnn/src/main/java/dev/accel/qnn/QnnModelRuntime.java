package dev.accel.qnn;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Availability;
import dev.accel.bindings.NativeAccess;
import dev.accel.memory.Memory;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelRuntime;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.qnn.raw.QnnTypes;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * QNN context binaries on Qualcomm's QNN runtime, registered as the {@link ModelRuntime} called
 * {@value #NAME} for format {@value #FORMAT}.
 *
 * <h2>What it runs</h2>
 * A <em>context binary</em>: a model already compiled for one QNN backend (normally HTP) by Qualcomm's
 * tools. QNN does not read ONNX; an ONNX model is refused with {@link ErrorCode#MALFORMED_INPUT} and the
 * steps that produce a context binary ({@value #HOW_TO_CONVERT}). Accel runs binaries that hold one graph.
 *
 * <h2>Where bytes are copied</h2>
 * <ul>
 *   <li><b>Model.</b> {@link #open} passes the address and size of the caller's {@link Memory} (for a
 *       model from the store, its read-only mapping) to {@code QnnSystemContext_getMetadata} and
 *       {@code QnnContext_createFromBinary}; Accel copies nothing (only when a QnnSystem library lacks
 *       {@code getMetadata} is a private copy given to {@code getBinaryInfo}, whose buffer is not const).
 *       What QNN copies into its own memory is QNN's business; the caller may free the bytes once
 *       {@code open} returns.</li>
 *   <li><b>Tensors.</b> See {@link QnnSession}: inputs and outputs are client buffers over Accel's memory.</li>
 * </ul>
 *
 * <h2>Which backend</h2>
 * {@link #open(Memory, SessionOptions)} uses the first backend library found in the order HTP, GPU,
 * DSP, CPU; {@link #open(Memory, SessionOptions, QnnBackendKind)} names one. The options' providers must
 * be exactly {@code [QNN]}: this runtime has no other execution provider to fall back to, and asks
 * rather than ignores.
 */
public final class QnnModelRuntime implements ModelRuntime {
    public static final String NAME = "qnn";
    public static final String FORMAT = "qnn-context-binary";

    /** How to turn an ONNX model into a context binary, for error messages. */
    static final String HOW_TO_CONVERT = "with the QNN SDK: qnn-onnx-converter --input_network model.onnx --output_path model.cpp,"
            + " then qnn-model-lib-generator -c model.cpp -b model.bin -o libs, then qnn-context-binary-generator"
            + " --backend libQnnHtp.so --model libs/<target>/libmodel.so --binary_file model.serialized;"
            + " or let ONNX Runtime's QNN execution provider write one (session option ep.context_enable=1,"
            + " backend_path=libQnnHtp.so) and take the binary it embeds or writes next to the _ctx.onnx file";

    private final QnnLibraries libraries;

    /** Public no-argument constructor for {@link java.util.ServiceLoader}; loads nothing. */
    public QnnModelRuntime() {
        this(QnnLibraries.processWide());
    }

    QnnModelRuntime(QnnLibraries libraries) {
        this.libraries = libraries;
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
        Optional<String> access = NativeAccess.problem(QnnModelRuntime.class.getModule());
        if (access.isPresent()) {
            return Availability.unavailable(access.get());
        }
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (QnnBackendKind kind : QnnBackendKind.values()) {
            QnnLibraries.Found<QnnLibrary> backend = libraries.backend(kind);
            if (backend.isPresent()) {
                found.add(backend.library().toString());
            } else {
                missing.add(kind.shortName() + ": " + backend.reason());
            }
        }
        if (found.isEmpty()) {
            return Availability.unavailable("no QNN backend library could be used (" + String.join("; ", missing) + ")");
        }
        QnnLibraries.Found<QnnSystemLibrary> system = libraries.system();
        if (!system.isPresent()) {
            return Availability.unavailable("found " + String.join(", ", found) + ", but context binaries cannot be read without"
                    + " libQnnSystem.so: " + system.reason());
        }
        return Availability.ok(String.join(", ", found) + "; " + system.library());
    }

    @Override
    public List<ExecutionProvider> providers() {
        return availability().available() ? List.of(ExecutionProvider.QNN) : List.of();
    }

    /** Opens on the first backend found, in the order HTP, GPU, DSP, CPU. */
    @Override
    public ModelSession open(Memory modelBytes, SessionOptions options) {
        for (QnnBackendKind kind : QnnBackendKind.values()) {
            if (libraries.backend(kind).isPresent()) {
                return open(modelBytes, options, kind);
            }
        }
        throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "the qnn model runtime is unavailable: " + availability().reason());
    }

    /**
     * Opens a context binary on the backend of {@code kind}.
     *
     * @throws AccelException {@link ErrorCode#BACKEND_UNAVAILABLE} when that backend or libQnnSystem.so is
     *         missing, or the providers are not exactly {@code [QNN]}; {@link ErrorCode#MALFORMED_INPUT} for
     *         bytes that are not a context binary (with the conversion steps for an ONNX model);
     *         {@link ErrorCode#UNSUPPORTED} for several graphs or element types Accel has no dtype for;
     *         {@link ErrorCode#INVALID_ARGUMENT} for device memory
     */
    /**
     * Opens a context binary on the backend named {@code device} ({@code htp}, {@code gpu}, {@code dsp} or
     * {@code cpu}): the part after the colon of {@code qnn:htp}.
     *
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} for another name; otherwise as {@link #open(Memory, SessionOptions, QnnBackendKind)}
     */
    @Override
    public ModelSession open(Memory modelBytes, SessionOptions options, String device) {
        QnnBackendKind kind;
        try {
            kind = QnnBackendKind.parse(device);
        } catch (IllegalArgumentException e) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
        }
        return open(modelBytes, options, kind);
    }

    public ModelSession open(Memory modelBytes, SessionOptions options, QnnBackendKind kind) {
        Objects.requireNonNull(modelBytes, "modelBytes");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(kind, "kind");
        if (!options.providers().equals(List.of(ExecutionProvider.QNN))) {
            throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "the qnn model runtime runs context binaries on QNN only;"
                    + " open it with SessionOptions.withProviders(ExecutionProvider.QNN), got " + options.providers());
        }
        if (!modelBytes.kind().isHostAccessible()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "a QNN context binary must be in host memory or a mapped file, got " + modelBytes);
        }
        MemorySegment bytes = modelBytes.hostSegment();
        if (looksLikeOnnx(bytes)) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "this looks like an ONNX model; QNN runs context binaries compiled"
                    + " for a Qualcomm backend. Produce one " + HOW_TO_CONVERT + "; then run it with --device qnn:htp");
        }
        QnnLibraries.Found<QnnLibrary> backend = libraries.backend(kind);
        if (!backend.isPresent()) {
            throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "QNN " + kind.shortName() + " backend unavailable: " + backend.reason());
        }
        QnnLibraries.Found<QnnSystemLibrary> system = libraries.system();
        if (!system.isPresent()) {
            throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "libQnnSystem.so is needed to read a context binary's inputs"
                    + " and outputs: " + system.reason());
        }
        QnnLibrary library = backend.library();
        List<QnnGraphSpec> graphs;
        try {
            graphs = system.library().graphs(bytes, library.version());
        } catch (AccelException e) {
            if (e.code() == ErrorCode.MALFORMED_INPUT || e.code() == ErrorCode.NATIVE_ERROR) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, "QnnSystem could not read these " + bytes.byteSize()
                        + " bytes as a QNN context binary (to make one from an ONNX model: " + HOW_TO_CONVERT + ")",
                        e.nativeStatus().orElse(null), e);
            }
            throw e;
        }
        return QnnSession.open(library, graphs.getFirst(), bytes);
    }

    /** Heuristic: an ONNX ModelProto starts with field 1 (ir_version, a small varint) followed by another field's key. */
    static boolean looksLikeOnnx(MemorySegment bytes) {
        if (bytes.byteSize() < 3) {
            return false;
        }
        int b0 = bytes.get(ValueLayout.JAVA_BYTE, 0) & 0xFF;
        int b1 = bytes.get(ValueLayout.JAVA_BYTE, 1) & 0xFF;
        int b2 = bytes.get(ValueLayout.JAVA_BYTE, 2) & 0xFF;
        boolean nextIsLengthDelimited = (b2 & 0x07) == 2 && (b2 >> 3) >= 2 && (b2 >> 3) <= 20;
        return b0 == 0x08 && b1 >= 1 && b1 <= 30 && nextIsLengthDelimited;
    }

    /** The log level sessions create their QNN log handle with. */
    static int logLevel() {
        return QnnTypes.QNN_LOG_LEVEL_WARN;
    }

    @Override
    public String toString() {
        return "QnnModelRuntime[" + NAME + ", " + FORMAT + "]";
    }
}
