package dev.accel.openvino.core;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.CStructs;
import dev.accel.bindings.CTypes;
import dev.accel.openvino.capi.OvApi;
import dev.accel.openvino.capi.OvLayouts;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A model compiled for one device ({@code ov_compiled_model_t}), with its inputs and outputs read once
 * at creation. Thread-safe (OpenVINO's compiled model is), except that {@link #close()} must not race
 * with a call; infer requests created from it stay valid after it is closed (OpenVINO shares the state).
 */
public final class OvCompiledModel extends OvObject {
    private final List<OvPort> inputs;
    private final List<OvPort> outputs;

    private OvCompiledModel(OvLibrary library, MemorySegment handle, List<OvPort> inputs, List<OvPort> outputs) {
        super(library, "OpenVINO compiled model", handle);
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /** Takes ownership of {@code handle}; frees it if reading its ports fails. */
    static OvCompiledModel wrap(OvLibrary library, MemorySegment handle) {
        try {
            return new OvCompiledModel(library, handle, ports(library, handle, true), ports(library, handle, false));
        } catch (RuntimeException e) {
            library.api().ov_compiled_model_free(handle);
            throw e;
        }
    }

    /** The inputs, in the model's order (the index is the one {@link OvInferRequest#setInput} takes). */
    public List<OvPort> inputs() {
        return inputs;
    }

    /** The outputs, in the model's order. */
    public List<OvPort> outputs() {
        return outputs;
    }

    /** A new infer request ({@code ov_compiled_model_create_infer_request}); the caller closes it. */
    public OvInferRequest createInferRequest() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = OvLibrary.pointerSlot(arena);
            library.check(library.api().ov_compiled_model_create_infer_request(handle(), slot), "ov_compiled_model_create_infer_request");
            return new OvInferRequest(library, OvLibrary.pointerIn(slot));
        }
    }

    @Override
    void release(MemorySegment h) {
        library.api().ov_compiled_model_free(h);
    }

    private static List<OvPort> ports(OvLibrary library, MemorySegment compiled, boolean input) {
        OvApi api = library.api();
        String kind = input ? "input" : "output";
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(CTypes.C_SIZE_T);
            library.check(input ? api.ov_compiled_model_inputs_size(compiled, count) : api.ov_compiled_model_outputs_size(compiled, count),
                    "ov_compiled_model_" + kind + "s_size");
            long n = count.get(ValueLayout.JAVA_LONG, 0); // size_t: 64 bits, checked by OvApi.bind
            List<OvPort> ports = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                MemorySegment slot = OvLibrary.pointerSlot(arena);
                library.check(input ? api.ov_compiled_model_input_by_index(compiled, i, slot) : api.ov_compiled_model_output_by_index(compiled, i, slot),
                        "ov_compiled_model_" + kind + "_by_index(" + i + ")");
                MemorySegment port = OvLibrary.pointerIn(slot);
                try {
                    ports.add(port(library, port, kind + " " + i, arena));
                } finally {
                    api.ov_output_const_port_free(port);
                }
            }
            return List.copyOf(ports);
        }
    }

    private static OvPort port(OvLibrary library, MemorySegment port, String which, Arena arena) {
        OvApi api = library.api();
        MemorySegment nameSlot = OvLibrary.pointerSlot(arena);
        library.check(api.ov_port_get_any_name(port, nameSlot), "ov_port_get_any_name of " + which);
        MemorySegment nameAddress = OvLibrary.pointerIn(nameSlot);
        String name;
        try {
            name = OvLibrary.string(nameAddress);
        } finally {
            api.ov_free(nameAddress);
        }
        MemorySegment type = arena.allocate(OvLayouts.ENUM);
        library.check(api.ov_port_get_element_type(port, type), "ov_port_get_element_type of " + which + " '" + name + "'");
        MemorySegment shape = arena.allocate(OvLayouts.PARTIAL_SHAPE);
        library.check(api.ov_port_get_partial_shape(port, shape), "ov_port_get_partial_shape of " + which + " '" + name + "'");
        try {
            long rankMin = (long) CStructs.field(OvLayouts.PARTIAL_SHAPE, "rank", "min").get(shape);
            long rankMax = (long) CStructs.field(OvLayouts.PARTIAL_SHAPE, "rank", "max").get(shape);
            if (rankMin != rankMax || rankMin < 0) {
                throw new AccelException(ErrorCode.UNSUPPORTED, which + " '" + name + "' has a dynamic rank; Accel needs every model input and output to have a fixed rank");
            }
            MemorySegment dims = ((MemorySegment) CStructs.field(OvLayouts.PARTIAL_SHAPE, "dims").get(shape))
                    .reinterpret(Math.multiplyExact(rankMin, OvLayouts.DIMENSION.byteSize()));
            long[] min = new long[(int) rankMin];
            long[] max = new long[(int) rankMin];
            for (int d = 0; d < rankMin; d++) {
                MemorySegment dim = dims.asSlice(d * OvLayouts.DIMENSION.byteSize(), OvLayouts.DIMENSION);
                min[d] = (long) CStructs.field(OvLayouts.DIMENSION, "min").get(dim);
                max[d] = (long) CStructs.field(OvLayouts.DIMENSION, "max").get(dim);
            }
            return new OvPort(name, type.get(ValueLayout.JAVA_INT, 0), min, max);
        } finally {
            api.ov_partial_shape_free(shape);
        }
    }
}
