package dev.accel.openvino;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.model.Dim;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelSession;
import dev.accel.model.ModelSignature;
import dev.accel.model.TensorInfo;
import dev.accel.openvino.core.OvCompiledModel;
import dev.accel.openvino.core.OvInferRequest;
import dev.accel.openvino.core.OvLibrary;
import dev.accel.openvino.core.OvPort;
import dev.accel.openvino.core.OvTensor;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A model compiled by OpenVINO for one device, run through infer requests.
 *
 * <h2>Memory</h2>
 * <ul>
 *   <li><b>Inputs: no copy</b> for contiguous host tensors: each becomes an OpenVINO tensor over the
 *       tensor's own bytes ({@code ov_tensor_create_from_host_ptr}). A non-contiguous input is first
 *       copied into a contiguous temporary, freed when {@code run} returns. Device memory is refused.</li>
 *   <li><b>Outputs.</b> Outputs the caller passes to {@link #run(Map, Map, MemoryScope)} are set on the
 *       request ({@code ov_infer_request_set_output_tensor_by_index}) and OpenVINO writes into them; if
 *       OpenVINO nevertheless produced the output elsewhere (a device that cannot write host memory),
 *       it is copied into the given tensor. Every other output is <b>copied</b> out of OpenVINO's tensor
 *       into a new tensor of the {@code outputScope}: OpenVINO reuses its output memory on the next run,
 *       so a view would not outlive it.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Runs may proceed in parallel: each takes an idle infer request (or creates one) and gives it back.
 * A request that was given caller-owned outputs is freed after its run instead of reused, so that it
 * can never write into memory from an earlier call. {@link #close()} waits for runs in progress.
 */
final class OpenVinoSession implements ModelSession {
    private final OvLibrary library;
    private final OvCompiledModel compiled;
    private final String device;
    private final ModelSignature signature;
    private final List<DType> outputTypes;
    private final ConcurrentLinkedDeque<OvInferRequest> idle = new ConcurrentLinkedDeque<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    /** Takes ownership of {@code compiled} only when it returns normally. */
    OpenVinoSession(OvLibrary library, OvCompiledModel compiled, String device) {
        this.library = library;
        this.compiled = compiled;
        this.device = device;
        List<TensorInfo> inputs = new ArrayList<>();
        for (OvPort port : compiled.inputs()) {
            inputs.add(info(port, "input"));
        }
        List<TensorInfo> outputs = new ArrayList<>();
        for (OvPort port : compiled.outputs()) {
            outputs.add(info(port, "output"));
        }
        this.signature = new ModelSignature(inputs, outputs);
        this.outputTypes = outputs.stream().map(TensorInfo::dtype).toList();
    }

    private TensorInfo info(OvPort port, String kind) {
        DType dtype = library.dtype(port.elementType(), kind + " '" + port.name() + "'");
        List<Dim> dims = new ArrayList<>();
        for (int d = 0; d < port.rank(); d++) {
            dims.add(port.isStatic(d) ? Dim.of(port.min()[d]) : Dim.named(Dim.Symbolic.ANONYMOUS));
        }
        return new TensorInfo(port.name(), dtype, dims);
    }

    @Override
    public String runtime() {
        return (library.isStandIn() ? "openvino stand-in " : "openvino ") + library.version() + " on " + device;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public List<ExecutionProvider> providers() {
        return List.of(ExecutionProvider.OPENVINO);
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("openvino.device", device);
        m.put("openvino.version", library.version());
        m.put("openvino.library", library.origin());
        return m;
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Map<String, Tensor> outputs, MemoryScope outputScope) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the OpenVINO session is closed");
            }
            signature.checkInputs(inputs);
            signature.checkOutputs(outputs);
            OvInferRequest request = idle.poll();
            if (request == null) {
                request = compiled.createInferRequest();
            }
            boolean reusable = outputs.isEmpty();
            try {
                Map<String, Tensor> results = runOn(request, inputs, outputs, outputScope);
                if (reusable) {
                    idle.push(request);
                    request = null;
                }
                return results;
            } finally {
                if (request != null) {
                    request.close();
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private Map<String, Tensor> runOn(OvInferRequest request, Map<String, Tensor> inputs, Map<String, Tensor> outputs,
                                      MemoryScope outputScope) {
        List<OvTensor> views = new ArrayList<>();
        try (MemoryScope temporaries = MemoryScope.confined()) {
            List<TensorInfo> ins = signature.inputs();
            for (int i = 0; i < ins.size(); i++) {
                Tensor t = inputs.get(ins.get(i).name());
                OvTensor view = view(t, "input '" + ins.get(i).name() + "'", temporaries);
                views.add(view);
                request.setInput(i, view);
            }
            List<TensorInfo> outs = signature.outputs();
            for (int j = 0; j < outs.size(); j++) {
                Tensor given = outputs.get(outs.get(j).name());
                if (given != null) {
                    OvTensor view = OvTensor.fromHost(library, given.dtype(), given.shape(), given.asSegment());
                    views.add(view);
                    request.setOutput(j, view);
                }
            }
            request.infer();
            Map<String, Tensor> results = new LinkedHashMap<>();
            for (int j = 0; j < outs.size(); j++) {
                String name = outs.get(j).name();
                try (OvTensor produced = request.outputTensor(j)) {
                    results.put(name, collect(produced, outputs.get(name), name, outputTypes.get(j), outputScope));
                }
            }
            return results;
        } finally {
            for (OvTensor view : views) {
                view.close(); // the request keeps its own reference to each tensor; the data stays the caller's
            }
        }
    }

    private OvTensor view(Tensor t, String what, MemoryScope temporaries) {
        if (!t.memoryKind().isHostAccessible()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, what + " is in " + t.memoryKind()
                    + " memory; OpenVINO reads host memory: copy it to the host first");
        }
        Tensor contiguous = t;
        if (!t.isContiguous()) {
            contiguous = Tensor.zeros(temporaries, t.dtype(), t.shape());
            t.copyTo(contiguous);
        }
        return OvTensor.fromHost(library, contiguous.dtype(), contiguous.shape(), contiguous.asSegment());
    }

    private Tensor collect(OvTensor produced, Tensor given, String name, DType declared, MemoryScope outputScope) {
        long[] shape = produced.shape();
        DType dtype = library.dtype(produced.elementType(), "output '" + name + "'");
        if (dtype != declared) {
            throw new AccelException(ErrorCode.INTERNAL, "OpenVINO produced output '" + name + "' as " + dtype + ", its port declares " + declared);
        }
        MemorySegment data = produced.data();
        if (given != null) {
            if (!Arrays.equals(shape, given.shape())) {
                throw new AccelException(ErrorCode.SHAPE_MISMATCH, "output '" + name + "' came out as " + Arrays.toString(shape)
                        + ", the tensor given for it is " + Arrays.toString(given.shape()));
            }
            MemorySegment target = given.asSegment();
            if (data.address() != target.address()) {
                MemorySegment.copy(data, 0, target, 0, target.byteSize());
            }
            return given;
        }
        Tensor out = Tensor.zeros(outputScope, dtype, shape);
        MemorySegment target = out.asSegment();
        if (data.byteSize() != target.byteSize()) {
            throw new AccelException(ErrorCode.INTERNAL, "OpenVINO's output '" + name + "' has " + data.byteSize() + " bytes; "
                    + dtype + Arrays.toString(shape) + " needs " + target.byteSize());
        }
        MemorySegment.copy(data, 0, target, 0, target.byteSize());
        return out;
    }

    /** Frees the idle requests and the compiled model; waits for runs in progress. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            OvInferRequest r;
            while ((r = idle.poll()) != null) {
                r.close();
            }
            compiled.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "OpenVinoSession[" + runtime() + ", " + signature.describeInputs() + " -> " + signature.describeOutputs() + "]";
    }
}
