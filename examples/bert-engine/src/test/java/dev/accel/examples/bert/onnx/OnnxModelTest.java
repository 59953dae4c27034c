package dev.accel.examples.bert.onnx;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.examples.bert.MiniLmFiles;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxModelTest {
    @Test
    void parsesMiniLm() {
        try (MemoryScope scope = MemoryScope.shared()) {
            Memory file = Memory.mapFile(MiniLmFiles.model(), scope);
            OnnxModel m = OnnxModel.parse(file.hostSegment(), MiniLmFiles.MODEL);
            assertEquals(7, m.irVersion());
            assertEquals(14L, m.opsets().get(""));
            assertEquals(692, m.nodes().size());
            assertEquals(104, m.initializers().size());
            assertEquals(48, m.nodes().stream().filter(n -> n.opType().equals("MatMul")).count());
            assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), m.inputs().stream().map(OnnxValueInfo::name).toList());
            assertEquals(List.of("batch", "384"), m.outputs().getLast().dims());
            OnnxTensor word = m.initializer("embeddings.word_embeddings.weight").orElseThrow();
            assertArrayEquals(new long[] {30522, 384}, word.shape());
            assertEquals(DType.F32, word.dtype());
        }
    }

    @Test
    void initializersAreViewsIntoTheMapping() {
        try (MemoryScope scope = MemoryScope.shared()) {
            Memory file = Memory.mapFile(MiniLmFiles.model(), scope);
            MemorySegment seg = file.hostSegment();
            OnnxModel m = OnnxModel.parse(seg, MiniLmFiles.MODEL);
            long total = 0;
            for (OnnxTensor t : m.initializers().values()) {
                assertTrue(t.isView(), t.name());
                Tensor v = t.view();
                long address = v.asSegment().address();
                assertTrue(address >= seg.address() && address + v.byteSize() <= seg.address() + seg.byteSize(),
                        t.name() + " lies inside the mapping");
                assertEquals(t.rawAddress(), address);
                assertEquals(MemoryKind.MAPPED_FILE, v.memoryKind(), t.name());
                total += v.byteSize();
            }
            assertTrue(total > 85_000_000L, "about 90 MB of weights viewed: " + total);
        }
    }

    @Test
    void viewsUnalignedRawDataInPlace() {
        byte[] bytes = Proto.tinyModel(Proto.floatTensor("w", new long[] {2, 2}, 1, 2, 3, 4)).toBytes();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(bytes.length + 1).asSlice(1);
            MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, 0, bytes.length);
            OnnxModel m = OnnxModel.parse(seg, "tiny");
            assertEquals(8, m.irVersion());
            assertEquals(17L, m.opsets().get(""));
            assertEquals(List.of("x"), m.inputs().stream().map(OnnxValueInfo::name).toList(), "initializers are not caller inputs");
            OnnxNode mm = m.nodes().getFirst();
            assertEquals("MatMul", mm.opType());
            assertEquals(List.of("x", "w"), mm.inputs());
            assertEquals(mm, m.consumers("w").getFirst());
            assertEquals(mm, m.producerOf("y").orElseThrow());
            OnnxTensor w = m.initializer("w").orElseThrow();
            Tensor v = w.view();
            assertArrayEquals(new float[] {1, 2, 3, 4}, v.toFloatArray());
            assertTrue(w.rawAddress() > seg.address() && w.rawAddress() < seg.address() + bytes.length);
            try (MemoryScope scope = MemoryScope.confined()) {
                assertArrayEquals(new float[] {1, 2, 3, 4}, w.copyTo(scope).toFloatArray());
            }
        }
    }

    @Test
    void readsTypedDataAsACopy() {
        Proto t = new Proto().varint(1, 3).varint(2, 7).string(8, "shape");
        Proto packed = new Proto().raw(4).raw(5).raw(6);
        t.bytes(7, packed.toBytes());
        OnnxModel m = parse(Proto.tinyModel(t).toBytes());
        OnnxTensor s = m.initializer("shape").orElseThrow();
        assertFalse(s.isView());
        assertEquals(ErrorCode.UNSUPPORTED, assertThrows(AccelException.class, s::view).code());
        try (MemoryScope scope = MemoryScope.confined()) {
            assertArrayEquals(new long[] {4, 5, 6}, s.copyTo(scope).toLongArray());
        }
    }

    @Test
    void malformedBytesGiveClearErrors() {
        byte[] good = Proto.tinyModel(Proto.floatTensor("w", new long[] {2, 2}, 1, 2, 3, 4)).toBytes();
        // truncated anywhere: never anything but an AccelException (or a valid prefix)
        for (int cut = 0; cut < good.length; cut++) {
            byte[] prefix = Arrays.copyOf(good, cut);
            try {
                parse(prefix);
            } catch (AccelException e) {
                assertTrue(e.code() == ErrorCode.MALFORMED_INPUT, cut + ": " + e.getMessage());
            }
        }
        assertMalformed(Arrays.copyOf(good, good.length - 3), "remain");
        assertMalformed(new byte[0], "no ModelProto.graph");
        assertMalformed(new Proto().tag(1, 0).rawBytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F).toBytes(), "overflows 64 bits");
        assertMalformed(new Proto().tag(1, 0).rawBytes(0x80, 0x80).toBytes(), "truncated varint");
        assertMalformed(new Proto().string(1, "not a varint").toBytes(), "wire type 2, expected 0");
        assertMalformed(new Proto().tag(7, 2).raw(1000).rawBytes(1, 2, 3).toBytes(), "claims 1000 bytes");
        assertMalformed(new Proto().tag(7, 2).raw(-1L).toBytes(), "claims");
        assertMalformed(new Proto().tag(3, 3).toBytes(), "group wire type");
        assertMalformed(new Proto().tag(3, 7).toBytes(), "wire type 7");
        assertMalformed(new Proto().rawBytes(0x00).toBytes(), "field number 0");
        // raw_data that does not match the shape
        assertMalformed(Proto.tinyModel(Proto.floatTensor("w", new long[] {3, 2}, 1, 2, 3, 4)).toBytes(), "raw_data holds 16 bytes");
        // invalid UTF-8 in a name
        assertMalformed(Proto.tinyModel(new Proto().varint(2, 1).bytes(8, new byte[] {(byte) 0xC3})).toBytes(), "UTF-8");
        // duplicate initializer names
        Proto graph = new Proto().message(5, Proto.floatTensor("w", new long[] {1}, 1)).message(5, Proto.floatTensor("w", new long[] {1}, 2));
        assertMalformed(new Proto().message(7, graph).toBytes(), "two initializers are named 'w'");
    }

    @Test
    void unsupportedFeaturesAreNamed() {
        Proto external = new Proto().varint(1, 4).varint(2, 1).string(8, "w")
                .message(13, new Proto().string(1, "location").string(2, "weights.bin")).varint(14, 1);
        assertUnsupported(Proto.tinyModel(external).toBytes(), "external file");
        Proto strings = new Proto().varint(1, 1).varint(2, 8).string(8, "s").string(6, "hello");
        assertUnsupported(Proto.tinyModel(strings).toBytes(), "string tensors");
        Proto sub = new Proto().message(1, new Proto().string(4, "If").string(3, "branch")
                .message(5, new Proto().string(1, "then_branch").varint(20, 5).message(6, new Proto())));
        assertUnsupported(new Proto().message(7, sub).toBytes(), "subgraph");
        assertUnsupported(new Proto().message(7, new Proto().message(15, new Proto())).toBytes(), "sparse initializers");
        assertUnsupported(new Proto().message(25, new Proto()).toBytes(), "model-local functions");
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        byte[] good = Proto.tinyModel(Proto.floatTensor("w", new long[] {2, 2}, 1, 2, 3, 4)).toBytes();
        Random random = new Random(7);
        for (int i = 0; i < 5000; i++) {
            byte[] bad = good.clone();
            for (int j = 0; j < 1 + random.nextInt(4); j++) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            try {
                parse(bad);
            } catch (AccelException e) {
                assertTrue(e.code() == ErrorCode.MALFORMED_INPUT || e.code() == ErrorCode.UNSUPPORTED, e.getMessage());
            }
        }
    }

    @Test
    void rejectsHeapSegments() {
        AccelException e = assertThrows(AccelException.class, () -> OnnxModel.parse(MemorySegment.ofArray(new byte[4]), "heap"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }

    private static OnnxModel parse(byte[] bytes) {
        MemorySegment seg = Arena.ofAuto().allocate(Math.max(1, bytes.length)).asSlice(0, bytes.length);
        MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return OnnxModel.parse(seg, "test.onnx");
    }

    private static void assertMalformed(byte[] bytes, String expected) {
        AccelException e = assertThrows(AccelException.class, () -> parse(bytes));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private static void assertUnsupported(byte[] bytes, String expected) {
        AccelException e = assertThrows(AccelException.class, () -> parse(bytes));
        assertEquals(ErrorCode.UNSUPPORTED, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
