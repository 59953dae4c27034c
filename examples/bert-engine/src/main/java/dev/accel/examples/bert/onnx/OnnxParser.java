package dev.accel.examples.bert.onnx;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.accel.examples.bert.onnx.ProtoCursor.FIXED32;
import static dev.accel.examples.bert.onnx.ProtoCursor.FIXED64;
import static dev.accel.examples.bert.onnx.ProtoCursor.LENGTH_DELIMITED;
import static dev.accel.examples.bert.onnx.ProtoCursor.VARINT;
import static dev.accel.examples.bert.onnx.ProtoCursor.fieldOf;
import static dev.accel.examples.bert.onnx.ProtoCursor.wireOf;

/**
 * Decodes {@code ModelProto -> GraphProto -> NodeProto / TensorProto / ValueInfoProto} with the field numbers
 * of onnx/onnx {@code onnx/onnx.proto}. Unknown fields are skipped (forward compatibility); fields whose
 * meaning this reader cannot honour are rejected with {@link ErrorCode#UNSUPPORTED}. Nesting is fixed by the
 * schema (subgraphs are rejected), so recursion depth is bounded (at most five messages deep).
 */
final class OnnxParser {
    private final MemorySegment file;
    private final String source;
    private long entries;
    private long typedValues;

    OnnxParser(MemorySegment file, String source) {
        this.file = file;
        this.source = source;
    }

