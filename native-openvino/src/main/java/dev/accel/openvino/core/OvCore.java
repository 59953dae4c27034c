package dev.accel.openvino.core;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.CStructs;
import dev.accel.bindings.CTypes;
import dev.accel.openvino.capi.OvApi;
import dev.accel.openvino.capi.OvLayouts;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OpenVINO core ({@code ov_core_t}): device discovery, model reading and compilation. OpenVINO's
 * core is thread-safe, and so is this class, except that {@link #close()} must not race with a call.
 */
public final class OvCore extends OvObject {
    private OvCore(OvLibrary library, MemorySegment handle) {
        super(library, "OpenVINO core", handle);
    }

    /** {@code ov_core_create}. */
    public static OvCore create(OvLibrary library) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = OvLibrary.pointerSlot(arena);
            library.check(library.api().ov_core_create(slot), "ov_core_create");
            return new OvCore(library, OvLibrary.pointerIn(slot));
        }
    }

    /** The devices OpenVINO can run on here, e.g. {@code [CPU, GPU.0, NPU]} ({@code ov_core_get_available_devices}). */
    public List<String> availableDevices() {
        OvApi api = library.api();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment devices = arena.allocate(OvLayouts.AVAILABLE_DEVICES);
            library.check(api.ov_core_get_available_devices(handle(), devices), "ov_core_get_available_devices");
            try {
                long size = (long) CStructs.field(OvLayouts.AVAILABLE_DEVICES, "size").get(devices);
                MemorySegment array = ((MemorySegment) CStructs.field(OvLayouts.AVAILABLE_DEVICES, "devices").get(devices))
                        .reinterpret(Math.multiplyExact(size, CTypes.C_POINTER.byteSize()));
                List<String> names = new ArrayList<>();
                for (long i = 0; i < size; i++) {
                    names.add(OvLibrary.string(array.getAtIndex(CTypes.C_POINTER, i)));
                }
                return List.copyOf(names);
            } finally {
                api.ov_available_devices_free(devices);
            }
        }
    }

    /** A device property as text, e.g. {@code property("CPU", "FULL_DEVICE_NAME")} ({@code ov_core_get_property}). */
    public String property(String device, String key) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(key, "key");
        OvApi api = library.api();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = OvLibrary.pointerSlot(arena);
            library.check(api.ov_core_get_property(handle(), arena.allocateFrom(device), arena.allocateFrom(key), slot),
                    "ov_core_get_property(" + device + ", " + key + ")");
            MemorySegment value = OvLibrary.pointerIn(slot);
            try {
                return OvLibrary.string(value);
            } finally {
                api.ov_free(value);
            }
        }
    }

    /**
     * Reads a model from bytes in memory, without copying them first ({@code ov_core_read_model_from_memory_buffer}
     * is handed {@code model}'s own address and length).
     *
     * @param model   an ONNX protobuf, or an OpenVINO IR {@code .xml}; OpenVINO parses it during this call
     *                and does not keep a pointer into it
     * @param weights for IR only: the {@code .bin} weights, which the model <em>shares</em> (it keeps
     *                pointing into them): they must stay valid as long as the model and anything compiled from it
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} when OpenVINO cannot read the bytes as a model
     */
    public OvModel readModel(MemorySegment model, Optional<MemorySegment> weights) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(weights, "weights");
        if (!model.isNative()) {
            throw new IllegalArgumentException("model bytes must be native memory, not a heap segment");
        }
        OvApi api = library.api();
        try (Arena arena = Arena.ofConfined()) {
            OvTensor weightTensor = weights.map(w -> OvTensor.wrapBytes(library, w)).orElse(null);
            try {
                MemorySegment slot = OvLibrary.pointerSlot(arena);
                int status = api.ov_core_read_model_from_memory_buffer(handle(), model, model.byteSize(),
                        weightTensor == null ? MemorySegment.NULL : weightTensor.handle(), slot);
                if (status != 0) {
                    AccelException failure = library.failure(status, "OpenVINO could not read the model (" + model.byteSize() + " bytes)");
                    throw new AccelException(ErrorCode.MALFORMED_INPUT, failure.getMessage(), failure.nativeStatus().orElse(null), failure);
                }
                return new OvModel(library, OvLibrary.pointerIn(slot));
            } finally {
                if (weightTensor != null) {
                    weightTensor.close(); // the model holds its own reference to the weights tensor
                }
            }
        }
    }

    /**
     * Compiles {@code model} for {@code device} ({@code CPU}, {@code GPU}, {@code NPU}, {@code AUTO}...)
     * with {@code properties} (OpenVINO property keys and values as text, e.g.
     * {@code INFERENCE_NUM_THREADS=4}), passed as the variadic arguments of {@code ov_core_compile_model}.
     */
    public OvCompiledModel compile(OvModel model, String device, Map<String, String> properties) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(device, "device");
        try (Arena arena = Arena.ofConfined()) {
            List<MemorySegment> args = new ArrayList<>();
            properties.forEach((k, v) -> {
                args.add(arena.allocateFrom(k));
                args.add(arena.allocateFrom(v));
            });
            MemorySegment slot = OvLibrary.pointerSlot(arena);
            library.check(library.api().ov_core_compile_model(handle(), model.handle(), arena.allocateFrom(device), slot, args),
                    "ov_core_compile_model for device " + device + (properties.isEmpty() ? "" : " with " + properties));
            return OvCompiledModel.wrap(library, OvLibrary.pointerIn(slot));
        }
    }

    @Override
    void release(MemorySegment h) {
        library.api().ov_core_free(h);
    }
}
