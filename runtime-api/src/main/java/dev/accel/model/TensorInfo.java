package dev.accel.model;

import dev.accel.tensor.DType;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a model expects (input) or produces (output) under one name: an element type and a shape whose
 * axes are {@link Dim fixed or symbolic}.
 *
 * @param name  the model's name for the value, e.g. {@code input_ids}
 * @param dtype the element type
 * @param shape one {@link Dim} per axis (empty for a scalar)
 */
public record TensorInfo(String name, DType dtype, List<Dim> shape) {
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = List.copyOf(shape);
    }

    public int rank() {
        return shape.size();
    }

    /** True when every axis has a fixed size. */
    public boolean isFullyFixed() {
        return shape.stream().allMatch(Dim::isFixed);
    }

    /** The shape as written in messages: {@code [batch_size, sequence_length, 384]}. */
    public String shapeString() {
        return shape.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code input_ids: i64[batch_size, sequence_length]}. */
    @Override
    public String toString() {
        return name + ": " + dtype + shapeString();
    }
}
