package dev.accel.qnn;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.model.Dim;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelSession;
import dev.accel.model.ModelSignature;
import dev.accel.model.TensorInfo;
import dev.accel.qnn.raw.QnnTypes;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A context binary opened on a QNN backend: a {@link QnnRuntime}, a {@link QnnContext} and the graph
 * retrieved from it by name. Shapes are fixed (QNN graphs have static shapes).
 *
 * <h2>Copies</h2>
 * <ul>
 *   <li><b>Inputs: no copy</b> for contiguous host tensors (host or mapped memory): the tensor's address
 *       becomes the input's client buffer. A non-contiguous input is first copied into a contiguous
 *       temporary, freed when {@code run} returns.</li>
 *   <li><b>Outputs: no copy.</b> Each output is allocated in {@code outputScope} (or given by the caller)
 *       and its address is the output's client buffer; QNN writes the results there.</li>
 * </ul>
 * Fixed-point (quantized) tensors travel as their integer storage; their scale and offset are in
 * {@link #metadata()} ({@code qnn.quantization.<name>}).
 *
 * <p>Runs are serialized; {@link #close()} waits for a run in progress, then frees the context and
 * the runtime. Idempotent.
 */
final class QnnSession implements ModelSession {
    private final QnnRuntime runtime;
    private final QnnContext context;
    private final QnnContext.QnnGraph graph;
    private final QnnGraphSpec spec;
    private final ModelSignature signature;
    private final Map<String, String> metadata;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private QnnSession(QnnRuntime runtime, QnnContext context, QnnContext.QnnGraph graph, QnnGraphSpec spec, ModelSignature signature) {
        this.runtime = runtime;
        this.context = context;
        this.graph = graph;
        this.spec = spec;
        this.signature = signature;
        this.metadata = metadata(runtime, spec);
    }

    static QnnSession open(QnnLibrary library, QnnGraphSpec spec, MemorySegment binary) {
        ModelSignature signature = new ModelSignature(infos(spec.inputs()), infos(spec.outputs()));
        QnnRuntime runtime = QnnRuntime.open(library, QnnModelRuntime.logLevel());
        QnnContext context = null;
        try {
            context = QnnContext.fromBinary(runtime, binary);
            QnnContext.QnnGraph graph = context.graph(spec.name());
            return new QnnSession(runtime, context, graph, spec, signature);
        } catch (RuntimeException e) {
            if (context != null) {
                context.close();
            }
            runtime.close();
            throw e;
        }
    }

    private static List<TensorInfo> infos(List<QnnTensorSpec> specs) {
        List<TensorInfo> infos = new ArrayList<>();
        for (QnnTensorSpec t : specs) {
            var dtype = t.dtype().orElseThrow(() -> new AccelException(ErrorCode.UNSUPPORTED, "tensor '" + t.name() + "' has element type "
                    + QnnDataTypes.name(t.qnnDataType()) + ", which Accel has no dtype for"));
            infos.add(new TensorInfo(t.name(), dtype, java.util.Arrays.stream(t.dimensions()).mapToObj(Dim::of).toList()));
        }
        return infos;
    }

    private static Map<String, String> metadata(QnnRuntime runtime, QnnGraphSpec spec) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("qnn.graph", spec.name());
        m.put("qnn.backend", runtime.kind().shortName() + " (" + runtime.library().origin() + ")");
        m.put("qnn.coreApiVersion", runtime.coreApiVersion());
        m.put("qnn.buildId", runtime.buildId());
        if (runtime.isStandIn()) {
            m.put("qnn.standIn", "true: Accel's test stand-in library, not Qualcomm's runtime");
        }
        List<QnnTensorSpec> all = new ArrayList<>(spec.inputs());
        all.addAll(spec.outputs());
        for (QnnTensorSpec t : all) {
            if (QnnDataTypes.isFixedPoint(t.qnnDataType())) {
                MemorySegment q = MemorySegment.ofArray(t.quantizeParams());
                ValueLayout.OfInt i32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
                int encoding = q.get(i32, 4);
                String text = encoding == QnnTypes.QNN_QUANTIZATION_ENCODING_SCALE_OFFSET
                        ? "scale=" + Float.intBitsToFloat(q.get(i32, 8)) + ", offset=" + q.get(i32, 12)
                        : "encoding " + encoding + " (per-axis or block: not summarized)";
                m.put("qnn.quantization." + t.name(), QnnDataTypes.name(t.qnnDataType()) + ", " + text);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String runtime() {
        return "qnn " + runtime.kind().shortName() + " (core API " + runtime.coreApiVersion()
                + (runtime.isStandIn() ? ", Accel's stand-in library, not Qualcomm's runtime" : "") + ")";
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public List<ExecutionProvider> providers() {
        return List.of(ExecutionProvider.QNN);
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Map<String, Tensor> outputs, MemoryScope outputScope) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(outputScope, "outputScope");
        lock.lock();
        try {
            checkOpen();
            outputScope.checkAlive();
            signature.checkInputs(inputs);
            signature.checkOutputs(outputs);
            try (MemoryScope temporaries = MemoryScope.confined()) {
                List<MemorySegment> in = new ArrayList<>();
                for (TensorInfo info : signature.inputs()) {
                    Tensor t = inputs.get(info.name());
                    if (!t.memoryKind().isHostAccessible()) {
                        throw new AccelException(ErrorCode.INVALID_ARGUMENT, "input '" + info.name() + "' is in " + t.memoryKind()
                                + " memory; QNN client buffers are host memory: copy it to the cpu device first");
                    }
                    Tensor packed = t;
                    if (!t.isContiguous()) {
                        packed = Tensor.zeros(temporaries, t.dtype(), t.shape());
                        t.copyTo(packed);
                    }
                    in.add(packed.asSegment());
                }
                Map<String, Tensor> result = new LinkedHashMap<>();
                List<MemorySegment> out = new ArrayList<>();
                for (TensorInfo info : signature.outputs()) {
                    Tensor t = outputs.get(info.name());
                    if (t == null) {
                        long[] shape = ModelSignature.resolve(info, Map.of()).orElseThrow();
                        t = Tensor.zeros(outputScope, info.dtype(), shape);
                    }
                    result.put(info.name(), t);
                    out.add(t.asSegment());
                }
                context.execute(graph, spec, in, out);
                return Collections.unmodifiableMap(result);
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model session is closed");
        }
    }

    /** Frees the QNN context and runtime; waits for a run in progress. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                context.close();
            } finally {
                runtime.close();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "QnnSession[" + runtime() + ", graph " + spec.name() + ", inputs " + signature.describeInputs() + ", outputs "
                + signature.describeOutputs() + (closed ? ", closed" : "") + "]";
    }
}
