package dev.accel.model;

import dev.accel.backend.Availability;
import dev.accel.memory.Memory;

import java.util.List;

/**
 * A model-execution engine (ONNX Runtime, OpenVINO, ...), found by {@link java.util.ServiceLoader}: a
 * module declares {@code provides dev.accel.model.ModelRuntime with ...}. {@link ModelRuntimes} lists them.
 *
 * <p>Implementations must be cheap to construct and must never throw from the constructor,
 * {@link #availability()} or {@link #providers()}: loading the native library happens lazily and its
 * failure is reported as an {@link Availability} with the reason.
 */
public interface ModelRuntime {

    /** Short lower-case name, e.g. {@code onnxruntime}. */
    String name();

    /** The model file format this runtime reads, e.g. {@code onnx}. */
    String format();

    /** Whether the runtime's native library loaded, with its version, or the reason it did not. Never throws. */
    Availability availability();

    /** The execution providers present in this build of the runtime; empty when it is unavailable. Never throws. */
    List<ExecutionProvider> providers();

    /**
     * Prepares a model from its bytes, e.g. a read-only {@link dev.accel.memory.MemoryKind#MAPPED_FILE}
     * region opened from the store, or {@link dev.accel.memory.MemoryKind#HOST} memory. Each implementation
     * documents which copies its native library makes; the bytes are never copied into the Java heap.
     * The caller keeps ownership of {@code modelBytes}.
     *
     * @throws dev.accel.AccelException {@link dev.accel.ErrorCode#MALFORMED_INPUT} when the bytes are not a
     *         model in {@link #format()}; {@link dev.accel.ErrorCode#BACKEND_UNAVAILABLE} when the runtime or a
     *         requested execution provider is missing; {@link dev.accel.ErrorCode#INVALID_ARGUMENT} for device memory
     */
    ModelSession open(Memory modelBytes, SessionOptions options);

    /**
     * Prepares a model for one named device of this runtime (e.g. {@code "CPU"}, {@code "NPU"} for OpenVINO,
     * {@code "htp"} for QNN): the part after the colon of a device spec such as {@code openvino:CPU}.
     * Runtimes that do not choose devices by name keep this default, which refuses.
     *
     * @throws dev.accel.AccelException {@link dev.accel.ErrorCode#UNSUPPORTED} when this runtime does not run on named devices
     */
    default ModelSession open(Memory modelBytes, SessionOptions options, String device) {
        throw new dev.accel.AccelException(dev.accel.ErrorCode.UNSUPPORTED, "model runtime '" + name()
                + "' does not run on a named device ('" + device + "'); use open(modelBytes, options)");
    }
}
