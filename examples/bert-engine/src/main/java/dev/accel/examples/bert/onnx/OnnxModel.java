package dev.accel.examples.bert.onnx;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.lang.foreign.MemorySegment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ONNX model as read by {@link #parse}: its main graph's nodes, initializers, inputs and outputs, and its
 * operator-set imports. Initializers that hold {@code raw_data} are views into the parsed segment (no copy);
 * the model is valid as long as that segment is.
 */
public final class OnnxModel {
    /** Maximum length of a name or other string field, in bytes. */
    public static final int MAX_STRING_BYTES = 1 << 16;
    /** Maximum rank of a tensor or value (Accel's {@link dev.accel.tensor.Shapes#MAX_RANK}). */
    public static final int MAX_RANK = dev.accel.tensor.Shapes.MAX_RANK;
    /** Maximum number of entries in an attribute's list or a node's inputs/outputs. */
    public static final int MAX_LIST = 1 << 20;
    /** Maximum number of values in typed data fields ({@code float_data}, {@code int64_data}...) of the whole model: these are decoded onto the heap. */
    public static final int MAX_TYPED_VALUES = 1 << 22;
    /** Maximum number of decoded entries of the whole model (nodes, initializers, names, attributes, list items): bounds the heap a file can make the reader use. */
    public static final int MAX_ENTRIES = 1 << 22;

    private final long irVersion;
    private final String producer;
    private final Map<String, Long> opsets;
    private final List<OnnxNode> nodes;
    private final Map<String, OnnxTensor> initializers;
    private final List<OnnxValueInfo> inputs;
    private final List<OnnxValueInfo> outputs;

    OnnxModel(long irVersion, String producer, Map<String, Long> opsets, List<OnnxNode> nodes, Map<String, OnnxTensor> initializers,
              List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs) {
        this.irVersion = irVersion;
        this.producer = producer;
        this.opsets = Collections.unmodifiableMap(new LinkedHashMap<>(opsets));
        this.nodes = List.copyOf(nodes);
        this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
    }

    /**
     * Parses a serialized {@code ModelProto} (the whole content of a {@code .onnx} file) without copying its
     * tensor data.
     *
     * @param file the bytes, normally a read-only mapping of the file; must be a native segment
     * @param source what the bytes are (a path or a CID), used in error messages
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} for bytes that are not a well-formed ModelProto
     *         (with the byte offset), {@link ErrorCode#UNSUPPORTED} for ONNX features this reader does not handle
     *         (external data, sparse initializers, subgraphs, model-local functions, string tensors)
     */
    public static OnnxModel parse(MemorySegment file, String source) {
        if (!file.isNative()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, source + ": the model bytes must be a native (off-heap or mapped) segment, so that"
                    + " tensors can view them");
        }
        return new OnnxParser(file, source).model();
    }

    /** The {@code ir_version} field. */
    public long irVersion() {
        return irVersion;
    }

    /** {@code producer_name producer_version}, as written by the exporter (may be empty). */
    public String producer() {
        return producer;
    }

    /** Operator-set versions by domain ({@code ""} is the default {@code ai.onnx} domain). */
    public Map<String, Long> opsets() {
        return opsets;
    }

    /** The main graph's nodes, in file (topological) order. */
    public List<OnnxNode> nodes() {
        return nodes;
    }

    /** The main graph's initializers by name, in file order. */
    public Map<String, OnnxTensor> initializers() {
        return initializers;
    }

    public Optional<OnnxTensor> initializer(String name) {
        return Optional.ofNullable(initializers.get(name));
    }

    /** The graph's inputs that are not initializers (what a caller feeds). */
    public List<OnnxValueInfo> inputs() {
        return inputs.stream().filter(i -> !initializers.containsKey(i.name())).toList();
    }

    public List<OnnxValueInfo> outputs() {
        return outputs;
    }

    /** The nodes that read value {@code name}, in graph order. */
    public List<OnnxNode> consumers(String name) {
        return nodes.stream().filter(n -> n.inputs().contains(name)).toList();
    }

    /** The node that writes value {@code name}, if any (graph inputs and initializers have none). */
    public Optional<OnnxNode> producerOf(String name) {
        return nodes.stream().filter(n -> n.outputs().contains(name)).findFirst();
    }

    @Override
    public String toString() {
        return "OnnxModel[ir " + irVersion + ", " + producer + ", opsets " + opsets + ", " + nodes.size() + " nodes, " + initializers.size() + " initializers]";
    }
}
