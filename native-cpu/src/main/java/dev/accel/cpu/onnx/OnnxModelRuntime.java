package dev.accel.cpu.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Availability;
import dev.accel.memory.Memory;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelRuntime;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ONNX models through ONNX Runtime's Java API ({@code com.microsoft.onnxruntime:onnxruntime}), registered
 * as the {@link ModelRuntime} called {@value #NAME} for format {@value #FORMAT}.
 *
 * <h2>Where bytes are copied</h2>
 * <ul>
 *   <li><b>Model.</b> {@link #open} hands ONNX Runtime a direct {@link ByteBuffer} view of the
 *       {@link Memory} (for a mapped file: the page cache), so the file is never copied into the Java heap.
 *       ONNX Runtime itself then parses the protobuf from those bytes, which copies the weights into native
 *       memory it owns, and builds the session from that; once {@code open} returns it no longer reads the
 *       caller's bytes, and they may be freed. ONNX Runtime offers no way to keep the weights of an
 *       {@code .onnx} (protobuf) model in the caller's buffer (its "use model bytes directly" setting
 *       applies to the {@code .ort} format only).</li>
 *   <li><b>Native library.</b> On first use, ONNX Runtime's Java loader extracts {@code libonnxruntime} and
 *       its JNI library from its jar into a temporary directory, unless the system property
 *       {@code onnxruntime.native.path} names a directory that holds them.</li>
 * </ul>
 * See {@link OnnxSession} for inputs and outputs.
 *
 * <p>Models over 2 GiB (protobuf's limit, and {@code ByteBuffer}'s) are refused with
 * {@link ErrorCode#UNSUPPORTED}; such models keep their weights in external data files, which this runtime
 * does not load yet.
 */
public final class OnnxModelRuntime implements ModelRuntime {
    public static final String NAME = "onnxruntime";
    public static final String FORMAT = "onnx";

    /** Largest model {@link #open} accepts, in bytes. */
    public static final long MAX_MODEL_BYTES = Integer.MAX_VALUE - 8;

    /** Loaded once per JVM: the environment, or why it could not be created. */
    private static final class Holder {
        static final OrtEnvironment ENV;
        static final String FAILURE;

        static {
            OrtEnvironment env = null;
            String failure = null;
            try {
                env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "accel");
            } catch (LinkageError | RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failure = "ONNX Runtime's native library did not load: " + cause;
            }
            ENV = env;
            FAILURE = failure;
        }
    }

    /** Public no-argument constructor for {@link java.util.ServiceLoader}; loads nothing. */
    public OnnxModelRuntime() {
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
            if (Holder.ENV == null) {
                return Availability.unavailable(Holder.FAILURE);
            }
            return Availability.ok("ONNX Runtime " + Holder.ENV.getVersion() + ", execution providers " + providers());
        } catch (LinkageError | RuntimeException e) {
            return Availability.unavailable("ONNX Runtime could not be probed: " + e);
        }
    }

    @Override
    public List<ExecutionProvider> providers() {
        try {
            if (Holder.ENV == null) {
                return List.of();
            }
            EnumSet<OrtProvider> present = OrtEnvironment.getAvailableProviders();
            List<ExecutionProvider> out = new ArrayList<>();
            for (ExecutionProvider p : ExecutionProvider.values()) {
                if (present.contains(OrtTypes.ortProvider(p))) {
                    out.add(p);
                }
            }
            return List.copyOf(out);
        } catch (LinkageError | RuntimeException e) {
            return List.of();
        }
    }

    /** Every provider ONNX Runtime's build reports, including those Accel does not name (e.g. XNNPACK). */
    static String ortProviderNames() {
        return OrtEnvironment.getAvailableProviders().stream().map(OrtProvider::getName).toList().toString();
    }

    /** The ONNX Runtime version, e.g. {@code 1.29.0}. */
    public static String version() {
        return environment().getVersion();
    }

    static OrtEnvironment environment() {
        if (Holder.ENV == null) {
            throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "model runtime '" + NAME + "' is unavailable: " + Holder.FAILURE);
        }
        return Holder.ENV;
    }

    /**
     * Creates a session from {@code modelBytes} without copying them into the Java heap (see the class
     * comment for the copies ONNX Runtime makes natively). The caller keeps ownership of {@code modelBytes};
     * the session does not need them after this method returns.
     *
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} for bytes that are not an ONNX model (the message
     *         shows the first bytes); {@link ErrorCode#BACKEND_UNAVAILABLE} for a provider missing from this build,
     *         naming those present; {@link ErrorCode#INVALID_ARGUMENT} for device memory;
     *         {@link ErrorCode#UNSUPPORTED} for models over {@link #MAX_MODEL_BYTES}, operators ONNX Runtime does
     *         not implement, and non-tensor inputs or outputs
     */
    @Override
    public ModelSession open(Memory modelBytes, SessionOptions options) {
        Objects.requireNonNull(modelBytes, "modelBytes");
        Objects.requireNonNull(options, "options");
        if (!modelBytes.kind().isHostAccessible()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "ONNX Runtime reads the model from host memory; got " + modelBytes
                    + " (copy it to host memory, or map the file)");
        }
        MemorySegment bytes = modelBytes.hostSegment();
        if (bytes.byteSize() == 0) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "not an ONNX model: the input is empty (0 bytes)");
        }
        if (bytes.byteSize() > MAX_MODEL_BYTES) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "model of " + bytes.byteSize() + " bytes exceeds " + MAX_MODEL_BYTES
                    + " bytes; ONNX models this large keep weights in external data files, which are not supported yet");
        }
        OrtEnvironment env = environment();
        checkProviders(options);
        OrtSession session;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            configure(so, options);
            ByteBuffer view = bytes.asByteBuffer(); // a direct view of the same bytes: no copy
            session = env.createSession(view, so);
        } catch (OrtException e) {
            throw openError(e, bytes);
        }
        try {
            return new OnnxSession(session, options.providers(), "onnxruntime " + env.getVersion());
        } catch (RuntimeException e) {
            try {
                session.close();
            } catch (OrtException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    private void checkProviders(SessionOptions options) {
        List<ExecutionProvider> present = providers();
        for (ExecutionProvider p : options.providers()) {
            if (!present.contains(p)) {
                throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "execution provider " + p + " not present in this build of ONNX Runtime "
                        + environment().getVersion() + " (available: " + present + "; ONNX Runtime reports " + ortProviderNames() + ")"
                        + (p == ExecutionProvider.CUDA ? "; the Maven artifact com.microsoft.onnxruntime:onnxruntime is CPU-only,"
                        + " com.microsoft.onnxruntime:onnxruntime_gpu carries CUDA" : ""));
            }
        }
    }

    private static void configure(OrtSession.SessionOptions so, SessionOptions options) throws OrtException {
        so.setOptimizationLevel(switch (options.optimization()) {
            case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
        });
        if (options.intraOpThreads() > 0) {
            so.setIntraOpNumThreads(options.intraOpThreads());
        }
        if (options.interOpThreads() > 0) {
            so.setInterOpNumThreads(options.interOpThreads());
            if (options.interOpThreads() > 1) {
                so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
            }
        }
        for (ExecutionProvider p : options.providers()) {
            switch (p) {
                case CPU -> so.addCPU(true);
                case CUDA -> so.addCUDA(0);
                case OPENVINO -> so.addOpenVINO("");
                case COREML -> so.addCoreML();
                case QNN -> so.addQnn(Map.of("backend_path", System.mapLibraryName("QnnHtp")));
            }
        }
    }

    private static AccelException openError(OrtException e, MemorySegment bytes) {
        return switch (e.getCode()) {
            case ORT_INVALID_PROTOBUF, ORT_NO_MODEL, ORT_INVALID_GRAPH, ORT_FAIL -> OrtTypes.error(ErrorCode.MALFORMED_INPUT,
                    "not an ONNX model that ONNX Runtime can load (" + bytes.byteSize() + " bytes, starting with " + preview(bytes) + ")", e);
            case ORT_NOT_IMPLEMENTED -> OrtTypes.error(ErrorCode.UNSUPPORTED, "ONNX Runtime cannot run this model", e);
            case ORT_EP_FAIL -> OrtTypes.error(ErrorCode.BACKEND_UNAVAILABLE, "an execution provider failed to start", e);
            default -> OrtTypes.error(ErrorCode.NATIVE_ERROR, "ONNX Runtime failed to create a session", e);
        };
    }

    /** The first bytes in hex, and what they look like when they are a well-known other format. */
    static String preview(MemorySegment bytes) {
        int n = (int) Math.min(8, bytes.byteSize());
        byte[] head = new byte[n];
        MemorySegment.copy(bytes, ValueLayout.JAVA_BYTE, 0, head, 0, n);
        String hex = HexFormat.ofDelimiter(" ").formatHex(head);
        String ascii = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
        String guess = ascii.startsWith("PK") ? "a ZIP archive"
                : ascii.startsWith("GGUF") ? "a GGUF file"
                : ascii.startsWith("\u0093NUMPY") ? "a NumPy .npy file"
                : ascii.stripLeading().startsWith("{") || ascii.stripLeading().startsWith("[") ? "JSON text"
                : null;
        return hex + (guess == null ? "" : ", which looks like " + guess);
    }
}
