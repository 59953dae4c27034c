package dev.accel.openvino.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * One input or output of a compiled model, as its {@code ov_output_const_port_t} describes it.
 *
 * @param name        the port's tensor name ({@code ov_port_get_any_name})
 * @param elementType the {@code ov_element_type_e} value
 * @param min         per axis, the lower bound of {@code ov_port_get_partial_shape}'s dimension
 * @param max         per axis, the upper bound; {@code -1} for unbounded. An axis is static when {@code min == max}
 */
public record OvPort(String name, int elementType, long[] min, long[] max) {
    public OvPort {
        Objects.requireNonNull(name, "name");
        min = min.clone();
        max = max.clone();
        if (min.length != max.length) {
            throw new IllegalArgumentException("min and max differ in rank");
        }
    }

    public int rank() {
        return min.length;
    }

    /** Whether axis {@code d} has one size. */
    public boolean isStatic(int d) {
        return min[d] == max[d] && min[d] >= 0;
    }

    @Override
    public long[] min() {
        return min.clone();
    }

    @Override
    public long[] max() {
        return max.clone();
    }

    @Override
    public String toString() {
        return name + ": type " + elementType + " min " + Arrays.toString(min) + " max " + Arrays.toString(max);
    }
}
