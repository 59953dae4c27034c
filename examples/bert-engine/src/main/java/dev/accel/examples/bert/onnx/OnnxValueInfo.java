package dev.accel.examples.bert.onnx;

import java.util.List;

/**
 * A graph input or output ({@code ValueInfoProto}) with a tensor type.
 *
 * @param name the value's name
 * @param elemType the ONNX element type number (0 when the type is not a tensor or not given)
 * @param dims each axis: its size as a decimal string, its symbolic name, or {@code "?"} when unknown
 */
public record OnnxValueInfo(String name, int elemType, List<String> dims) {
    public OnnxValueInfo {
        dims = List.copyOf(dims);
    }
}
