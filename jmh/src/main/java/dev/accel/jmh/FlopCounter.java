package dev.accel.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Floating-point operations done by a product benchmark, reported by JMH as the secondary metric {@code flop} (a
 * rate, next to the primary score): a benchmark method takes it as an argument and adds its flops per call.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class FlopCounter {
    public long flop;

    @Setup(Level.Iteration)
    public void reset() {
        flop = 0;
    }
}
