package dev.accel.backend;

/** Elementwise unary ops. {@link #apply(double)} is the float64 reference every backend is tested against. */
public enum UnaryOp {
    EXP(OpKind.EXP),
    TANH(OpKind.TANH),
    /** {@code x * Phi(x)} with the exact normal CDF: {@code 0.5 x (1 + erf(x / sqrt 2))} (BERT). */
    GELU_ERF(OpKind.GELU_ERF),
    /** The tanh approximation: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} (GPT-2). */
    GELU_TANH(OpKind.GELU_TANH),
    /** {@code x * sigmoid(x)} (LLaMA's SwiGLU gate). */
    SILU(OpKind.SILU),
    RELU(OpKind.RELU);

    private final OpKind kind;

    UnaryOp(OpKind kind) {
        this.kind = kind;
    }

    public OpKind kind() {
        return kind;
    }

    /** The reference definition, in float64. */
    public double apply(double x) {
        return switch (this) {
            case EXP -> Math.exp(x);
            case TANH -> Math.tanh(x);
            case GELU_ERF -> 0.5 * x * (1 + MathFunctions.erf(x / Math.sqrt(2)));
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            case SILU -> x / (1 + Math.exp(-x));
            case RELU -> x > 0 || Double.isNaN(x) ? x : 0.0; // keeps NaN; negatives and -0 give +0
        };
    }
}
