package dev.accel.coreml;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.model.Dim;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelSession;
import dev.accel.model.ModelSignature;
import dev.accel.model.TensorInfo;
import dev.accel.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A CoreML model opened through the shim.
 *
 * <h2>Copies</h2>
 * <ul>
 *   <li><b>Inputs: no copy</b> for contiguous host tensors: the shim wraps them in {@code MLMultiArray}s
 *       with {@code initWithDataPointer}. Non-contiguous inputs are first packed into a temporary.</li>
 *   <li><b>Outputs</b> are allocated in {@code outputScope} (or given) and handed to CoreML as output
 *       backings: no copy on macOS 13 / iOS 16 and later; on older systems the shim copies CoreML's result
 *       into them, and {@link #outputsCopied()} counts those runs.</li>
 * </ul>
 * Only multi-array features of type FLOAT32, FLOAT16, FLOAT64 or INT32 with fixed shapes are bound;
 * a model with other features is refused when it opens. Runs are serialized by the model.
 */
final class CoremlSession implements ModelSession {
    private final CoremlShim shim;
    private final CoremlModel model;
    private final CoremlComputeUnits units;
    private final Runnable cleanUp;
    private final ModelSignature signature;
    private final Map<String, String> metadata;
    private final AtomicLong outputsCopied = new AtomicLong();
    private boolean closed;

    CoremlSession(CoremlShim shim, CoremlModel model, CoremlComputeUnits units, Runnable cleanUp) {
        this.shim = shim;
        this.model = model;
        this.units = units;
        this.cleanUp = cleanUp;
        try {
            this.signature = new ModelSignature(infos(model.inputs()), infos(model.outputs()));
        } catch (RuntimeException e) {
            model.close();
            cleanUp.run();
            throw e;
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("coreml.computeUnits", units.name());
        m.put("coreml.shim", shim.info());
        if (shim.isStandIn()) {
            m.put("coreml.standIn", "true: Accel's C stand-in of the shim, not CoreML");
        }
        this.metadata = Collections.unmodifiableMap(m);
    }

    private static List<TensorInfo> infos(List<CoremlFeature> features) {
        List<TensorInfo> infos = new ArrayList<>();
        for (CoremlFeature f : features) {
            if (!f.isMultiArray()) {
                throw new AccelException(ErrorCode.UNSUPPORTED, "feature '" + f.name() + "' is not a multi-array; Accel binds only MLMultiArray features");
            }
            var dtype = f.dtype().orElseThrow(() -> new AccelException(ErrorCode.UNSUPPORTED, "feature '" + f.name()
                    + "' has MLMultiArrayDataType " + f.dataType() + "; Accel binds FLOAT32, FLOAT16, FLOAT64 and INT32"));
            List<Dim> dims = new ArrayList<>();
            for (long size : f.shape()) {
                if (size <= 0) {
                    throw new AccelException(ErrorCode.UNSUPPORTED, "feature '" + f.name() + "' has a flexible shape; Accel binds fixed shapes");
                }
                dims.add(Dim.of(size));
            }
            infos.add(new TensorInfo(f.name(), dtype, dims));
        }
        return infos;
    }

    @Override
    public String runtime() {
        return "coreml " + units + (shim.isStandIn() ? " (Accel's C stand-in of the shim, not CoreML)" : " (" + shim.info() + ")");
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public List<ExecutionProvider> providers() {
        return List.of(ExecutionProvider.COREML);
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    /** How many runs had their outputs copied by the shim (an OS without output backings). */
    long outputsCopied() {
        return outputsCopied.get();
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Map<String, Tensor> outputs, MemoryScope outputScope) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(outputScope, "outputScope");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("model session is closed");
            }
        }
        outputScope.checkAlive();
        signature.checkInputs(inputs);
        signature.checkOutputs(outputs);
        try (MemoryScope temporaries = MemoryScope.confined()) {
            List<CoremlModel.Binding> in = new ArrayList<>();
            for (TensorInfo info : signature.inputs()) {
                Tensor t = inputs.get(info.name());
                if (!t.memoryKind().isHostAccessible()) {
                    throw new AccelException(ErrorCode.INVALID_ARGUMENT, "input '" + info.name() + "' is in " + t.memoryKind() + " memory; copy it to host first");
                }
                Tensor packed = t;
                if (!t.isContiguous()) {
                    packed = Tensor.zeros(temporaries, t.dtype(), t.shape());
                    t.copyTo(packed);
                }
                in.add(new CoremlModel.Binding(info.name(), packed.asSegment(), CoremlFeature.dataType(info.dtype()).orElseThrow(), packed.shape()));
            }
            Map<String, Tensor> result = new LinkedHashMap<>();
            List<CoremlModel.Binding> out = new ArrayList<>();
            for (TensorInfo info : signature.outputs()) {
                Tensor t = outputs.get(info.name());
                if (t == null) {
                    t = Tensor.zeros(outputScope, info.dtype(), ModelSignature.resolve(info, Map.of()).orElseThrow());
                }
                result.put(info.name(), t);
                out.add(new CoremlModel.Binding(info.name(), t.asSegment(), CoremlFeature.dataType(info.dtype()).orElseThrow(), t.shape()));
            }
            if (model.predict(in, out)) {
                outputsCopied.incrementAndGet();
            }
            return Collections.unmodifiableMap(result);
        }
    }

    /** Frees the model and deletes any temporary compiled model. Idempotent; waits for a run in progress. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            model.close();
        } finally {
            cleanUp.run();
        }
    }

    @Override
    public String toString() {
        return "CoremlSession[" + runtime() + ", inputs " + signature.describeInputs() + ", outputs " + signature.describeOutputs() + "]";
    }
}
