package dev.accel.model;

import dev.accel.memory.MemoryScope;
import dev.accel.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * A model prepared for execution by a {@link ModelRuntime}. Its metadata is available as soon as it is
 * open, before anything runs.
 *
 * <p><b>Ownership.</b> The session owns the runtime's native state and frees it in {@link #close()}
 * (idempotent; afterwards every method but {@code close} throws {@link IllegalStateException}). It does
 * not own the model bytes it was opened from, and keeps no reference to them unless its runtime says so.
 * Input tensors stay the caller's; output tensors belong to the {@code outputScope} passed to
 * {@link #run}.
 *
 * <p><b>Threads.</b> {@link #run} may be called from several threads at once; {@code close()} waits for
 * runs in progress.
 */
public interface ModelSession extends AutoCloseable {

    /** Which runtime runs this session, with its version, e.g. {@code onnxruntime 1.29.0}. */
    String runtime();

    /** The inputs and outputs, in the model's order. */
    ModelSignature signature();

    /** The inputs, in the model's order. */
    default List<TensorInfo> inputs() {
        return signature().inputs();
    }

    /** The outputs, in the model's order. */
    default List<TensorInfo> outputs() {
        return signature().outputs();
    }

    /** The execution providers this session was created with, in order of preference. */
    List<ExecutionProvider> providers();

    /** Free-form facts the model file carries (producer, graph name, custom metadata), in a stable order. */
    Map<String, String> metadata();

    /**
     * Runs the model once.
     *
     * @param inputs      one tensor per model input, by name; host-accessible memory; checked with
     *                    {@link ModelSignature#checkInputs} before any native call
     * @param outputScope owns the returned tensors' memory
     * @return every output, in the model's order
     * @throws dev.accel.AccelException {@link dev.accel.ErrorCode#INVALID_ARGUMENT} or
     *         {@link dev.accel.ErrorCode#SHAPE_MISMATCH} for inputs that do not fit (the message lists what
     *         the model expects), {@link dev.accel.ErrorCode#NATIVE_ERROR} when the runtime fails
     */
    default Map<String, Tensor> run(Map<String, Tensor> inputs, MemoryScope outputScope) {
        return run(inputs, Map.of(), outputScope);
    }

    /**
     * Runs the model once, writing some outputs into tensors the caller allocated: the way to receive an
     * output without a copy when its shape depends on the data or is declared with names the runtime
     * cannot tie to the inputs.
     *
     * @param inputs      as for {@link #run(Map, MemoryScope)}
     * @param outputs     for any subset of the model's outputs, a contiguous, writable host tensor of the
     *                    exact dtype and shape the model will produce; checked with
     *                    {@link ModelSignature#checkOutputs}. They are returned as given.
     * @param outputScope owns the memory of the other outputs
     * @return every output, in the model's order
     * @throws dev.accel.AccelException as {@link #run(Map, MemoryScope)}, and
     *         {@link dev.accel.ErrorCode#SHAPE_MISMATCH} when the runtime produces a shape other than a given
     *         output's
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs, Map<String, Tensor> outputs, MemoryScope outputScope);

    @Override
    void close();
}
