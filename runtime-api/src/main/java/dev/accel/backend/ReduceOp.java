package dev.accel.backend;

/** Reductions over one axis. */
public enum ReduceOp {
    SUM(OpKind.SUM), MEAN(OpKind.MEAN), MAX(OpKind.MAX);

    private final OpKind kind;

    ReduceOp(OpKind kind) {
        this.kind = kind;
    }

    public OpKind kind() {
        return kind;
    }
}
