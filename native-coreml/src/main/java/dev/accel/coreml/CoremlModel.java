package dev.accel.coreml;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.CStructs;
import dev.accel.coreml.raw.CoremlAbi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A compiled CoreML model ({@code .mlmodelc}) loaded through the shim, with its inputs and outputs.
 * Owns the shim's model handle; {@link #close()} frees it (idempotent; afterwards every other method
 * throws {@link IllegalStateException}). Predictions are serialized.
 */
final class CoremlModel implements AutoCloseable {
    private final CoremlShim shim;
    private final MemorySegment handle;
    private final List<CoremlFeature> inputs;
    private final List<CoremlFeature> outputs;
    private boolean closed;

    private CoremlModel(CoremlShim shim, MemorySegment handle) {
        this.shim = shim;
        this.handle = handle;
        this.inputs = features(false);
        this.outputs = features(true);
    }

    /** Loads {@code mlmodelc} (a compiled model directory) for {@code units}. */
    static CoremlModel load(CoremlShim shim, Path mlmodelc, CoremlComputeUnits units) {
        Objects.requireNonNull(units, "units");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment err = arena.allocate(CoremlShim.ERROR_CAPACITY);
            int status = (int) shim.function("accel_coreml_model_load").invokeExact(arena.allocateFrom(mlmodelc.toString()), units.value(), out,
                    err, (long) CoremlShim.ERROR_CAPACITY);
            CoremlShim.check(status, "loading CoreML model " + mlmodelc + " for " + units, err);
            MemorySegment handle = out.get(ValueLayout.ADDRESS, 0);
            try {
                return new CoremlModel(shim, handle);
            } catch (RuntimeException e) {
                shim.function("accel_coreml_model_free").invokeExact(handle);
                throw e;
            }
        } catch (Throwable t) {
            throw CoremlShim.rethrow(t, "accel_coreml_model_load");
        }
    }

    /**
     * Compiles an {@code .mlmodel} file or {@code .mlpackage} directory into an {@code .mlmodelc}
     * directory ({@code MLModel compileModelAtURL}); the caller deletes it when done.
     */
    static Path compile(CoremlShim shim, Path model) {
        try (Arena arena = Arena.ofConfined()) {
            int capacity = 4096;
            MemorySegment out = arena.allocate(capacity);
            MemorySegment err = arena.allocate(CoremlShim.ERROR_CAPACITY);
            int status = (int) shim.function("accel_coreml_compile").invokeExact(arena.allocateFrom(model.toString()), out, (long) capacity,
                    err, (long) CoremlShim.ERROR_CAPACITY);
            CoremlShim.check(status, "compiling CoreML model " + model, err);
            return Path.of(out.getString(0));
        } catch (Throwable t) {
            throw CoremlShim.rethrow(t, "accel_coreml_compile");
        }
    }

    private List<CoremlFeature> features(boolean output) {
        StructLayout f = CoremlAbi.FEATURE;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            int status = (int) shim.function("accel_coreml_model_feature_count").invokeExact(handle, output ? 1 : 0, count);
            CoremlShim.check(status, "counting model features", arena.allocate(1));
            List<CoremlFeature> list = new ArrayList<>();
            MemorySegment feature = arena.allocate(f);
            MemorySegment err = arena.allocate(CoremlShim.ERROR_CAPACITY);
            for (int i = 0; i < count.get(ValueLayout.JAVA_INT, 0); i++) {
                status = (int) shim.function("accel_coreml_model_feature").invokeExact(handle, output ? 1 : 0, i, feature, err,
                        (long) CoremlShim.ERROR_CAPACITY);
                CoremlShim.check(status, "describing model " + (output ? "output " : "input ") + i, err);
                int rank = feature.get(ValueLayout.JAVA_INT, CStructs.offsetOf(f, "rank"));
                if (rank < 0 || rank > CoremlAbi.MAX_RANK) {
                    throw new AccelException(ErrorCode.INTERNAL, "the shim reported rank " + rank);
                }
                long[] shape = new long[rank];
                long shapeAt = CStructs.offsetOf(f, "shape");
                for (int d = 0; d < rank; d++) {
                    shape[d] = feature.get(ValueLayout.JAVA_LONG, shapeAt + 8L * d);
                }
                list.add(new CoremlFeature(feature.getString(CStructs.offsetOf(f, "name")),
                        feature.get(ValueLayout.JAVA_INT, CStructs.offsetOf(f, "is_multiarray")) == 1,
                        feature.get(ValueLayout.JAVA_INT, CStructs.offsetOf(f, "data_type")), shape));
            }
            return List.copyOf(list);
        } catch (Throwable t) {
            throw CoremlShim.rethrow(t, "describing a CoreML model");
        }
    }

    /** The inputs, sorted by name (CoreML's description is a dictionary). */
    List<CoremlFeature> inputs() {
        return inputs;
    }

    /** The outputs, sorted by name. */
    List<CoremlFeature> outputs() {
        return outputs;
    }

    /** A tensor's memory for {@link #predict}: contiguous bytes, its dtype value and shape. */
    record Binding(String name, MemorySegment data, int dataType, long[] shape) {
    }

    /**
     * Runs the model once: inputs are wrapped by the shim without a copy; outputs are written into the
     * given memory (without a copy where the OS has output backings).
     *
     * @return true when the shim had to copy results into the outputs
     */
    synchronized boolean predict(List<Binding> in, List<Binding> out) {
        checkOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment inputs = tensors(in, arena);
            MemorySegment outputs = tensors(out, arena);
            MemorySegment copied = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment err = arena.allocate(CoremlShim.ERROR_CAPACITY);
            int status = (int) shim.function("accel_coreml_model_predict").invokeExact(handle, in.size(), inputs, out.size(), outputs, copied,
                    err, (long) CoremlShim.ERROR_CAPACITY);
            CoremlShim.check(status, "CoreML prediction", err);
            return copied.get(ValueLayout.JAVA_INT, 0) != 0;
        } catch (Throwable t) {
            throw CoremlShim.rethrow(t, "accel_coreml_model_predict");
        }
    }

    private static MemorySegment tensors(List<Binding> bindings, Arena arena) {
        StructLayout t = CoremlAbi.TENSOR;
        MemorySegment array = arena.allocate(t.byteSize() * Math.max(1, bindings.size()), t.byteAlignment());
        for (int i = 0; i < bindings.size(); i++) {
            Binding b = bindings.get(i);
            MemorySegment s = array.asSlice(i * t.byteSize(), t.byteSize());
            int rank = b.shape().length;
            MemorySegment shape = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, rank));
            MemorySegment strides = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, rank));
            long stride = 1;
            for (int d = rank - 1; d >= 0; d--) {
                shape.setAtIndex(ValueLayout.JAVA_LONG, d, b.shape()[d]);
                strides.setAtIndex(ValueLayout.JAVA_LONG, d, stride);
                stride *= b.shape()[d];
            }
            s.set(ValueLayout.ADDRESS, CStructs.offsetOf(t, "name"), arena.allocateFrom(b.name()));
            s.set(ValueLayout.ADDRESS, CStructs.offsetOf(t, "data"), b.data());
            s.set(ValueLayout.JAVA_INT, CStructs.offsetOf(t, "data_type"), b.dataType());
            s.set(ValueLayout.JAVA_INT, CStructs.offsetOf(t, "rank"), rank);
            s.set(ValueLayout.ADDRESS, CStructs.offsetOf(t, "shape"), shape);
            s.set(ValueLayout.ADDRESS, CStructs.offsetOf(t, "strides"), strides);
            s.set(ValueLayout.JAVA_LONG, CStructs.offsetOf(t, "byte_size"), b.data().byteSize());
        }
        return array;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("CoreML model is closed");
        }
    }

    /** Frees the shim's model handle. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            shim.function("accel_coreml_model_free").invokeExact(handle);
        } catch (Throwable t) {
            throw CoremlShim.rethrow(t, "accel_coreml_model_free");
        }
    }

    @Override
    public String toString() {
        return "CoremlModel[inputs " + inputs + ", outputs " + outputs + (closed ? ", closed" : "") + "]";
    }
}
