package dev.accel.cuda;

import dev.accel.cuda.ops.KernelArg;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code kernelParams} array handed to {@code cuLaunchKernel}: one pointer per argument, to its value. */
class KernelArgumentsTest {

    @Test
    void eachArgumentIsAPointerToItsValue() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = CudaKernels.packArguments(arena,
                    KernelArg.ptr(0x7f00_0000_1000L), KernelArg.i32(-7), KernelArg.i64(1L << 40),
                    KernelArg.f32(1.5f), KernelArg.f64(-2.25), new KernelArg.ByValue(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 8));
            MemorySegment[] p = new MemorySegment[6];
            for (int i = 0; i < 6; i++) {
                p[i] = params.getAtIndex(ValueLayout.ADDRESS, i).reinterpret(16);
            }
            assertEquals(0x7f00_0000_1000L, p[0].get(ValueLayout.JAVA_LONG, 0));
            assertEquals(-7, p[1].get(ValueLayout.JAVA_INT, 0));
            assertEquals(1L << 40, p[2].get(ValueLayout.JAVA_LONG, 0));
            assertEquals(1.5f, p[3].get(ValueLayout.JAVA_FLOAT, 0));
            assertEquals(-2.25, p[4].get(ValueLayout.JAVA_DOUBLE, 0));
            assertEquals(0, p[5].address() % 8, "struct arguments keep their alignment");
            assertEquals(9, p[5].get(ValueLayout.JAVA_BYTE, 8));
        }
    }
}
