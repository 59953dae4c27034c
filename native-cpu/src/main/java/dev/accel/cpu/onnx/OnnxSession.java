package dev.accel.cpu.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelSession;
import dev.accel.model.ModelSignature;
import dev.accel.model.TensorInfo;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A model session in ONNX Runtime, created by {@link OnnxModelRuntime#open}.
 *
 * <h2>Where bytes are copied in {@link #run}</h2>
 * <ul>
 *   <li><b>Inputs: no copy</b> for contiguous host tensors (host, pinned or mapped memory): ONNX Runtime
 *       reads the tensor's bytes in place through a direct buffer. A non-contiguous input (a transposed or
 *       strided view) is first copied into a contiguous temporary, freed when {@code run} returns. Device
 *       memory is refused ({@link ErrorCode#INVALID_ARGUMENT}); copy it to the host first.</li>
 *   <li><b>Outputs: no copy</b> for outputs the caller allocates and passes to
 *       {@link #run(Map, Map, MemoryScope)}: ONNX Runtime writes into them directly. Also no copy for the
 *       other outputs whose shape is known before running, i.e. every axis is fixed or is a symbolic axis
 *       that appears in an input with one size: they are allocated in {@code outputScope} and handed to ONNX
 *       Runtime to fill. Any other output is allocated by ONNX Runtime and copied twice: into the Java heap
 *       (its Java API gives no view of its own output memory) and then into {@code outputScope}.
 *       all-MiniLM-L6-v2 as shipped declares {@code [batch, Addoutput_0_dim_1, 384]} for its token states, so
 *       to receive them without a copy, pass an f32 {@code [batch, sequence, 384]} tensor.
 *       If ONNX Runtime rejects a buffer pre-allocated from the declared shapes (a model whose symbolic
 *       names do not mean what they say), the run is repeated once with its own allocation, and this session
 *       stops pre-allocating; that is logged as a warning.</li>
 * </ul>
 */
public final class OnnxSession implements ModelSession {
    private static final System.Logger LOG = System.getLogger(OnnxSession.class.getName());

    private final OrtSession session;
    private final ModelSignature signature;
    private final List<ExecutionProvider> providers;
    private final Map<String, String> metadata;
    private final String runtime;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean preallocateOutputs = true;
    private boolean closed;

    OnnxSession(OrtSession session, List<ExecutionProvider> providers, String runtime) {
        this.session = session;
        this.providers = List.copyOf(providers);
        this.runtime = runtime;
        try {
            this.signature = new ModelSignature(OrtTypes.infos(session.getInputInfo(), "input"),
                    OrtTypes.infos(session.getOutputInfo(), "output"));
            this.metadata = readMetadata(session);
        } catch (OrtException e) {
            throw OrtTypes.error(ErrorCode.NATIVE_ERROR, "cannot read the model's inputs and outputs", e);
        }
    }

    private static Map<String, String> readMetadata(OrtSession session) throws OrtException {
        var m = session.getMetadata();
        Map<String, String> out = new LinkedHashMap<>();
        putIfPresent(out, "producer", m.getProducerName());
        putIfPresent(out, "graph", m.getGraphName());
        putIfPresent(out, "graph_description", m.getGraphDescription());
        putIfPresent(out, "domain", m.getDomain());
        putIfPresent(out, "description", m.getDescription());
        if (m.getVersion() != Long.MAX_VALUE) { // ONNX Runtime reports an unset model_version as INT64_MAX
            out.put("model_version", Long.toString(m.getVersion()));
        }
        new TreeMap<>(m.getCustomMetadata()).forEach((k, v) -> out.put("custom." + k, v));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void putIfPresent(Map<String, String> out, String key, String value) {
        if (value != null && !value.isEmpty()) {
            out.put(key, value);
        }
    }

    @Override
    public String runtime() {
        return runtime;
    }

    @Override
    public ModelSignature signature() {
        checkOpen();
        return signature;
    }

    @Override
    public List<ExecutionProvider> providers() {
        checkOpen();
        return providers;
    }

    @Override
    public Map<String, String> metadata() {
        checkOpen();
        return metadata;
    }

    /**
     * Runs the model once; see the class comment for the copies made.
     *
     * @throws AccelException as {@link ModelSession#run(Map, Map, MemoryScope)} says, and
     *         {@link ErrorCode#INVALID_ARGUMENT} for an input in device memory
     */
    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Map<String, Tensor> outputs, MemoryScope outputScope) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(outputScope, "outputScope");
        lock.readLock().lock();
        try {
            checkOpen();
            outputScope.checkAlive();
            Map<String, Long> bindings = signature.checkInputs(inputs);
            signature.checkOutputs(outputs);
            try (MemoryScope temporaries = MemoryScope.confined()) {
                List<OnnxTensor> owned = new ArrayList<>();
                try {
                    Map<String, OnnxTensor> feed = feed(inputs, temporaries, owned);
                    if (preallocateOutputs) {
                        Map<String, Tensor> inferred = inferOutputs(outputs.keySet(), bindings, outputScope);
                        if (!inferred.isEmpty()) {
                            Map<String, Tensor> given = new LinkedHashMap<>(outputs);
                            given.putAll(inferred);
                            try {
                                return runInto(feed, given, outputScope, owned);
                            } catch (OrtException e) {
                                // Repeat without the inferred buffers; throws again if the failure was not about them.
                                Map<String, Tensor> result = runInto(feed, outputs, outputScope, owned);
                                preallocateOutputs = false;
                                LOG.log(System.Logger.Level.WARNING, "ONNX Runtime rejected outputs pre-allocated from the declared shapes ({0});"
                                        + " the run was repeated with its own allocation, and this session copies such outputs from now on",
                                        e.getMessage());
                                return result;
                            }
                        }
                    }
                    return runInto(feed, outputs, outputScope, owned);
                } catch (OrtException e) {
                    throw runError(e, !outputs.isEmpty());
                } finally {
                    for (OnnxTensor t : owned) {
                        t.close(); // releases ONNX Runtime's wrapper only; the bytes belong to Accel's scopes
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private AccelException runError(OrtException e, boolean callerOutputs) {
        String expects = "; the model expects " + signature.describeInputs()
                + (callerOutputs ? " and produces " + signature.describeOutputs() : "");
        ErrorCode code = e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT ? ErrorCode.SHAPE_MISMATCH : ErrorCode.NATIVE_ERROR;
        return new AccelException(code, "ONNX Runtime failed to run the model: " + e.getMessage() + expects, OrtTypes.status(e), e);
    }

    /** Outputs the caller did not give whose shape follows from the inputs, allocated in {@code scope}. */
    private Map<String, Tensor> inferOutputs(Set<String> given, Map<String, Long> bindings, MemoryScope scope) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (TensorInfo info : signature.outputs()) {
            if (!given.contains(info.name())) {
                ModelSignature.resolve(info, bindings).ifPresent(shape -> out.put(info.name(), Tensor.zeros(scope, info.dtype(), shape)));
            }
        }
        return out;
    }

    private Map<String, OnnxTensor> feed(Map<String, Tensor> inputs, MemoryScope temporaries, List<OnnxTensor> owned) throws OrtException {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        for (TensorInfo info : signature.inputs()) {
            Tensor t = inputs.get(info.name());
            if (!t.memoryKind().isHostAccessible()) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "input '" + info.name() + "' is in " + t.memoryKind()
                        + " memory; ONNX Runtime's CPU path reads host memory: copy it with Tensor.to(Backends.device(\"cpu\"), scope) first");
            }
            Tensor packed = t;
            if (!t.isContiguous()) {
                packed = Tensor.zeros(temporaries, t.dtype(), t.shape());
                t.copyTo(packed);
            }
            OnnxTensor ort = wrap(packed);
            owned.add(ort);
            feed.put(info.name(), ort);
        }
        return feed;
    }

    /** An ONNX Runtime tensor over {@code t}'s bytes, without copying (t must be contiguous host memory). */
    private static OnnxTensor wrap(Tensor t) throws OrtException {
        return OnnxTensor.createTensor(OnnxModelRuntime.environment(), t.asByteBuffer(), t.shape(), OrtTypes.javaType(t.dtype()));
    }

    /** Runs with {@code given} outputs written in place by ONNX Runtime; the others are copied out of its memory. */
    private Map<String, Tensor> runInto(Map<String, OnnxTensor> feed, Map<String, Tensor> given, MemoryScope outputScope,
                                        List<OnnxTensor> owned) throws OrtException {
        Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
        Set<String> requested = new LinkedHashSet<>();
        for (TensorInfo out : signature.outputs()) {
            Tensor t = given.get(out.name());
            if (t != null) {
                OnnxTensor ort = wrap(t);
                owned.add(ort);
                pinned.put(out.name(), ort);
            } else {
                requested.add(out.name());
            }
        }
        try (OrtSession.Result result = session.run(feed, requested, pinned)) {
            Map<String, Tensor> outputs = new LinkedHashMap<>();
            for (TensorInfo out : signature.outputs()) {
                Tensor t = given.get(out.name());
                outputs.put(out.name(), t != null ? t : copyOut(out.name(), result, outputScope));
            }
            return java.util.Collections.unmodifiableMap(outputs);
        }
    }

    /** Copies an output ONNX Runtime allocated: into the Java heap (its API's only way), then into {@code scope}. */
    private static Tensor copyOut(String name, OrtSession.Result result, MemoryScope scope) throws OrtException {
        OnnxValue value = result.get(name).orElseThrow(() -> new AccelException(ErrorCode.INTERNAL, "ONNX Runtime returned no output '" + name + "'"));
        if (!(value instanceof OnnxTensor ort)) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "output '" + name + "' is a " + value.getType() + ", not a tensor");
        }
        ai.onnxruntime.TensorInfo info = ort.getInfo();
        DType dtype = OrtTypes.dtype(info, "output '" + name + "'");
        Tensor t = Tensor.zeros(scope, dtype, info.getShape());
        var heapCopy = ort.getByteBuffer();
        MemorySegment.copy(MemorySegment.ofBuffer(heapCopy), 0, t.asSegment(), 0, t.byteSize());
        return t;
    }

    /** Frees ONNX Runtime's session; waits for runs in progress. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            session.close();
        } catch (OrtException e) {
            throw OrtTypes.error(ErrorCode.NATIVE_ERROR, "ONNX Runtime failed to close the session", e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model session is closed");
        }
    }

    @Override
    public String toString() {
        return "OnnxSession[" + runtime + ", inputs " + signature.describeInputs() + ", outputs " + signature.describeOutputs()
                + (closed ? ", closed" : "") + "]";
    }
}
