package dev.accel.qnn;

import java.util.List;

/**
 * One graph of a QNN context binary: its name and its inputs and outputs in the order
 * {@code graphExecute} takes them.
 */
public record QnnGraphSpec(String name, List<QnnTensorSpec> inputs, List<QnnTensorSpec> outputs) {
    public QnnGraphSpec {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
