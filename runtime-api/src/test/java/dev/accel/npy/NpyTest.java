package dev.accel.npy;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class NpyTest {
    /**
     * Golden files written by real NumPy 2.4.6 ({@code np.save} unless noted), base64-encoded. Generated with:
     * <pre>
     * import numpy as np, io, base64
     * from numpy.lib import format as fmt
     * def save(a, version=None):
     *     b = io.BytesIO()
     *     np.save(b, a) if version is None else fmt.write_array(b, a, version=version)
     *     return base64.b64encode(b.getvalue()).decode()
     * </pre>
     */
    static final class Golden {
        /** {@code np.arange(6, dtype='<f4').reshape(2,3) * np.float32(0.5)} */
        static final String F4_2x3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAPwAAgD8AAMA/AAAAQAAAIEA=";
        /** {@code np.array([-1, 2**40, 7], dtype='<i8')} */
        static final String I8_3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr//////////wAAAAAAAQAABwAAAAAAAAA=";
        /** {@code np.array(1.5, dtype='<f2')} (rank 0) */
        static final String F2_SCALAR = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAPg==";
        /** {@code np.array([0, 1, 200, 255], dtype='u1')} */
        static final String U1_4 = "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAcj/";
        /** {@code np.array([True, False, True])} */
        static final String B1_3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE=";
        /** {@code np.array([-128, 127], dtype='i1')} */
        static final String I1_2 = "k05VTVBZAQB2AHsnZGVzY3InOiAnfGkxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqAfw==";
        /** {@code np.zeros((0, 3), '<f8')} */
        static final String F8_EMPTY_0x3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=";
        /** {@code np.array([-1, 0, 1, 2**30], dtype='>i4')} */
        static final String I4_BIG_4 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr/////AAAAAAAAAAFAAAAA";
        /** {@code np.array([[1.5, -2.0], [3.25, 1e300]], dtype='>f8')} */
        static final String F8_BIG_2x2 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/+AAAAAAAAMAAAAAAAAAAQAoAAAAAAAB+N+Q8iAB1nA==";
        /** {@code np.asfortranarray(np.arange(6, dtype='<i2').reshape(2,3))} */
        static final String I2_FORTRAN_2x3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGkyJywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAMAAQAEAAIABQA=";
        /** {@code np.asfortranarray(np.arange(6).reshape(2,3).astype('>i2'))} */
        static final String I2_BIG_FORTRAN_2x3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmkyJywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAADAAEABAACAAU=";
        /** {@code fmt.write_array(b, np.arange(3, dtype='<f4'), version=(2, 0))} */
        static final String F4_V2 = "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEA=";
        /** {@code fmt.write_array(b, np.arange(3, dtype='<f4'), version=(3, 0))} */
        static final String F4_V3 = "k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEA=";
        /** {@code np.array([1+2j])}: complex128, unsupported */
        static final String C16 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGMxNicsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgxLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABA";
        /** {@code np.array(['abc'])}: unicode strings, unsupported */
        static final String U3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPFUzJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAphAAAAYgAAAGMAAAA=";
        /** {@code np.zeros(1, dtype=[('a', '<f4'), ('b', '<i2')])}: structured, unsupported */
        static final String STRUCTURED = "k05VTVBZAQB2AHsnZGVzY3InOiBbKCdhJywgJzxmNCcpLCAoJ2InLCAnPGkyJyldLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMSwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAA=";

        private Golden() {
        }
    }

    @TempDir
    Path dir;

    private final MemoryScope scope = MemoryScope.confined();
    private int files;

    @AfterEach
    void close() {
        scope.close();
    }

    private Path file(byte[] bytes) throws IOException {
        Path p = dir.resolve("f" + files++ + ".npy");
        Files.write(p, bytes);
        return p;
    }

    private Path golden(String base64) throws IOException {
        return file(Base64.getDecoder().decode(base64));
    }

    /**
     * A .npy file built by hand from the format specification: magic, version, little-endian header length
     * (u16 for 1.0, u32 for 2.0/3.0), the header text padded with spaces and ended by '\n' so that the data
     * starts at a multiple of {@code align} (1 for no alignment), then the data.
     */
    private static byte[] npy(int major, int minor, String dict, int align, byte[] data) {
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int prefix = 6 + 2 + (major == 1 ? 2 : 4);
        int total = prefix + text.length + 1;
        int pad = (align - total % align) % align;
        ByteBuffer b = ByteBuffer.allocate(total + pad + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) minor);
        int headerLength = text.length + pad + 1;
        if (major == 1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(text);
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').put(data);
        return b.array();
    }

    private static byte[] npy(String dict, byte[] data) {
        return npy(1, 0, dict, 64, data);
    }

    private static byte[] littleEndianFloats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static AccelException assertFails(ErrorCode code, Path file, String... fragments) {
        AccelException e = assertThrows(AccelException.class, () -> Npy.readHeader(file));
        assertEquals(code, e.code(), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message lacks \"" + f + "\": " + e.getMessage());
        }
        return e;
    }

    // ---- golden files from NumPy -------------------------------------------------------------------

    @Test
    void readsAndMapsNumPyFiles() throws IOException {
        record Case(String base64, DType dtype, long[] shape, double[] values) {
        }
        List<Case> cases = List.of(
                new Case(Golden.F4_2x3, DType.F32, new long[] {2, 3}, new double[] {0, 0.5, 1, 1.5, 2, 2.5}),
                new Case(Golden.I8_3, DType.I64, new long[] {3}, new double[] {-1, 1L << 40, 7}),
                new Case(Golden.F2_SCALAR, DType.F16, new long[0], new double[] {1.5}),
                new Case(Golden.U1_4, DType.U8, new long[] {4}, new double[] {0, 1, 200, 255}),
                new Case(Golden.B1_3, DType.BOOL, new long[] {3}, new double[] {1, 0, 1}),
                new Case(Golden.I1_2, DType.I8, new long[] {2}, new double[] {-128, 127}),
                new Case(Golden.F8_EMPTY_0x3, DType.F64, new long[] {0, 3}, new double[0]),
                new Case(Golden.F4_V2, DType.F32, new long[] {3}, new double[] {0, 1, 2}),
                new Case(Golden.F4_V3, DType.F32, new long[] {3}, new double[] {0, 1, 2}));
        for (Case c : cases) {
            Path f = golden(c.base64());
            NpyHeader h = Npy.readHeader(f);
            assertEquals(c.dtype(), h.dtype());
            assertArrayEquals(c.shape(), h.shape());
            assertFalse(h.fortranOrder());
            assertEquals(0, h.dataOffset() % 64, "NumPy aligns the data to 64 bytes");
            for (Tensor t : new Tensor[] {Npy.read(f, scope), Npy.map(f, scope)}) {
                assertEquals(c.dtype(), t.dtype());
                assertArrayEquals(c.shape(), t.shape());
                assertTrue(t.isContiguous());
                assertArrayEquals(c.values(), t.toDoubleArray(), t.toString());
            }
        }
        assertEquals(2, Npy.readHeader(golden(Golden.F4_V2)).majorVersion());
        assertEquals(3, Npy.readHeader(golden(Golden.F4_V3)).majorVersion());
        NpyHeader h = Npy.readHeader(golden(Golden.F4_2x3));
        assertEquals(new NpyHeader(1, "<f4", DType.F32, ByteOrder.LITTLE_ENDIAN, new long[] {2, 3}, false, 128), h);
        assertEquals(6, h.numel());
        assertEquals(24, h.dataByteSize());
    }

    @Test
    void writeIsByteIdenticalToNumPy() throws IOException {
        record Case(String base64, Tensor tensor) {
        }
        Tensor bool = Tensor.zeros(scope, DType.BOOL, 3);
        bool.setLong(1, 0);
        bool.setLong(1, 2);
        Tensor half = Tensor.zeros(scope, DType.F16);
        half.setDouble(1.5);
        List<Case> cases = List.of(
                new Case(Golden.F4_2x3, Tensor.copyOf(scope, new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, 2, 3)),
                // the same values from a transposed (non-contiguous) view
                new Case(Golden.F4_2x3, Tensor.copyOf(scope, new float[] {0, 1.5f, 0.5f, 2, 1, 2.5f}, 3, 2).transpose(0, 1)),
                new Case(Golden.I8_3, Tensor.copyOf(scope, new long[] {-1, 1L << 40, 7}, 3)),
                new Case(Golden.F2_SCALAR, half),
                new Case(Golden.U1_4, Tensor.copyOf(scope, new byte[] {0, 1, (byte) 200, (byte) 255}, DType.U8, 4)),
                new Case(Golden.B1_3, bool),
                new Case(Golden.I1_2, Tensor.copyOf(scope, new byte[] {-128, 127}, DType.I8, 2)),
                new Case(Golden.F8_EMPTY_0x3, Tensor.zeros(scope, DType.F64, 0, 3)),
                new Case(Golden.F4_2x3, Tensor.copyOf(scope, new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f, 9, 9, 9}, 3, 3).narrow(0, 0, 2)));
        for (Case c : cases) {
            Path out = dir.resolve("written" + files++ + ".npy");
            Npy.write(out, c.tensor());
            assertArrayEquals(Base64.getDecoder().decode(c.base64()), Files.readAllBytes(out), c.tensor().toString());
        }
    }

    // ---- round trips -------------------------------------------------------------------------------

    @Test
    void roundTripsEveryDtypeThroughWriteReadAndMap() throws IOException {
        double[] values = {0, 1, -1, 2.5, -0.0, 100, 127, -128, Double.NaN, Double.POSITIVE_INFINITY, 1e-3, 65504};
        for (DType t : DType.values()) {
            if (t == DType.BF16) {
                continue;
            }
            Tensor src = Tensor.zeros(scope, t, 3, 4);
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (!t.isFloatingPoint() && (Double.isNaN(v) || Double.isInfinite(v))) {
                    v = i;
                }
                src.setDouble(v, i / 4, i % 4);
            }
            for (Tensor view : new Tensor[] {src, src.transpose(0, 1), src.slice(1, 1, 4, 2), src.select(0, 1), src.narrow(0, 1, 1).expand(5, 4).unsqueeze(0)}) {
                Path f = dir.resolve(t + "-" + files++ + ".npy");
                Npy.write(f, view);
                NpyHeader h = Npy.readHeader(f);
                assertEquals(t, h.dtype());
                assertArrayEquals(view.shape(), h.shape());
                assertEquals(0, h.dataOffset() % 64);
                assertEquals(h.dataOffset() + view.numel() * t.byteSize(), Files.size(f));
                Tensor read = Npy.read(f, scope);
                Tensor mapped = Npy.map(f, scope);
                assertBitsEqual(view, read);
                assertBitsEqual(view, mapped);
            }
        }
    }

    private static void assertBitsEqual(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertArrayEquals(expected.shape(), actual.shape());
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Double.doubleToLongBits(e[i]), Double.doubleToLongBits(a[i]), expected.dtype() + " element " + i + ": " + e[i] + " vs " + a[i]);
        }
    }

    @Test
    void rankZeroAndEmptyRoundTrip() throws IOException {
        Tensor scalar = Tensor.copyOf(scope, new double[] {-7.25});
        Path f = dir.resolve("scalar.npy");
        Npy.write(f, scalar);
        assertTrue(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("'shape': (), }"));
        assertEquals(0, Npy.map(f, scope).rank());
        assertEquals(-7.25, Npy.read(f, scope).getDouble());

        for (long[] shape : new long[][] {{0}, {3, 0}, {0, 2, 5}}) {
            Path e = dir.resolve("empty" + files++ + ".npy");
            Npy.write(e, Tensor.zeros(scope, DType.I16, shape));
            assertArrayEquals(shape, Npy.read(e, scope).shape());
            assertArrayEquals(shape, Npy.map(e, scope).shape());
            assertEquals(0, Npy.map(e, scope).numel());
        }
    }

    @Test
    void writeRefusesBf16WithAHint() {
        AccelException e = assertThrows(AccelException.class, () -> Npy.write(dir.resolve("b.npy"), Tensor.zeros(scope, DType.BF16, 2)));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("bfloat16") && e.getMessage().contains("f32"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("b.npy")));
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("replace.npy");
        Npy.write(f, Tensor.copyOf(scope, new float[] {1, 2, 3}, 3));
        Tensor old = Npy.map(f, scope);
        Npy.write(f, Tensor.copyOf(scope, new float[] {4, 5}, 2));
        assertArrayEquals(new float[] {1, 2, 3}, old.toFloatArray(), "a mapping of the old file keeps the old bytes");
        assertArrayEquals(new float[] {4, 5}, Npy.read(f, scope).toFloatArray());
        try (Stream<Path> listing = Files.list(dir)) {
            assertEquals(List.of(f), listing.toList());
        }
        AccelException e = assertThrows(AccelException.class, () -> Npy.write(dir.resolve("no/such/dir/x.npy"), Tensor.zeros(scope, DType.F32, 1)));
        assertEquals(ErrorCode.IO_ERROR, e.code());
    }

    @Test
    void writeOfAFreedTensorFails() {
        MemoryScope other = MemoryScope.confined();
        Tensor t = Tensor.zeros(other, DType.F32, 2);
        other.close();
        assertThrows(IllegalStateException.class, () -> Npy.write(dir.resolve("freed.npy"), t));
        assertFalse(Files.exists(dir.resolve("freed.npy")));
    }

    // ---- byte order --------------------------------------------------------------------------------

    @Test
    void bigEndianIsCopiedByReadAndRefusedByMap() throws IOException {
        Path ints = golden(Golden.I4_BIG_4);
        NpyHeader h = Npy.readHeader(ints);
        assertEquals(ByteOrder.BIG_ENDIAN, h.byteOrder());
        assertEquals(">i4", h.descr());
        assertArrayEquals(new long[] {-1, 0, 1, 1L << 30}, Npy.read(ints, scope).toLongArray());
        Path doubles = golden(Golden.F8_BIG_2x2);
        assertArrayEquals(new double[] {1.5, -2.0, 3.25, 1e300}, Npy.read(doubles, scope).toDoubleArray());
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            assertTrue(h.needsByteSwap());
            for (Path p : new Path[] {ints, doubles}) {
                AccelException e = assertThrows(AccelException.class, () -> Npy.map(p, scope));
                assertEquals(ErrorCode.UNSUPPORTED, e.code());
                assertTrue(e.getMessage().contains("Npy.read") && e.getMessage().contains("BIG_ENDIAN"), e.getMessage());
            }
        }
        // One-byte types have no byte order: '|' maps fine, and so would '<' or '>'.
        Path bytes = file(npy("{'descr': '>u1', 'fortran_order': False, 'shape': (2,), }", new byte[] {5, (byte) 250}));
        assertArrayEquals(new long[] {5, 250}, Npy.map(bytes, scope).toLongArray());
        assertFalse(Npy.readHeader(bytes).needsByteSwap());
    }

    // ---- Fortran order -----------------------------------------------------------------------------

    @Test
    void fortranOrderIsAViewWhenMappedAndContiguousWhenRead() throws IOException {
        Path f = golden(Golden.I2_FORTRAN_2x3);
        assertTrue(Npy.readHeader(f).fortranOrder());
        Tensor mapped = Npy.map(f, scope);
        assertArrayEquals(new long[] {2, 3}, mapped.shape());
        assertArrayEquals(new long[] {1, 2}, mapped.strides(), "column-major strides");
        assertFalse(mapped.isContiguous());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(i * 3 + j, mapped.getLong(i, j), "element [" + i + ", " + j + "]");
            }
        }
        assertTrue(mapped.transpose(0, 1).isContiguous(), "the transpose of a Fortran array is C-contiguous");
        Tensor read = Npy.read(f, scope);
        assertTrue(read.isContiguous());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, read.toLongArray());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, Npy.read(golden(Golden.I2_BIG_FORTRAN_2x3), scope).toLongArray());

        // Hand-built rank-3 Fortran file: element [i, j, k] stored at i + 2j + 6k.
        ByteBuffer data = ByteBuffer.allocate(24 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 2; i++) {
                    data.putFloat(100 * i + 10 * j + k);
                }
            }
        }
        Path f3 = file(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 4), }", data.array()));
        Tensor m3 = Npy.map(f3, scope);
        Tensor r3 = Npy.read(f3, scope);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(100 * i + 10 * j + k, m3.getDouble(i, j, k));
                    assertEquals(100 * i + 10 * j + k, r3.getDouble(i, j, k));
                }
            }
        }
    }

    // ---- zero copy and lifetime --------------------------------------------------------------------

    @Test
    void mapIsZeroCopy() throws IOException {
        Path f = golden(Golden.F4_2x3);
        Tensor t = Npy.map(f, scope);
        assertEquals(MemoryKind.MAPPED_FILE, t.memoryKind());
        assertTrue(t.memory().isReadOnly());
        MemorySegment seg = t.asSegment();
        assertTrue(seg.isMapped());
        assertEquals(24, seg.byteSize());
        assertEquals(0, seg.address() % 64, "page-aligned mapping + 128-byte data offset");
        // The bytes are the file's: a change to the file shows through the existing tensor.
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(littleEndianFloats(42f)), 128 + 4 * 4);
        }
        assertEquals(42.0, t.getDouble(1, 1));
        assertThrows(RuntimeException.class, () -> t.setDouble(1, 0, 0), "mapped data is read-only");
        // read() copies: a later change to the file does not show.
        Tensor copy = Npy.read(f, scope);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(littleEndianFloats(-1f)), 128);
        }
        assertEquals(0.0, copy.getDouble(0, 0));
        assertEquals(-1.0, t.getDouble(0, 0));
        assertEquals(MemoryKind.HOST, copy.memoryKind());
    }

    @Test
    void mappedTensorDiesWithItsScope() throws IOException {
        Path f = golden(Golden.F4_2x3);
        MemoryScope s = MemoryScope.confined();
        Tensor t = Npy.map(f, s);
        assertEquals(0.5, t.getDouble(0, 1));
        s.close();
        assertThrows(IllegalStateException.class, () -> t.getDouble(0, 1));
        assertThrows(IllegalStateException.class, () -> Npy.map(f, s));
        assertThrows(IllegalStateException.class, () -> Npy.read(f, s));
    }

    @Test
    void unalignedDataOffsetIsAccepted() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.25).putDouble(-8);
        byte[] bytes = npy(1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", 1, data.array());
        Path f = file(bytes);
        NpyHeader h = Npy.readHeader(f);
        assertEquals(bytes.length - 16, h.dataOffset());
        assertTrue(h.dataOffset() % 8 != 0, "the test needs a misaligned offset, got " + h.dataOffset());
        assertArrayEquals(new double[] {1.25, -8}, Npy.map(f, scope).toDoubleArray());
        assertArrayEquals(new double[] {1.25, -8}, Npy.read(f, scope).toDoubleArray());
    }

    @Test
    void trailingBytesAfterTheDataAreIgnored() throws IOException {
        byte[] data = Arrays.copyOf(littleEndianFloats(3f), 4 + 10);
        Path f = file(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", data));
        assertArrayEquals(new float[] {3f}, Npy.map(f, scope).toFloatArray());
    }

    // ---- versions ----------------------------------------------------------------------------------

    @Test
    void handBuiltVersions() throws IOException {
        byte[] data = littleEndianFloats(1, 2);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        for (int major = 1; major <= 3; major++) {
            Path f = file(npy(major, 0, dict, 64, data));
            assertEquals(major, Npy.readHeader(f).majorVersion());
            assertEquals(0, Npy.readHeader(f).dataOffset() % 64);
            assertArrayEquals(new float[] {1, 2}, Npy.read(f, scope).toFloatArray());
        }
        // 2.0 exists for headers longer than 65535 bytes: pad one that far.
        String longDict = dict + " ".repeat(70_000);
        Path big = file(npy(2, 0, longDict, 64, data));
        assertTrue(Npy.readHeader(big).dataOffset() > 70_000);
        assertArrayEquals(new float[] {1, 2}, Npy.map(big, scope).toFloatArray());
        // 3.0 headers are UTF-8: invalid UTF-8 is malformed, while 1.0 reads bytes as Latin-1.
        byte[] v3 = npy(3, 0, dict + "   ", 64, data);
        int space = new String(v3, StandardCharsets.ISO_8859_1).indexOf("}   ") + 1;
        v3[space] = (byte) 0xC3; // a lone lead byte
        assertFails(ErrorCode.MALFORMED_INPUT, file(v3), "UTF-8");
    }

    @Test
    void tolerantOfSpacingKeyOrderQuotesAndTrailingCommas() throws IOException {
        byte[] data = littleEndianFloats(1, 2, 3, 4, 5, 6);
        String[] dicts = {
                "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}",
                "{ \"descr\" : \"<f4\" ,\n 'fortran_order':False,'shape':(2,3,),}",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }", // Python 2 NumPy
                "{'descr':'<f4','fortran_order':False,'shape':(\t2 ,  3 )}  \t",
        };
        for (String d : dicts) {
            Tensor t = Npy.read(file(npy(d, data)), scope);
            assertArrayEquals(new long[] {2, 3}, t.shape(), d);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toFloatArray(), d);
        }
        // '?' is NumPy's one-character code for bool
        Path b = file(npy("{'descr': '|?', 'fortran_order': False, 'shape': (2,), }", new byte[] {1, 0}));
        assertEquals(DType.BOOL, Npy.readHeader(b).dtype());
        assertEquals(DType.I8, Npy.readHeader(file(npy("{'descr': 'i1', 'fortran_order': False, 'shape': (2,), }", new byte[2]))).dtype());
    }

    // ---- unsupported dtypes ------------------------------------------------------------------------

    @Test
    void unsupportedDtypesAreNamedWithTheSupportedList() throws IOException {
        assertFails(ErrorCode.UNSUPPORTED, golden(Golden.C16), "'<c16'", "'<f4'");
        assertFails(ErrorCode.UNSUPPORTED, golden(Golden.U3), "'<U3'", "'<f4'");
        assertFails(ErrorCode.UNSUPPORTED, golden(Golden.STRUCTURED), "structured", "[('a', '<f4'), ('b', '<i2')]", "'<f4'");
        for (String descr : new String[] {"|O", "<u2", "<u4", "<f16", "<M8[ns]", "bogus", ""}) {
            Path f = file(npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (1,), }", new byte[16]));
            assertFails(ErrorCode.UNSUPPORTED, f, "'" + descr + "'", "supported");
            assertEquals(ErrorCode.UNSUPPORTED, assertThrows(AccelException.class, () -> Npy.map(f, scope)).code());
            assertEquals(ErrorCode.UNSUPPORTED, assertThrows(AccelException.class, () -> Npy.read(f, scope)).code());
        }
        Path rank17 = file(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (" + "1, ".repeat(17) + "), }", new byte[1]));
        assertFails(ErrorCode.UNSUPPORTED, rank17, "rank 17");
    }

    // ---- malformed input ---------------------------------------------------------------------------

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static final String GOOD = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";

    @Test
    void malformedInputsAreReportedClearly() throws IOException {
        byte[] good = npy(GOOD, littleEndianFloats(1, 2));
        byte[] magicV1 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
        byte[] magicV2 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0};
        record Bad(String what, byte[] bytes, String expect) {
        }
        List<Bad> cases = new ArrayList<>(List.of(
                new Bad("empty file", new byte[0], "0 bytes"),
                new Bad("5 bytes", Arrays.copyOf(good, 5), "preamble"),
                new Bad("bad magic", concat(ascii("\u0093NUMPZ"), Arrays.copyOfRange(good, 6, good.length)), "bad magic"),
                new Bad("zip archive", concat(ascii("PK\u0003\u0004"), new byte[60]), "zip"),
                new Bad("text file", ascii("descr,shape\nf4,2\n"), "\\x93NUMPY"),
                new Bad("version 4.0", concat(Arrays.copyOf(good, 6), new byte[] {4, 0}, Arrays.copyOfRange(good, 8, good.length)), "version 4.0"),
                new Bad("version 1.1", concat(Arrays.copyOf(good, 6), new byte[] {1, 1}, Arrays.copyOfRange(good, 8, good.length)), "version 1.1"),
                new Bad("version 0.0", concat(Arrays.copyOf(good, 6), new byte[] {0, 0}, Arrays.copyOfRange(good, 8, good.length)), "version 0.0"),
                new Bad("v2 length field cut", concat(magicV2, new byte[] {10, 0}), "header length field"),
                new Bad("header longer than file", concat(magicV1, new byte[] {(byte) 0xFF, 0x7F}, ascii(GOOD)), "truncated header"),
                new Bad("absurd header length", concat(magicV2, new byte[] {-1, -1, -1, -1}, ascii(GOOD)), "exceeds the limit"),
                new Bad("just over the header limit", concat(magicV2, new byte[] {1, 0, 16, 0}), "exceeds the limit"),
                new Bad("truncated data", Arrays.copyOf(good, good.length - 1), "truncated data"),
                new Bad("no data", Arrays.copyOf(good, good.length - 8), "needs 8 bytes"),
                new Bad("huge shape, small file", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }", new byte[8]), "truncated data"),
                new Bad("shape overflows", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", new byte[8]), "2^63"),
                new Bad("bytes overflow", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952, 2), }", new byte[8]), "2^63"),
                new Bad("integer too large", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", new byte[8]), "too large"),
                new Bad("not a dict", npy("[('descr', '<f4')]", new byte[8]), "not a dict"),
                new Bad("empty header", npy("", new byte[8]), "ended"),
                new Bad("missing shape", npy("{'descr': '<f4', 'fortran_order': False}", new byte[8]), "lacks the key 'shape'"),
                new Bad("missing descr", npy("{'fortran_order': False, 'shape': (2,)}", new byte[8]), "lacks the key 'descr'"),
                new Bad("extra key", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", new byte[8]), "unexpected key 'extra'"),
                new Bad("duplicate key", npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", new byte[8]), "duplicate key 'descr'"),
                new Bad("negative size", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", new byte[8]), "non-negative"),
                new Bad("float size", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,)}", new byte[8]), "not an integer"),
                new Bad("shape is an int", npy("{'descr': '<f4', 'fortran_order': False, 'shape': 2}", new byte[8]), "'shape' must be a tuple"),
                new Bad("parenthesized int", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2)}", new byte[8]), "'shape' must be a tuple"),
                new Bad("shape is a list", npy("{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", new byte[8]), "'shape' must be a tuple"),
                new Bad("nested shape", npy("{'descr': '<f4', 'fortran_order': False, 'shape': ((2,),)}", new byte[8]), "non-negative integers"),
                new Bad("shape of strings", npy("{'descr': '<f4', 'fortran_order': False, 'shape': ('2',)}", new byte[8]), "non-negative integers"),
                new Bad("fortran_order a string", npy("{'descr': '<f4', 'fortran_order': 'False', 'shape': (2,)}", new byte[8]), "True or False"),
                new Bad("lower-case false", npy("{'descr': '<f4', 'fortran_order': false, 'shape': (2,)}", new byte[8]), "unexpected name 'false'"),
                new Bad("descr without order", npy("{'descr': 'f4', 'fortran_order': False, 'shape': (2,)}", new byte[8]), "byte order"),
                new Bad("'|' on a 4-byte type", npy("{'descr': '|f4', 'fortran_order': False, 'shape': (2,)}", new byte[8]), "byte order"),
                new Bad("quote missing", npy("{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}", new byte[8]), "expected ','"),
                new Bad("string to the end", npy("{'descr': '<f4", new byte[8]), "unterminated string"),
                new Bad("missing comma", npy("{'descr': '<f4' 'fortran_order': False, 'shape': (2,)}", new byte[8]), "expected ','"),
                new Bad("missing colon", npy("{'descr' '<f4'}", new byte[8]), "expected ':'"),
                new Bad("unclosed dict", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", new byte[8]), "ended early"),
                new Bad("text after dict", npy(GOOD + " x", new byte[8]), "after the header dict"),
                new Bad("two dicts", npy(GOOD + GOOD, new byte[8]), "after the header dict"),
                new Bad("non-string key", npy("{1: '<f4'}", new byte[8]), "keys must be strings"),
                new Bad("stray character", npy("{'descr': <f4}", new byte[8]), "unexpected character '<'"),
                new Bad("deep nesting", npy("{'descr': " + "(".repeat(100_000), new byte[8]), "nesting deeper"),
                new Bad("deep dict nesting", npy("{'descr': " + "{'a': ".repeat(50), new byte[8]), "nesting deeper"),
                new Bad("sign without digits", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-,)}", new byte[8]), "expected digits"),
                new Bad("NUL bytes", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)}\0\0", new byte[8]), "after the header dict")));
        for (Bad c : cases) {
            Path f = file(c.bytes());
            AccelException e = assertThrows(AccelException.class, () -> Npy.readHeader(f), c.what());
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code(), c.what() + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(c.expect()), c.what() + ": message lacks \"" + c.expect() + "\": " + e.getMessage());
            assertTrue(e.getMessage().contains(f.toString()), c.what() + ": message names the file: " + e.getMessage());
            // map and read report the same, and map allocates nothing on failure
            assertEquals(ErrorCode.MALFORMED_INPUT, assertThrows(AccelException.class, () -> Npy.map(f, scope), c.what()).code());
            assertEquals(ErrorCode.MALFORMED_INPUT, assertThrows(AccelException.class, () -> Npy.read(f, scope), c.what()).code());
        }
        assertEquals(0, scope.allocatedHostBytes(), "read allocates only after the header checks");
    }

    @Test
    void missingFileAndDirectoryAreIoErrors() {
        assertFails(ErrorCode.IO_ERROR, dir.resolve("missing.npy"), "missing.npy");
        assertFails(ErrorCode.IO_ERROR, dir);
        assertEquals(ErrorCode.IO_ERROR, assertThrows(AccelException.class, () -> Npy.map(dir.resolve("missing.npy"), scope)).code());
        assertEquals(ErrorCode.IO_ERROR, assertThrows(AccelException.class, () -> Npy.read(dir.resolve("missing.npy"), scope)).code());
    }

    /** Every prefix of valid files, and random corruptions of them, fail with an AccelException (or parse), never anything else. */
    @Test
    void hostileBytesNeverEscapeAsOtherExceptions() throws IOException {
        List<byte[]> seeds = List.of(
                Base64.getDecoder().decode(Golden.F4_2x3),
                Base64.getDecoder().decode(Golden.I2_FORTRAN_2x3),
                Base64.getDecoder().decode(Golden.F4_V3),
                Base64.getDecoder().decode(Golden.STRUCTURED));
        Path f = dir.resolve("fuzz.npy");
        for (byte[] seed : seeds) {
            for (int n = 0; n < seed.length; n++) {
                Files.write(f, Arrays.copyOf(seed, n));
                assertRobust(f, "prefix of " + n + " bytes");
            }
        }
        SplittableRandom random = new SplittableRandom(7);
        byte[] alphabet = ascii("{}()[]'\",:-0123456789LTrueFalseNone <>|f4i8b1?\n\\");
        for (int iteration = 0; iteration < 2000; iteration++) {
            byte[] bytes = seeds.get(random.nextInt(seeds.size())).clone();
            int edits = 1 + random.nextInt(4);
            for (int k = 0; k < edits; k++) {
                int at = random.nextInt(Math.min(bytes.length, 140));
                bytes[at] = random.nextBoolean() ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            Files.write(f, bytes);
            assertRobust(f, "mutation " + iteration + ": " + new String(bytes, 0, Math.min(bytes.length, 140), StandardCharsets.ISO_8859_1));
        }
    }

    private void assertRobust(Path f, String what) {
        try (MemoryScope s = MemoryScope.confined()) {
            try {
                Npy.readHeader(f);
                Npy.read(f, s).toDoubleArray();
                Npy.map(f, s).toDoubleArray();
            } catch (AccelException e) {
                if (e.code() != ErrorCode.MALFORMED_INPUT && e.code() != ErrorCode.UNSUPPORTED) {
                    fail(what + ": unexpected code " + e.code() + ": " + e.getMessage());
                }
            } catch (RuntimeException | Error e) {
                throw new AssertionError(what + ": escaped as " + e, e);
            }
        }
    }
}
