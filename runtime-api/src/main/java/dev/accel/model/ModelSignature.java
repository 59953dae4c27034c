package dev.accel.model;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A model's inputs and outputs, in the model's order, and the checks every {@link ModelRuntime} applies
 * before handing tensors to native code.
 *
 * @param inputs  what {@link ModelSession#run} must be given, by name
 * @param outputs what it returns, by name
 */
public record ModelSignature(List<TensorInfo> inputs, List<TensorInfo> outputs) {
    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The input called {@code name}, if the model has one. */
    public Optional<TensorInfo> input(String name) {
        return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The output called {@code name}, if the model has one. */
    public Optional<TensorInfo> output(String name) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /**
     * Checks {@code given} against {@link #inputs()} and returns the size bound to every named symbolic
     * axis. Checks, in order: every input present and no unknown names; dtype; rank; fixed sizes.
     *
     * <p>Symbolic axes that share a name are <em>not</em> required to agree: ONNX does not require it, and
     * exporters reuse names carelessly (all-MiniLM-L6-v2 as shipped declares {@code input_ids} as
     * {@code [batch, batch]}). A name seen with different sizes is left out of the returned bindings, and
     * the native runtime judges whether the sizes fit.
     *
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} for missing or unknown names,
     *         {@link ErrorCode#SHAPE_MISMATCH} for a wrong dtype, rank or size; the message lists what the
     *         model expects
     */
    public Map<String, Long> checkInputs(Map<String, Tensor> given) {
        List<String> missing = inputs.stream().map(TensorInfo::name).filter(n -> !given.containsKey(n)).toList();
        List<String> unknown = given.keySet().stream().filter(n -> input(n).isEmpty()).sorted().toList();
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            StringBuilder m = new StringBuilder();
            if (!unknown.isEmpty()) {
                m.append("unknown input").append(unknown.size() > 1 ? "s " : " ").append(unknown);
            }
            if (!missing.isEmpty()) {
                m.append(m.isEmpty() ? "" : "; ").append("missing input").append(missing.size() > 1 ? "s " : " ").append(missing);
            }
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, m + "; the model expects " + describeInputs());
        }
        Map<String, Long> bound = new LinkedHashMap<>();
        java.util.Set<String> conflicting = new java.util.HashSet<>();
        for (TensorInfo info : inputs) {
            Tensor t = given.get(info.name());
            if (t.dtype() != info.dtype()) {
                throw mismatch("input '" + info.name() + "' has dtype " + t.dtype() + ", the model expects " + info.dtype());
            }
            long[] shape = t.shape();
            if (shape.length != info.rank()) {
                throw mismatch("input '" + info.name() + "' has rank " + shape.length + " " + Arrays.toString(shape)
                        + ", the model expects rank " + info.rank() + " " + info.shapeString());
            }
            for (int d = 0; d < shape.length; d++) {
                Dim dim = info.shape().get(d);
                if (dim instanceof Dim.Fixed(long size) && size != shape[d]) {
                    throw mismatch("input '" + info.name() + "' has shape " + Arrays.toString(shape) + ", the model expects "
                            + info.shapeString() + " (axis " + d + " must be " + size + ")");
                }
                if (dim instanceof Dim.Symbolic s && !s.isAnonymous()) {
                    Long prior = bound.putIfAbsent(s.name(), shape[d]);
                    if (prior != null && prior != shape[d]) {
                        conflicting.add(s.name());
                    }
                }
            }
        }
        bound.keySet().removeAll(conflicting);
        return bound;
    }

    /**
     * Checks output tensors a caller allocated for {@link ModelSession#run(Map, Map, MemoryScope)}: known
     * names, dtype, rank and fixed sizes (symbolic sizes are checked by the runtime when it writes), and
     * contiguous, writable host memory.
     *
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} for unknown names or unusable memory,
     *         {@link ErrorCode#SHAPE_MISMATCH} for a wrong dtype, rank or size
     */
    public void checkOutputs(Map<String, Tensor> given) {
        List<String> unknown = given.keySet().stream().filter(n -> output(n).isEmpty()).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "unknown output" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + "; the model produces " + describeOutputs());
        }
        for (var e : given.entrySet()) {
            TensorInfo info = output(e.getKey()).orElseThrow();
            Tensor t = e.getValue();
            if (!t.memoryKind().isHostAccessible() || !t.isContiguous() || t.memory().isReadOnly()) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "output '" + info.name() + "' must be contiguous, writable host memory, got " + t);
            }
            if (t.dtype() != info.dtype()) {
                throw mismatch("output '" + info.name() + "' has dtype " + t.dtype() + ", the model produces " + info.dtype());
            }
            long[] shape = t.shape();
            if (shape.length != info.rank()) {
                throw mismatch("output '" + info.name() + "' has rank " + shape.length + ", the model produces " + info);
            }
            for (int d = 0; d < shape.length; d++) {
                if (info.shape().get(d) instanceof Dim.Fixed(long size) && size != shape[d]) {
                    throw mismatch("output '" + info.name() + "' has shape " + Arrays.toString(shape) + ", the model produces " + info);
                }
            }
        }
    }

    /**
     * The concrete shape of {@code output} when every axis is fixed or bound in {@code bindings} (as
     * returned by {@link #checkInputs}); empty when some axis is known only after running.
     */
    public static Optional<long[]> resolve(TensorInfo output, Map<String, Long> bindings) {
        long[] shape = new long[output.rank()];
        for (int d = 0; d < shape.length; d++) {
            Dim dim = output.shape().get(d);
            if (dim instanceof Dim.Fixed(long size)) {
                shape[d] = size;
            } else if (dim instanceof Dim.Symbolic s && !s.isAnonymous() && bindings.containsKey(s.name())) {
                shape[d] = bindings.get(s.name());
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(shape);
    }

    /** {@code [input_ids: i64[batch, seq], attention_mask: i64[batch, seq]]}. */
    public String describeInputs() {
        return inputs.stream().map(TensorInfo::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Like {@link #describeInputs()}, for the outputs. */
    public String describeOutputs() {
        return outputs.stream().map(TensorInfo::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    private AccelException mismatch(String message) {
        return new AccelException(ErrorCode.SHAPE_MISMATCH, message);
    }
}
