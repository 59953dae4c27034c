package dev.accel.examples.bert.onnx;

import java.util.List;
import java.util.Map;

/**
 * One ONNX {@code NodeProto}: an operator application. Empty strings in {@code inputs} mark omitted optional
 * inputs, as in ONNX.
 *
 * @param name the node's name (may be empty)
 * @param opType the operator, e.g. {@code MatMul}
 * @param domain the operator set domain; empty for the default {@code ai.onnx}
 * @param inputs input value names, in order
 * @param outputs output value names, in order
 * @param attributes by name, in file order
 */
public record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs, Map<String, OnnxAttribute> attributes) {
    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }

    /** The {@code i}-th input, or the empty string when the node has fewer. */
    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }
}