    OnnxModel model() {
        ProtoCursor c = new ProtoCursor(file, 0, file.byteSize(), source);
        long ir = 0;
        String producerName = "";
        String producerVersion = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        Graph graph = null;
        while (c.hasMore()) {
            long tag = c.readTag();
            switch (fieldOf(tag)) {
                case 1 -> {
                    c.expectWire(tag, VARINT, "ModelProto.ir_version");
                    ir = c.readVarint("ir_version");
                }
                case 2 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "ModelProto.producer_name");
                    producerName = c.readString("producer_name", OnnxModel.MAX_STRING_BYTES);
                }
                case 3 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "ModelProto.producer_version");
                    producerVersion = c.readString("producer_version", OnnxModel.MAX_STRING_BYTES);
                }
                case 7 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "ModelProto.graph");
                    if (graph != null) {
                        throw c.malformed(c.position(), "ModelProto has two graph fields");
                    }
                    graph = graph(c.readMessage("graph"));
                }
                case 8 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "ModelProto.opset_import");
                    opset(c.readMessage("opset_import"), opsets);
                }
                case 25 -> throw new AccelException(ErrorCode.UNSUPPORTED, source + ": the model defines model-local functions"
                        + " (ModelProto.functions), which this reader does not support");
                default -> c.skip(wireOf(tag), "ModelProto field " + fieldOf(tag));
            }
        }
        if (graph == null) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, source + ": not an ONNX model: no ModelProto.graph field in " + file.byteSize() + " bytes");
        }
        return new OnnxModel(ir, producerName + (producerVersion.isEmpty() ? "" : " " + producerVersion), opsets, graph.nodes(),
                graph.initializers(), graph.inputs(), graph.outputs());
    }

    private record Graph(List<OnnxNode> nodes, Map<String, OnnxTensor> initializers, List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs) {
    }

    private void opset(ProtoCursor c, Map<String, Long> opsets) {
        String domain = "";
        long version = 0;
        while (c.hasMore()) {
            long tag = c.readTag();
            switch (fieldOf(tag)) {
                case 1 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "OperatorSetIdProto.domain");
                    domain = c.readString("opset domain", OnnxModel.MAX_STRING_BYTES);
                }
                case 2 -> {
                    c.expectWire(tag, VARINT, "OperatorSetIdProto.version");
                    version = c.readVarint("opset version");
                }
                default -> c.skip(wireOf(tag), "OperatorSetIdProto field " + fieldOf(tag));
            }
        }
        opsets.put(domain, version);
    }

    private Graph graph(ProtoCursor c) {
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
        List<OnnxValueInfo> inputs = new ArrayList<>();
        List<OnnxValueInfo> outputs = new ArrayList<>();
        while (c.hasMore()) {
            long tag = c.readTag();
            switch (fieldOf(tag)) {
                case 1 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "GraphProto.node");
                    entry(c, nodes.size(), "nodes");
                    nodes.add(node(c.readMessage("node")));
                }
                case 5 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "GraphProto.initializer");
                    entry(c, initializers.size(), "initializers");
                    long at = c.position();
                    OnnxTensor t = tensor(c.readMessage("initializer"));
                    if (t.name().isEmpty()) {
                        throw c.malformed(at, "an initializer has no name");
                    }
                    if (initializers.putIfAbsent(t.name(), t) != null) {
                        throw c.malformed(at, "two initializers are named '" + t.name() + "'");
                    }
                }
                case 11 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "GraphProto.input");
                    entry(c, inputs.size(), "graph inputs");
                    inputs.add(valueInfo(c.readMessage("input")));
                }
                case 12 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "GraphProto.output");
                    entry(c, outputs.size(), "graph outputs");
                    outputs.add(valueInfo(c.readMessage("output")));
                }
                case 15 -> throw new AccelException(ErrorCode.UNSUPPORTED, source + ": the graph has sparse initializers"
                        + " (GraphProto.sparse_initializer), which this reader does not support");
                default -> c.skip(wireOf(tag), "GraphProto field " + fieldOf(tag));
            }
        }
        return new Graph(nodes, initializers, inputs, outputs);
    }

    private OnnxNode node(ProtoCursor c) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        String domain = "";
        Map<String, OnnxAttribute> attributes = new LinkedHashMap<>();
        while (c.hasMore()) {
            long tag = c.readTag();
            switch (fieldOf(tag)) {
                case 1 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "NodeProto.input");
                    entry(c, inputs.size(), "node inputs");
                    inputs.add(c.readString("node input", OnnxModel.MAX_STRING_BYTES));
                }
                case 2 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "NodeProto.output");
                    entry(c, outputs.size(), "node outputs");
                    outputs.add(c.readString("node output", OnnxModel.MAX_STRING_BYTES));
                }
                case 3 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "NodeProto.name");
                    name = c.readString("node name", OnnxModel.MAX_STRING_BYTES);
                }
                case 4 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "NodeProto.op_type");
                    opType = c.readString("op_type", OnnxModel.MAX_STRING_BYTES);
                }
                case 5 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "NodeProto.attribute");
                    entry(c, attributes.size(), "attributes of a node");
                    long at = c.position();
                    OnnxAttribute a = attribute(c.readMessage("attribute"), name);
                    if (attributes.putIfAbsent(a.name(), a) != null) {
                        throw c.malformed(at, "node '" + name + "' has two attributes named '" + a.name() + "'");
                    }
                }
                case 7 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "NodeProto.domain");
                    domain = c.readString("node domain", OnnxModel.MAX_STRING_BYTES);
                }
                default -> c.skip(wireOf(tag), "NodeProto field " + fieldOf(tag));
            }
        }
        if (opType.isEmpty()) {
            throw c.malformed(c.position(), "node '" + name + "' has no op_type");
        }
        return new OnnxNode(name, opType, domain, inputs, outputs, attributes);
    }

    private OnnxAttribute attribute(ProtoCursor c, String node) {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        String s = "";
        OnnxTensor t = null;
        List<Float> floats = new ArrayList<>();
        List<Long> ints = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        while (c.hasMore()) {
            long tag = c.readTag();
            int field = fieldOf(tag);
            switch (field) {
                case 1 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "AttributeProto.name");
                    name = c.readString("attribute name", OnnxModel.MAX_STRING_BYTES);
                }
                case 20 -> {
                    c.expectWire(tag, VARINT, "AttributeProto.type");
                    type = (int) c.readVarint("attribute type");
                }
                case 2 -> {
                    c.expectWire(tag, FIXED32, "AttributeProto.f");
                    f = Float.intBitsToFloat(c.readFixed32("attribute float"));
                }
                case 3 -> {
                    c.expectWire(tag, VARINT, "AttributeProto.i");
                    i = c.readVarint("attribute int");
                }
                case 4 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "AttributeProto.s");
                    s = c.readString("attribute string", OnnxModel.MAX_STRING_BYTES);
                }
                case 5 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "AttributeProto.t");
                    t = tensor(c.readMessage("attribute tensor"));
                }
                case 7 -> {
                    if (wireOf(tag) == LENGTH_DELIMITED) {
                        ProtoCursor p = c.readMessage("packed floats");
                        while (p.hasMore()) {
                            entry(p, floats.size(), "attribute floats");
                            floats.add(Float.intBitsToFloat(p.readFixed32("packed float")));
                        }
                    } else {
                        c.expectWire(tag, FIXED32, "AttributeProto.floats");
                        entry(c, floats.size(), "attribute floats");
                        floats.add(Float.intBitsToFloat(c.readFixed32("attribute float")));
                    }
                }
                case 8 -> {
                    if (wireOf(tag) == LENGTH_DELIMITED) {
                        ProtoCursor p = c.readMessage("packed ints");
                        while (p.hasMore()) {
                            entry(p, ints.size(), "attribute ints");
                            ints.add(p.readVarint("packed int"));
                        }
                    } else {
                        c.expectWire(tag, VARINT, "AttributeProto.ints");
                        entry(c, ints.size(), "attribute ints");
                        ints.add(c.readVarint("attribute int"));
                    }
                }
                case 9 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "AttributeProto.strings");
                    entry(c, strings.size(), "attribute strings");
                    strings.add(c.readString("attribute string", OnnxModel.MAX_STRING_BYTES));
                }
                case 6, 11 -> throw new AccelException(ErrorCode.UNSUPPORTED, source + ": attribute '" + name + "' of node '" + node
                        + "' holds a subgraph (If/Loop/Scan bodies), which this reader does not support");
                case 10, 22, 23 -> throw new AccelException(ErrorCode.UNSUPPORTED, source + ": attribute '" + name + "' of node '" + node
                        + "' holds a list of tensors or a sparse tensor, which this reader does not support");
                case 21 -> throw new AccelException(ErrorCode.UNSUPPORTED, source + ": attribute '" + name + "' of node '" + node
                        + "' refers to a function attribute (ref_attr_name), which only functions may use");
                default -> c.skip(wireOf(tag), "AttributeProto field " + field);
            }
        }
        if (name.isEmpty()) {
            throw c.malformed(c.position(), "an attribute of node '" + node + "' has no name");
        }
        return new OnnxAttribute(name, type, f, i, s, Optional.ofNullable(t), floats, ints, strings);
    }

    private OnnxTensor tensor(ProtoCursor c) {
        long start = c.position();
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        MemorySegment raw = null;
        FloatList floats = null;
        LongList longs = null;
        boolean int32 = false;
        boolean doubles = false;
        boolean external = false;
        while (c.hasMore()) {
            long tag = c.readTag();
            int field = fieldOf(tag);
            switch (field) {
                case 1 -> {
                    if (wireOf(tag) == LENGTH_DELIMITED) {
                        ProtoCursor p = c.readMessage("packed dims");
                        while (p.hasMore()) {
                            dim(p, dims);
                        }
                    } else {
                        c.expectWire(tag, VARINT, "TensorProto.dims");
                        dim(c, dims);
                    }
                }
                case 2 -> {
                    c.expectWire(tag, VARINT, "TensorProto.data_type");
                    long v = c.readVarint("data_type");
                    if (v < 0 || v > Integer.MAX_VALUE) {
                        throw c.malformed(c.position(), "data_type " + v + " is out of range");
                    }
                    dataType = (int) v;
                }
                case 3 -> throw new AccelException(ErrorCode.UNSUPPORTED, source + ": a tensor is stored in segments (TensorProto.segment),"
                        + " which this reader does not support");
                case 4 -> {
                    floats = floats == null ? new FloatList() : floats;
                    if (wireOf(tag) == LENGTH_DELIMITED) {
                        ProtoCursor p = c.readMessage("packed float_data");
                        while (p.hasMore()) {
                            floats.add(Float.intBitsToFloat(p.readFixed32("float_data")));
                        }
                    } else {
                        c.expectWire(tag, FIXED32, "TensorProto.float_data");
                        floats.add(Float.intBitsToFloat(c.readFixed32("float_data")));
                    }
                }
                case 5, 7 -> {
                    longs = longs == null ? new LongList() : longs;
                    int32 |= field == 5;
                    if (wireOf(tag) == LENGTH_DELIMITED) {
                        ProtoCursor p = c.readMessage(field == 5 ? "packed int32_data" : "packed int64_data");
                        while (p.hasMore()) {
                            longs.add(p.readVarint("integer data"));
                        }
                    } else {
                        c.expectWire(tag, VARINT, field == 5 ? "TensorProto.int32_data" : "TensorProto.int64_data");
                        longs.add(c.readVarint("integer data"));
                    }
                }
                case 6 -> throw new AccelException(ErrorCode.UNSUPPORTED, source + ": string tensors (TensorProto.string_data) are not supported");
                case 8 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "TensorProto.name");
                    name = c.readString("tensor name", OnnxModel.MAX_STRING_BYTES);
                }
                case 9 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "TensorProto.raw_data");
                    long from = c.readLengthDelimited("raw_data");
                    raw = file.asSlice(from, c.position() - from);
                }
                case 10 -> {
                    floats = floats == null ? new FloatList() : floats;
                    doubles = true;
                    if (wireOf(tag) == LENGTH_DELIMITED) {
                        ProtoCursor p = c.readMessage("packed double_data");
                        while (p.hasMore()) {
                            floats.addDouble(Double.longBitsToDouble(p.readFixed64("double_data")));
                        }
                    } else {
                        c.expectWire(tag, FIXED64, "TensorProto.double_data");
                        floats.addDouble(Double.longBitsToDouble(c.readFixed64("double_data")));
                    }
                }
                case 11 -> throw new AccelException(ErrorCode.UNSUPPORTED, source + ": uint64_data tensors are not supported");
                case 13 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "TensorProto.external_data");
                    c.readLengthDelimited("external_data");
                    external = true;
                }
                case 14 -> {
                    c.expectWire(tag, VARINT, "TensorProto.data_location");
                    external |= c.readVarint("data_location") == 1;
                }
                default -> c.skip(wireOf(tag), "TensorProto field " + field);
            }
        }
        String label = name.isEmpty() ? "a tensor at byte " + start : "tensor '" + name + "'";
        if (external) {
            throw new AccelException(ErrorCode.UNSUPPORTED, source + ": " + label + " keeps its data in an external file (data_location = EXTERNAL);"
                    + " this reader reads only models whose weights are inside the .onnx file (re-save without external data)");
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long numel = 1;
        for (long d : shape) {
            numel = multiply(numel, d, c, label);
        }
        int present = (raw != null ? 1 : 0) + (floats != null ? 1 : 0) + (longs != null ? 1 : 0);
        if (present > 1) {
            throw c.malformed(start, label + " has data in more than one field (raw_data and a typed field)");
        }
        if (raw != null) {
            int elem = OnnxDataTypes.byteSize(dataType);
            if (elem == 0) {
                throw new AccelException(ErrorCode.UNSUPPORTED, source + ": " + label + " has ONNX data type " + OnnxDataTypes.name(dataType)
                        + ", whose raw_data this reader cannot size");
            }
            if (multiply(numel, elem, c, label) != raw.byteSize()) {
                throw c.malformed(start, label + " has shape " + Arrays.toString(shape) + " of " + OnnxDataTypes.name(dataType) + " ("
                        + numel + " elements of " + elem + " bytes) but raw_data holds " + raw.byteSize() + " bytes");
            }
            return new OnnxTensor(name, dataType, shape, raw, null);
        }
        Object typed = null;
        long count = 0;
        if (floats != null) {
            typed = doubles ? floats.toDoubles() : floats.toFloats();
            count = floats.size();
        } else if (longs != null) {
            typed = int32 ? longs.toInts() : longs.toLongs();
            count = longs.size();
        }
        if (typed != null && count != numel) {
            throw c.malformed(start, label + " has shape " + Arrays.toString(shape) + " (" + numel + " elements) but its typed data field holds "
                    + count + " values");
        }
        if (typed == null && numel != 0) {
            throw c.malformed(start, label + " has shape " + Arrays.toString(shape) + " but no data (no raw_data and no typed data field)");
        }
        return new OnnxTensor(name, dataType, shape, null, typed == null ? new float[0] : typed);
    }

    private void dim(ProtoCursor c, List<Long> dims) {
        long at = c.position();
        long d = c.readVarint("tensor dim");
        if (d < 0) {
            throw c.malformed(at, "negative tensor dimension " + d);
        }
        if (dims.size() == OnnxModel.MAX_RANK) {
            throw new AccelException(ErrorCode.UNSUPPORTED, source + ": a tensor has more than " + OnnxModel.MAX_RANK + " dimensions");
        }
        dims.add(d);
    }

    private static long multiply(long a, long b, ProtoCursor c, String label) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw c.malformed(c.position(), label + " has more elements than fit in 64 bits");
        }
    }

    private OnnxValueInfo valueInfo(ProtoCursor c) {
        String name = "";
        int elemType = 0;
        List<String> dims = new ArrayList<>();
        while (c.hasMore()) {
            long tag = c.readTag();
            switch (fieldOf(tag)) {
                case 1 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "ValueInfoProto.name");
                    name = c.readString("value name", OnnxModel.MAX_STRING_BYTES);
                }
                case 2 -> {
                    c.expectWire(tag, LENGTH_DELIMITED, "ValueInfoProto.type");
                    ProtoCursor type = c.readMessage("type");
                    while (type.hasMore()) {
                        long t = type.readTag();
                        if (fieldOf(t) == 1 && wireOf(t) == LENGTH_DELIMITED) { // TypeProto.tensor_type
                            elemType = tensorType(type.readMessage("tensor_type"), dims);
                        } else {
                            type.skip(wireOf(t), "TypeProto field " + fieldOf(t));
                        }
                    }
                }
                default -> c.skip(wireOf(tag), "ValueInfoProto field " + fieldOf(tag));
            }
        }
        return new OnnxValueInfo(name, elemType, dims);
    }

    private int tensorType(ProtoCursor c, List<String> dims) {
        int elemType = 0;
        while (c.hasMore()) {
            long tag = c.readTag();
            if (fieldOf(tag) == 1 && wireOf(tag) == VARINT) { // elem_type
                elemType = (int) c.readVarint("elem_type");
            } else if (fieldOf(tag) == 2 && wireOf(tag) == LENGTH_DELIMITED) { // shape
                ProtoCursor shape = c.readMessage("shape");
                while (shape.hasMore()) {
                    long t = shape.readTag();
                    if (fieldOf(t) == 1 && wireOf(t) == LENGTH_DELIMITED) { // TensorShapeProto.dim
                        entry(shape, dims.size(), "value dims");
                        dims.add(dimension(shape.readMessage("dim")));
                    } else {
                        shape.skip(wireOf(t), "TensorShapeProto field " + fieldOf(t));
                    }
                }
            } else {
                c.skip(wireOf(tag), "TypeProto.Tensor field " + fieldOf(tag));
            }
        }
        return elemType;
    }

    private String dimension(ProtoCursor c) {
        String dim = "?";
        while (c.hasMore()) {
            long tag = c.readTag();
            if (fieldOf(tag) == 1 && wireOf(tag) == VARINT) {
                dim = Long.toString(c.readVarint("dim_value"));
            } else if (fieldOf(tag) == 2 && wireOf(tag) == LENGTH_DELIMITED) {
                dim = c.readString("dim_param", OnnxModel.MAX_STRING_BYTES);
            } else {
                c.skip(wireOf(tag), "Dimension field " + fieldOf(tag));
            }
        }
        return dim;
    }

    private static AccelException tooMany(String source) {
        return new AccelException(ErrorCode.UNSUPPORTED, source + ": a tensor holds more than " + OnnxModel.MAX_TYPED_VALUES
                + " values in typed data fields (float_data, int64_data...) in all; large tensors must use raw_data");
    }

    /** Counts one decoded entry (node, name, list item...) against the per-list and the per-model limits. */
    private void entry(ProtoCursor c, int size, String what) {
        if (size >= OnnxModel.MAX_LIST) {
            throw c.malformed(c.position(), "more than " + OnnxModel.MAX_LIST + " " + what);
        }
        if (++entries > OnnxModel.MAX_ENTRIES) {
            throw new AccelException(ErrorCode.UNSUPPORTED, source + ": the model has more than " + OnnxModel.MAX_ENTRIES
                    + " nodes, names, attributes and list items in all, the limit of this reader");
        }
    }

    /** A growable float/double list; typed values of the whole model count against {@link OnnxModel#MAX_TYPED_VALUES}. */
    private final class FloatList {
        private double[] values = new double[16];
        private int size;

        void add(float v) {
            addDouble(v);
        }

        void addDouble(double v) {
            if (++typedValues > OnnxModel.MAX_TYPED_VALUES) {
                throw tooMany(source);
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.min(OnnxModel.MAX_TYPED_VALUES, size * 2));
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        float[] toFloats() {
            float[] out = new float[size];
            for (int i = 0; i < size; i++) {
                out[i] = (float) values[i];
            }
            return out;
        }

        double[] toDoubles() {
            return Arrays.copyOf(values, size);
        }
    }

    private final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long v) {
            if (++typedValues > OnnxModel.MAX_TYPED_VALUES) {
                throw tooMany(source);
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.min(OnnxModel.MAX_TYPED_VALUES, size * 2));
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        long[] toLongs() {
            return Arrays.copyOf(values, size);
        }

        int[] toInts() {
            int[] out = new int[size];
            for (int i = 0; i < size; i++) {
                out[i] = (int) values[i];
            }
            return out;
        }
    }
}
