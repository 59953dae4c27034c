package dev.accel.backend;

/** Every op of {@link Ops}, for capability queries ({@link Device#supports}) and conformance reports. */
public enum OpKind {
    MATMUL, ADD, SUB, MUL, DIV, SCALE,
    EXP, TANH, GELU_ERF, GELU_TANH, SILU, RELU,
    SOFTMAX, LAYER_NORM, RMS_NORM, GATHER,
    SUM, MEAN, MAX,
    CAST, CONCAT, COPY
}
