package dev.accel.examples.bert.onnx;

import java.util.List;

/**
 * One ONNX {@code AttributeProto} of the kinds this reader decodes: a float, an integer, a string, a tensor,
 * or lists of floats, integers or strings. Graph, sparse-tensor and type attributes are rejected at parse time.
 *
 * @param name the attribute's name
 * @param type the {@code AttributeProto.AttributeType} number (1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 6 FLOATS, 7 INTS, 8 STRINGS)
 * @param f the float value (0 when absent)
 * @param i the integer value (0 when absent)
 * @param s the string value (empty when absent)
 * @param t the tensor value, when present
 * @param floats the float list
 * @param ints the integer list
 * @param strings the string list
 */
public record OnnxAttribute(String name, int type, float f, long i, String s, java.util.Optional<OnnxTensor> t, List<Float> floats, List<Long> ints, List<String> strings) {
    public OnnxAttribute {
        floats = List.copyOf(floats);
        ints = List.copyOf(ints);
        strings = List.copyOf(strings);
    }
}
