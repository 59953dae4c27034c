package dev.accel.tokenizers;

import dev.accel.AccelException;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PoolingTest {
    @Test
    void meanOverMaskedTokensThenNormalize() {
        try (MemoryScope scope = MemoryScope.confined()) {
            // batch 2, sequence 3, width 2
            Tensor hidden = Tensor.copyOf(scope, new float[]{1, 2, 3, 4, 100, 100, /**/ 2, 0, 0, 2, 4, 4}, 2, 3, 2);
            Tensor mask = Tensor.copyOf(scope, new long[]{1, 1, 0, 1, 1, 1}, 2, 3);
            Tensor mean = Pooling.meanPool(hidden, mask, scope);
            assertArrayEquals(new float[]{2, 3, 2, 2}, mean.toFloatArray(), 1e-6f);
            // a transposed (non-contiguous) view gives the same result
            Tensor strided = Tensor.zeros(scope, hidden.dtype(), 2, 2, 3);
            hidden.permute(0, 2, 1).copyTo(strided);
            assertArrayEquals(mean.toFloatArray(), Pooling.meanPool(strided.permute(0, 2, 1), mask, scope).toFloatArray(), 1e-6f);
            Tensor unit = Pooling.l2NormalizeInPlace(mean);
            float s = (float) Math.sqrt(13);
            assertArrayEquals(new float[]{2 / s, 3 / s, (float) Math.sqrt(0.5), (float) Math.sqrt(0.5)}, unit.toFloatArray(), 1e-6f);
            assertThrows(AccelException.class, () -> Pooling.meanPool(hidden, Tensor.copyOf(scope, new long[]{1, 1}, 1, 2), scope));
        }
    }

    @Test
    void cosine() {
        assertEquals(1.0, Pooling.cosine(new float[]{1, 2}, new float[]{2, 4}), 1e-12);
        assertEquals(0.0, Pooling.cosine(new float[]{1, 0}, new float[]{0, 3}), 1e-12);
        assertEquals(0.0, Pooling.cosine(new float[]{0, 0}, new float[]{0, 3}), 1e-12);
    }
}
