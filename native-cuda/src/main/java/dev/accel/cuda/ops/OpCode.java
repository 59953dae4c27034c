package dev.accel.cuda.ops;

import dev.accel.backend.BinaryOp;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.UnaryOp;

import java.util.LinkedHashMap;
import java.util.Map;

/** The op numbers the kernels switch on ({@code OP_*} in the kernels' prelude header {@code accel_prelude.cuh}). */
final class OpCode {
    /** {@code x * factor} in the unary kernels. */
    static final int SCALE = 6;

    private OpCode() {
    }

    static int of(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
        };
    }

    static int of(UnaryOp op) {
        return switch (op) {
            case EXP -> 0;
            case TANH -> 1;
            case GELU_ERF -> 2;
            case GELU_TANH -> 3;
            case SILU -> 4;
            case RELU -> 5;
        };
    }

    static int of(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MEAN -> 1;
            case MAX -> 2;
        };
    }

    /** Every prelude macro name with the number Java passes for it. */
    static Map<String, Integer> macros() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (BinaryOp op : BinaryOp.values()) {
            m.put("OP_" + op.name(), of(op));
        }
        for (UnaryOp op : UnaryOp.values()) {
            m.put("OP_" + op.name(), of(op));
        }
        m.put("OP_SCALE", SCALE);
        for (ReduceOp op : ReduceOp.values()) {
            m.put("OP_" + op.name(), of(op));
        }
        return m;
    }
}
