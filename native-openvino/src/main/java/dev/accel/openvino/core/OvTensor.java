package dev.accel.openvino.core;

import dev.accel.bindings.CStructs;
import dev.accel.bindings.CTypes;
import dev.accel.openvino.capi.OvApi;
import dev.accel.openvino.capi.OvLayouts;
import dev.accel.tensor.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

/**
 * An OpenVINO tensor handle ({@code ov_tensor_t}). Either a view of host memory the caller owns
 * ({@link #fromHost}: OpenVINO reads and writes that memory directly, no copy), or a handle on a tensor
 * an infer request owns ({@link OvInferRequest#outputTensor}).
 *
 * <p>Closing the handle never frees memory the caller owns. The caller's memory must stay valid as
 * long as OpenVINO may use it: until the handle is closed <em>and</em> no infer request holds the
 * tensor any more (a request keeps the last tensor set on each port until another is set or the
 * request is freed, and reads it only while it runs). Not thread-safe.
 */
public final class OvTensor extends OvObject {
    OvTensor(OvLibrary library, MemorySegment handle) {
        super(library, "OpenVINO tensor", handle);
    }

    /**
     * A tensor over {@code data} ({@code ov_tensor_create_from_host_ptr}, whose {@code ov_shape_t} is
     * passed by value; OpenVINO copies the dimensions, not the data).
     *
     * @param dtype the element type
     * @param shape the dimensions, each {@code >= 0}
     * @param data  native memory of exactly {@code product(shape) * dtype.byteSize()} bytes
     * @throws IllegalArgumentException if {@code data} is a heap segment or has another size
     */
    public static OvTensor fromHost(OvLibrary library, DType dtype, long[] shape, MemorySegment data) {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        if (!data.isNative()) {
            throw new IllegalArgumentException("an OpenVINO tensor can only view native memory, not a heap segment");
        }
        long elements = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            elements = Math.multiplyExact(elements, d);
        }
        long bytes = Math.multiplyExact(elements, dtype.byteSize());
        if (data.byteSize() != bytes) {
            throw new IllegalArgumentException(dtype + Arrays.toString(shape) + " needs " + bytes + " bytes; the memory has " + data.byteSize());
        }
        int type = library.elementCode(dtype);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dims = arena.allocate(OvLayouts.INT64, Math.max(1, shape.length));
            MemorySegment.copy(shape, 0, dims, OvLayouts.INT64, 0, shape.length);
            MemorySegment shapeStruct = arena.allocate(OvLayouts.SHAPE);
            CStructs.field(OvLayouts.SHAPE, "rank").set(shapeStruct, (long) shape.length);
            CStructs.field(OvLayouts.SHAPE, "dims").set(shapeStruct, dims);
            MemorySegment slot = OvLibrary.pointerSlot(arena);
            library.check(library.api().ov_tensor_create_from_host_ptr(type, shapeStruct, data, slot),
                    "ov_tensor_create_from_host_ptr(" + dtype + Arrays.toString(shape) + ")");
            return new OvTensor(library, OvLibrary.pointerIn(slot));
        }
    }

    /** A u8 tensor of shape {@code [byteSize]} over {@code bytes}, for IR weights. */
    static OvTensor wrapBytes(OvLibrary library, MemorySegment bytes) {
        return fromHost(library, DType.U8, new long[] {bytes.byteSize()}, bytes);
    }

    /** The dimensions ({@code ov_tensor_get_shape}, then {@code ov_shape_free}). */
    public long[] shape() {
        OvApi api = library.api();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment shape = arena.allocate(OvLayouts.SHAPE);
            library.check(api.ov_tensor_get_shape(handle(), shape), "ov_tensor_get_shape");
            try {
                long rank = (long) CStructs.field(OvLayouts.SHAPE, "rank").get(shape);
                MemorySegment dims = ((MemorySegment) CStructs.field(OvLayouts.SHAPE, "dims").get(shape))
                        .reinterpret(Math.multiplyExact(rank, OvLayouts.INT64.byteSize()));
                return dims.toArray(OvLayouts.INT64);
            } finally {
                library.check(api.ov_shape_free(shape), "ov_shape_free");
            }
        }
    }

    /** The {@code ov_element_type_e} value. */
    public int elementType() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment type = arena.allocate(OvLayouts.ENUM);
            library.check(library.api().ov_tensor_get_element_type(handle(), type), "ov_tensor_get_element_type");
            return type.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** The size of the data in bytes ({@code ov_tensor_get_byte_size}). */
    public long byteSize() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(CTypes.C_SIZE_T);
            library.check(library.api().ov_tensor_get_byte_size(handle(), size), "ov_tensor_get_byte_size");
            return size.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    /**
     * The data, {@link #byteSize()} bytes, no copy ({@code ov_tensor_data}). Valid while this handle is
     * open and, for a request's output, until the request runs again or is freed: copy it out before that.
     */
    public MemorySegment data() {
        long size = byteSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = OvLibrary.pointerSlot(arena);
            library.check(library.api().ov_tensor_data(handle(), slot), "ov_tensor_data");
            return OvLibrary.pointerIn(slot).reinterpret(size);
        }
    }

    @Override
    void release(MemorySegment h) {
        library.api().ov_tensor_free(h);
    }
}
