package dev.accel.npy;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes NumPy {@code .npy} files.
 *
 * <ul>
 *   <li>{@link #map} views the data of a mapped file: no copy, read-only, valid while the scope is open.</li>
 *   <li>{@link #read} copies the data into a new contiguous host tensor, swapping bytes if needed.</li>
 *   <li>{@link #write} streams any host tensor (any layout) as a version 1.0, little-endian, C-order file.</li>
 * </ul>
 *
 * <p>Supported dtypes: f8, f4, f2, i8, i4, i2, i1, u1, b1 ({@code ?}); bf16 has no NumPy equivalent.
 * Limits: the header may be at most {@value #MAX_HEADER_BYTES} bytes; rank at most
 * {@value dev.accel.tensor.Shapes#MAX_RANK}. Malformed files throw {@link AccelException} with
 * {@link ErrorCode#MALFORMED_INPUT}, valid files with an unsupported dtype or rank throw it with
 * {@link ErrorCode#UNSUPPORTED}, and I/O failures with {@link ErrorCode#IO_ERROR}.
 */
public final class Npy {
    /** The largest header (the dict literal and its padding) accepted when reading, in bytes. */
    public static final int MAX_HEADER_BYTES = 1 << 20;

    private static final int ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int CHUNK = 1 << 30;
    private static final int BUFFER = 1 << 16;

    private Npy() {
    }

    /**
     * Reads and checks the header, including that the file holds all the data the shape announces.
     *
     * @throws AccelException with {@link ErrorCode#MALFORMED_INPUT}, {@link ErrorCode#UNSUPPORTED} or {@link ErrorCode#IO_ERROR}
     */
    public static NpyHeader readHeader(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(channel, file);
        } catch (IOException e) {
            throw ioError("cannot read", file, e);
        }
    }

    /**
     * Maps {@code file} read-only into {@code scope} and returns a tensor view of its data, without copying.
     * C order gives row-major strides, Fortran order column-major strides (still a view). The tensor's
     * memory is {@link MemoryKind#MAPPED_FILE}, read-only, valid until {@code scope} closes; writes throw.
     * The data need not be aligned (element access tolerates any alignment).
     *
     * @throws AccelException with {@link ErrorCode#UNSUPPORTED} when the data's byte order is not this
     *         machine's (a view would need a copy: use {@link #read}); and as {@link #readHeader}
     */
    public static Tensor map(Path file, MemoryScope scope) {
        NpyHeader header = readHeader(file);
        if (header.needsByteSwap()) {
            throw new AccelException(ErrorCode.UNSUPPORTED, file + " stores " + header.descr() + " data in " + header.byteOrder()
                    + " byte order but this machine is " + ByteOrder.nativeOrder() + ", so it cannot be viewed without a copy;"
                    + " use Npy.read, which copies and swaps the bytes");
        }
        Memory whole = Memory.mapFile(file, scope);
        long bytes = header.dataByteSize();
        if (whole.byteSize() - header.dataOffset() < bytes) {
            throw NpyHeaderParser.malformed(file.toString(), "file shrank while it was being opened");
        }
        MemorySegment data = whole.hostSegment().asSlice(header.dataOffset(), bytes);
        Memory memory = new Memory(MemoryKind.MAPPED_FILE, null, data, scope, bytes);
        long[] shape = header.shape();
        long[] strides = header.fortranOrder() ? fortranStrides(shape) : Shapes.contiguousStrides(shape);
        return Tensor.view(memory, header.dtype(), shape, strides, 0);
    }

    /**
     * Reads {@code file} into a new contiguous (row-major) host tensor owned by {@code scope}: a copy, in
     * native byte order whatever the file's. Fortran-order data is reordered, which needs a temporary
     * buffer of the data's size.
     *
     * @throws AccelException as {@link #readHeader}, or {@link ErrorCode#OUT_OF_MEMORY}
     */
    public static Tensor read(Path file, MemoryScope scope) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader header = readHeader(channel, file);
            long[] shape = header.shape();
            Tensor out = Tensor.zeros(scope, header.dtype(), shape);
            if (!header.fortranOrder()) {
                readData(channel, header, out.memory().hostSegment(), file);
                return out;
            }
            try (MemoryScope temporary = MemoryScope.confined()) {
                Memory raw = temporary.allocateHost(header.dataByteSize());
                readData(channel, header, raw.hostSegment(), file);
                Tensor.view(raw, header.dtype(), shape, fortranStrides(shape), 0).copyTo(out);
            }
            return out;
        } catch (IOException e) {
            throw ioError("cannot read", file, e);
        }
    }

    /**
     * Writes {@code tensor} as a version 1.0 {@code .npy} file: little-endian descr, C order, the elements
     * in row-major order whatever the tensor's layout, streamed (no copy of the whole tensor is made). The
     * file is written beside {@code file} under a temporary name and then renamed over it, so readers
     * (including mappings of the old file) never see a partial file.
     *
     * @throws AccelException with {@link ErrorCode#UNSUPPORTED} for bf16 (NumPy has no such dtype),
     *         {@link ErrorCode#INVALID_ARGUMENT} for a tensor in device memory, {@link ErrorCode#IO_ERROR}
     * @throws IllegalStateException if the tensor's scope is closed
     */
    public static void write(Path file, Tensor tensor) {
        String descr = descr(tensor.dtype());
        if (!tensor.memoryKind().isHostAccessible()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "cannot write " + tensor + " to " + file
                    + ": it is in device memory; copy it to the host first (Tensor.to or copyTo)");
        }
        MemorySegment source = tensor.memory().hostSegment();
        byte[] header = header(descr, tensor.shape());
        Path target = file.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(channel, ByteBuffer.wrap(header));
                writeData(channel, tensor, source);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(temporary);
            throw ioError("cannot write", file, e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    /** The NumPy descr for {@code dtype}, little-endian (or {@code '|'} for 1-byte types). */
    static String descr(DType dtype) {
        return switch (dtype) {
            case F64 -> "<f8";
            case F32 -> "<f4";
            case F16 -> "<f2";
            case I64 -> "<i8";
            case I32 -> "<i4";
            case I16 -> "<i2";
            case I8 -> "|i1";
            case U8 -> "|u1";
            case BOOL -> "|b1";
            case BF16 -> throw new AccelException(ErrorCode.UNSUPPORTED,
                    "NumPy has no bfloat16 dtype, so a bf16 tensor cannot be written as .npy; cast it to f32 first (Ops.cast into an f32 tensor)");
        };
    }

    /** The preamble and header NumPy itself writes for a C-order array (byte-identical to numpy.save). */
    static byte[] header(String descr, long[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        dict.append(shape.length == 1 ? ",), }" : "), }");
        if (shape.length > 0) {
            // NumPy leaves room to grow the first axis in place.
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        }
        int headerLength = dict.length() + 1;
        int padding = ALIGN - (NpyHeaderParser.MAGIC.length + 2 + 2 + headerLength) % ALIGN;
        dict.append(" ".repeat(padding)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(NpyHeaderParser.MAGIC.length + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(NpyHeaderParser.MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return out.array();
    }

    private static NpyHeader readHeader(FileChannel channel, Path file) throws IOException {
        return NpyHeaderParser.parse((offset, length) -> {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            return buffer.position() == length ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
        }, channel.size(), file.toString());
    }

    private static void readData(FileChannel channel, NpyHeader header, MemorySegment destination, Path file) throws IOException {
        long total = header.dataByteSize();
        for (long done = 0; done < total; ) {
            int n = (int) Math.min(CHUNK, total - done);
            ByteBuffer buffer = destination.asSlice(done, n).asByteBuffer();
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, header.dataOffset() + done + buffer.position()) < 0) {
                    throw NpyHeaderParser.malformed(file.toString(), "file ended inside the data (it shrank while being read)");
                }
            }
            done += n;
        }
        if (header.needsByteSwap()) {
            swapBytes(destination, header.dtype().byteSize(), total);
        }
    }

    private static void swapBytes(MemorySegment s, int size, long total) {
        switch (size) {
            case 2 -> {
                for (long o = 0; o < total; o += 2) {
                    s.set(ValueLayout.JAVA_SHORT_UNALIGNED, o, Short.reverseBytes(s.get(ValueLayout.JAVA_SHORT_UNALIGNED, o)));
                }
            }
            case 4 -> {
                for (long o = 0; o < total; o += 4) {
                    s.set(ValueLayout.JAVA_INT_UNALIGNED, o, Integer.reverseBytes(s.get(ValueLayout.JAVA_INT_UNALIGNED, o)));
                }
            }
            case 8 -> {
                for (long o = 0; o < total; o += 8) {
                    s.set(ValueLayout.JAVA_LONG_UNALIGNED, o, Long.reverseBytes(s.get(ValueLayout.JAVA_LONG_UNALIGNED, o)));
                }
            }
            default -> {
            }
        }
    }

    private static void writeData(FileChannel channel, Tensor tensor, MemorySegment source) throws IOException {
        int size = tensor.dtype().byteSize();
        if (tensor.isContiguous() && (size == 1 || ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)) {
            long start = tensor.offset() * size;
            long total = tensor.byteSize();
            for (long done = 0; done < total; ) {
                int n = (int) Math.min(CHUNK, total - done);
                writeFully(channel, source.asSlice(start + done, n).asByteBuffer());
                done += n;
            }
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        tensor.forEachOffset(offset -> {
            if (buffer.remaining() < size) {
                flush(channel, buffer);
            }
            switch (size) {
                case 8 -> buffer.putLong(source.get(ValueLayout.JAVA_LONG_UNALIGNED, offset));
                case 4 -> buffer.putInt(source.get(ValueLayout.JAVA_INT_UNALIGNED, offset));
                case 2 -> buffer.putShort(source.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset));
                default -> buffer.put(source.get(ValueLayout.JAVA_BYTE, offset));
            }
        });
        flush(channel, buffer);
    }

    private static void flush(FileChannel channel, ByteBuffer buffer) {
        buffer.flip();
        try {
            writeFully(channel, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.clear();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Column-major strides: the first axis varies fastest. */
    static long[] fortranStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = 0; i < shape.length; i++) {
            strides[i] = s;
            s = Math.multiplyExact(s, Math.max(shape[i], 1));
        }
        return strides;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the original failure matters more
        }
    }

    private static AccelException ioError(String what, Path file, IOException e) {
        return new AccelException(ErrorCode.IO_ERROR, what + " " + file + ": " + e, e);
    }
}
