package dev.accel.backend;

/** Elementwise binary ops with NumPy broadcasting: {@code out = a (op) b}. */
public enum BinaryOp {
    ADD(OpKind.ADD), SUB(OpKind.SUB), MUL(OpKind.MUL), DIV(OpKind.DIV);

    private final OpKind kind;

    BinaryOp(OpKind kind) {
        this.kind = kind;
    }

    public OpKind kind() {
        return kind;
    }

    /** The reference definition, in float64. */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }
}
