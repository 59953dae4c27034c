package dev.accel.openvino.capi;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.CTypes;
import dev.accel.bindings.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The raw OpenVINO C API: one method per C function, named as in the headers, taking and returning
 * addresses and the raw {@code ov_status_e} ({@code int}). Nothing here checks a status, owns memory or
 * knows a lifetime; {@code dev.accel.openvino.core} is the checked layer built on it.
 *
 * <p>Every descriptor below transcribes a prototype of {@code src/bindings/c/include/openvino/c/*.h}
 * (OpenVINO 2024.6 / 2025.x); the comment above each method is that prototype. A wrong descriptor
 * crashes the JVM, so change one only against the header.
 *
 * <p>Thread-safe: the handles are immutable.
 */
public final class OvApi {
    private static final MemoryLayout P = CTypes.C_POINTER;
    private static final MemoryLayout I = CTypes.C_INT;
    private static final MemoryLayout SZ = CTypes.C_SIZE_T;
    private static final MemoryLayout I64 = OvLayouts.INT64;

    private final NativeLibrary library;
    private final ConcurrentHashMap<Integer, MethodHandle> compileModel = new ConcurrentHashMap<>();

    private final MethodHandle getOpenvinoVersion, versionFree, coreCreate, coreFree, coreGetAvailableDevices,
            availableDevicesFree, coreGetProperty, free, getErrorInfo, getLastErrMsg, coreReadModelFromMemoryBuffer,
            modelFree, compiledModelInputsSize, compiledModelOutputsSize, compiledModelInputByIndex,
            compiledModelOutputByIndex, outputConstPortFree, portGetAnyName, portGetElementType, portGetPartialShape,
            partialShapeFree, compiledModelCreateInferRequest, compiledModelFree, tensorCreateFromHostPtr,
            tensorGetShape, tensorGetElementType, tensorGetByteSize, tensorData, tensorFree, shapeFree,
            inferRequestSetInputTensorByIndex, inferRequestSetOutputTensorByIndex, inferRequestInfer,
            inferRequestStartAsync, inferRequestWait, inferRequestWaitFor, inferRequestSetCallback,
            inferRequestGetOutputTensorByIndex, inferRequestFree;

    private OvApi(NativeLibrary library) {
        this.library = library;
        getOpenvinoVersion = link("ov_get_openvino_version", I, P);
        versionFree = linkVoid("ov_version_free", P);
        coreCreate = link("ov_core_create", I, P);
        coreFree = linkVoid("ov_core_free", P);
        coreGetAvailableDevices = link("ov_core_get_available_devices", I, P, P);
        availableDevicesFree = linkVoid("ov_available_devices_free", P);
        coreGetProperty = link("ov_core_get_property", I, P, P, P, P);
        free = linkVoid("ov_free", P);
        getErrorInfo = link("ov_get_error_info", P, I);
        getLastErrMsg = link("ov_get_last_err_msg", P);
        coreReadModelFromMemoryBuffer = link("ov_core_read_model_from_memory_buffer", I, P, P, SZ, P, P);
        modelFree = linkVoid("ov_model_free", P);
        compiledModelInputsSize = link("ov_compiled_model_inputs_size", I, P, P);
        compiledModelOutputsSize = link("ov_compiled_model_outputs_size", I, P, P);
        compiledModelInputByIndex = link("ov_compiled_model_input_by_index", I, P, SZ, P);
        compiledModelOutputByIndex = link("ov_compiled_model_output_by_index", I, P, SZ, P);
        outputConstPortFree = linkVoid("ov_output_const_port_free", P);
        portGetAnyName = link("ov_port_get_any_name", I, P, P);
        portGetElementType = link("ov_port_get_element_type", I, P, P);
        portGetPartialShape = link("ov_port_get_partial_shape", I, P, P);
        partialShapeFree = linkVoid("ov_partial_shape_free", P);
        compiledModelCreateInferRequest = link("ov_compiled_model_create_infer_request", I, P, P);
        compiledModelFree = linkVoid("ov_compiled_model_free", P);
        tensorCreateFromHostPtr = link("ov_tensor_create_from_host_ptr", I, I, OvLayouts.SHAPE, P, P);
        tensorGetShape = link("ov_tensor_get_shape", I, P, P);
        tensorGetElementType = link("ov_tensor_get_element_type", I, P, P);
        tensorGetByteSize = link("ov_tensor_get_byte_size", I, P, P);
        tensorData = link("ov_tensor_data", I, P, P);
        tensorFree = linkVoid("ov_tensor_free", P);
        shapeFree = link("ov_shape_free", I, P);
        inferRequestSetInputTensorByIndex = link("ov_infer_request_set_input_tensor_by_index", I, P, SZ, P);
        inferRequestSetOutputTensorByIndex = link("ov_infer_request_set_output_tensor_by_index", I, P, SZ, P);
        inferRequestInfer = link("ov_infer_request_infer", I, P);
        inferRequestStartAsync = link("ov_infer_request_start_async", I, P);
        inferRequestWait = link("ov_infer_request_wait", I, P);
        inferRequestWaitFor = link("ov_infer_request_wait_for", I, P, I64);
        inferRequestSetCallback = link("ov_infer_request_set_callback", I, P, P);
        inferRequestGetOutputTensorByIndex = link("ov_infer_request_get_output_tensor_by_index", I, P, SZ, P);
        inferRequestFree = linkVoid("ov_infer_request_free", P);
        compileModelHandle(0); // links the fixed part now, so that a missing symbol shows at bind time
    }

    /**
     * Links every function the binding uses from {@code library}.
     *
     * @throws AccelException {@link ErrorCode#BACKEND_UNAVAILABLE} naming the first missing symbol (the
     *                        library is not an OpenVINO C API of 2024.x or later), or on a platform whose
     *                        {@code size_t} is not 64 bits
     */
    public static OvApi bind(NativeLibrary library) {
        Objects.requireNonNull(library, "library");
        if (CTypes.C_SIZE_T.carrier() != long.class) {
            throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "the OpenVINO binding needs a 64-bit size_t; this platform's is "
                    + CTypes.C_SIZE_T.byteSize() * 8 + " bits");
        }
        return new OvApi(library);
    }

    /** The library the handles were linked from. */
    public NativeLibrary library() {
        return library;
    }

    // ---- ov_common.h ------------------------------------------------------------------------

    /** {@code const char* ov_get_error_info(ov_status_e status)}: a static string, never freed. */
    public MemorySegment ov_get_error_info(int status) {
        try {
            return (MemorySegment) getErrorInfo.invokeExact(status);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code const char* ov_get_last_err_msg()}: a new string to release with {@link #ov_free}, or NULL. */
    public MemorySegment ov_get_last_err_msg() {
        try {
            return (MemorySegment) getLastErrMsg.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code void ov_free(const char* content)}. */
    public void ov_free(MemorySegment content) {
        try {
            free.invokeExact(content);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- ov_core.h --------------------------------------------------------------------------

    /** {@code ov_status_e ov_get_openvino_version(ov_version_t* version)}. */
    public int ov_get_openvino_version(MemorySegment version) {
        try {
            return (int) getOpenvinoVersion.invokeExact(version);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code void ov_version_free(ov_version_t* version)}. */
    public void ov_version_free(MemorySegment version) {
        try {
            versionFree.invokeExact(version);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_core_create(ov_core_t** core)}. */
    public int ov_core_create(MemorySegment core) {
        try {
            return (int) coreCreate.invokeExact(core);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code void ov_core_free(ov_core_t* core)}. */
    public void ov_core_free(MemorySegment core) {
        try {
            coreFree.invokeExact(core);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_core_get_available_devices(const ov_core_t* core, ov_available_devices_t* devices)}. */
    public int ov_core_get_available_devices(MemorySegment core, MemorySegment devices) {
        try {
            return (int) coreGetAvailableDevices.invokeExact(core, devices);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code void ov_available_devices_free(ov_available_devices_t* devices)}. */
    public void ov_available_devices_free(MemorySegment devices) {
        try {
            availableDevicesFree.invokeExact(devices);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code ov_status_e ov_core_get_property(const ov_core_t* core, const char* device_name,
     * const char* property_key, char** property_value)}; the value is released with {@link #ov_free}.
     */
    public int ov_core_get_property(MemorySegment core, MemorySegment deviceName, MemorySegment key, MemorySegment value) {
        try {
            return (int) coreGetProperty.invokeExact(core, deviceName, key, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code ov_status_e ov_core_read_model_from_memory_buffer(const ov_core_t* core, const char* model_str,
     * const size_t str_len, const ov_tensor_t* weights, ov_model_t** model)}.
     */
    public int ov_core_read_model_from_memory_buffer(MemorySegment core, MemorySegment modelStr, long strLen,
                                                     MemorySegment weights, MemorySegment model) {
        try {
            return (int) coreReadModelFromMemoryBuffer.invokeExact(core, modelStr, strLen, weights, model);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code void ov_model_free(ov_model_t* model)}. */
    public void ov_model_free(MemorySegment model) {
        try {
            modelFree.invokeExact(model);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code ov_status_e ov_core_compile_model(const ov_core_t* core, const ov_model_t* model,
     * const char* device_name, const size_t property_args_size, ov_compiled_model_t** compiled_model, ...)}:
     * a variadic function; {@code properties} are the {@code char*} key, value, key, value... that follow,
     * and {@code property_args_size} is their count. Linked once per count, with
     * {@link Linker.Option#firstVariadicArg(int)} so that the variadic part follows the platform's rules.
     */
    public int ov_core_compile_model(MemorySegment core, MemorySegment model, MemorySegment deviceName,
                                     MemorySegment compiledModel, List<MemorySegment> properties) {
        if (properties.size() % 2 != 0) {
            throw new IllegalArgumentException("properties come in key/value pairs; got " + properties.size() + " values");
        }
        List<Object> args = new ArrayList<>(5 + properties.size());
        args.add(core);
        args.add(model);
        args.add(deviceName);
        args.add((long) properties.size());
        args.add(compiledModel);
        args.addAll(properties);
        try {
            return (int) compileModelHandle(properties.size()).invokeWithArguments(args);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private MethodHandle compileModelHandle(int variadicCount) {
        return compileModel.computeIfAbsent(variadicCount, n -> {
            MemoryLayout[] arguments = new MemoryLayout[5 + n];
            arguments[0] = P;
            arguments[1] = P;
            arguments[2] = P;
            arguments[3] = SZ;
            arguments[4] = P;
            for (int i = 0; i < n; i++) {
                arguments[5 + i] = P;
            }
            FunctionDescriptor descriptor = FunctionDescriptor.of(I, arguments);
            return library.downcall("ov_core_compile_model", descriptor, Linker.Option.firstVariadicArg(5));
        });
    }

    // ---- ov_compiled_model.h, ov_node.h, ov_partial_shape.h ----------------------------------

    /** {@code ov_status_e ov_compiled_model_inputs_size(const ov_compiled_model_t* compiled_model, size_t* size)}. */
    public int ov_compiled_model_inputs_size(MemorySegment compiledModel, MemorySegment size) {
        try {
            return (int) compiledModelInputsSize.invokeExact(compiledModel, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_compiled_model_outputs_size(const ov_compiled_model_t* compiled_model, size_t* size)}. */
    public int ov_compiled_model_outputs_size(MemorySegment compiledModel, MemorySegment size) {
        try {
            return (int) compiledModelOutputsSize.invokeExact(compiledModel, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code ov_status_e ov_compiled_model_input_by_index(const ov_compiled_model_t* compiled_model,
     * const size_t index, ov_output_const_port_t** input_port)}; the port is released with
     * {@link #ov_output_const_port_free}.
     */
    public int ov_compiled_model_input_by_index(MemorySegment compiledModel, long index, MemorySegment port) {
        try {
            return (int) compiledModelInputByIndex.invokeExact(compiledModel, index, port);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** As {@link #ov_compiled_model_input_by_index}, for outputs ({@code ov_compiled_model_output_by_index}). */
    public int ov_compiled_model_output_by_index(MemorySegment compiledModel, long index, MemorySegment port) {
        try {
            return (int) compiledModelOutputByIndex.invokeExact(compiledModel, index, port);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code void ov_output_const_port_free(ov_output_const_port_t* port)}. */
    public void ov_output_const_port_free(MemorySegment port) {
        try {
            outputConstPortFree.invokeExact(port);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_port_get_any_name(const ov_output_const_port_t* port, char** tensor_name)}; freed with {@link #ov_free}. */
    public int ov_port_get_any_name(MemorySegment port, MemorySegment name) {
        try {
            return (int) portGetAnyName.invokeExact(port, name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_port_get_element_type(const ov_output_const_port_t* port, ov_element_type_e* tensor_type)}. */
    public int ov_port_get_element_type(MemorySegment port, MemorySegment type) {
        try {
            return (int) portGetElementType.invokeExact(port, type);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code ov_status_e ov_port_get_partial_shape(const ov_output_const_port_t* port, ov_partial_shape_t* partial_shape)};
     * released with {@link #ov_partial_shape_free}.
     */
    public int ov_port_get_partial_shape(MemorySegment port, MemorySegment partialShape) {
        try {
            return (int) portGetPartialShape.invokeExact(port, partialShape);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code void ov_partial_shape_free(ov_partial_shape_t* partial_shape)}. */
    public void ov_partial_shape_free(MemorySegment partialShape) {
        try {
            partialShapeFree.invokeExact(partialShape);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_compiled_model_create_infer_request(const ov_compiled_model_t*, ov_infer_request_t**)}. */
    public int ov_compiled_model_create_infer_request(MemorySegment compiledModel, MemorySegment request) {
        try {
            return (int) compiledModelCreateInferRequest.invokeExact(compiledModel, request);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code void ov_compiled_model_free(ov_compiled_model_t* compiled_model)}. */
    public void ov_compiled_model_free(MemorySegment compiledModel) {
        try {
            compiledModelFree.invokeExact(compiledModel);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- ov_tensor.h, ov_shape.h ------------------------------------------------------------

    /**
     * {@code ov_status_e ov_tensor_create_from_host_ptr(const ov_element_type_e type, const ov_shape_t shape,
     * void* host_ptr, ov_tensor_t** tensor)}: {@code shape} is passed <em>by value</em> (a 16-byte
     * {@link OvLayouts#SHAPE} segment); the tensor uses {@code host_ptr}'s memory, no copy.
     */
    public int ov_tensor_create_from_host_ptr(int type, MemorySegment shape, MemorySegment hostPtr, MemorySegment tensor) {
        try {
            return (int) tensorCreateFromHostPtr.invokeExact(type, shape, hostPtr, tensor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_tensor_get_shape(const ov_tensor_t* tensor, ov_shape_t* shape)}; released with {@link #ov_shape_free}. */
    public int ov_tensor_get_shape(MemorySegment tensor, MemorySegment shape) {
        try {
            return (int) tensorGetShape.invokeExact(tensor, shape);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_tensor_get_element_type(const ov_tensor_t* tensor, ov_element_type_e* type)}. */
    public int ov_tensor_get_element_type(MemorySegment tensor, MemorySegment type) {
        try {
            return (int) tensorGetElementType.invokeExact(tensor, type);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_tensor_get_byte_size(const ov_tensor_t* tensor, size_t* byte_size)}. */
    public int ov_tensor_get_byte_size(MemorySegment tensor, MemorySegment byteSize) {
        try {
            return (int) tensorGetByteSize.invokeExact(tensor, byteSize);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_tensor_data(const ov_tensor_t* tensor, void** data)}. */
    public int ov_tensor_data(MemorySegment tensor, MemorySegment data) {
        try {
            return (int) tensorData.invokeExact(tensor, data);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code void ov_tensor_free(ov_tensor_t* tensor)}. */
    public void ov_tensor_free(MemorySegment tensor) {
        try {
            tensorFree.invokeExact(tensor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_shape_free(ov_shape_t* shape)}. */
    public int ov_shape_free(MemorySegment shape) {
        try {
            return (int) shapeFree.invokeExact(shape);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- ov_infer_request.h -----------------------------------------------------------------

    /** {@code ov_status_e ov_infer_request_set_input_tensor_by_index(ov_infer_request_t*, const size_t idx, const ov_tensor_t*)}. */
    public int ov_infer_request_set_input_tensor_by_index(MemorySegment request, long index, MemorySegment tensor) {
        try {
            return (int) inferRequestSetInputTensorByIndex.invokeExact(request, index, tensor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_infer_request_set_output_tensor_by_index(ov_infer_request_t*, const size_t idx, const ov_tensor_t*)}. */
    public int ov_infer_request_set_output_tensor_by_index(MemorySegment request, long index, MemorySegment tensor) {
        try {
            return (int) inferRequestSetOutputTensorByIndex.invokeExact(request, index, tensor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_infer_request_infer(ov_infer_request_t* infer_request)}. */
    public int ov_infer_request_infer(MemorySegment request) {
        try {
            return (int) inferRequestInfer.invokeExact(request);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_infer_request_start_async(ov_infer_request_t* infer_request)}. */
    public int ov_infer_request_start_async(MemorySegment request) {
        try {
            return (int) inferRequestStartAsync.invokeExact(request);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_infer_request_wait(ov_infer_request_t* infer_request)}. */
    public int ov_infer_request_wait(MemorySegment request) {
        try {
            return (int) inferRequestWait.invokeExact(request);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ov_status_e ov_infer_request_wait_for(ov_infer_request_t* infer_request, const int64_t timeout)}: milliseconds; {@code RESULT_NOT_READY} on timeout. */
    public int ov_infer_request_wait_for(MemorySegment request, long timeoutMillis) {
        try {
            return (int) inferRequestWaitFor.invokeExact(request, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code ov_status_e ov_infer_request_set_callback(ov_infer_request_t* infer_request, const ov_callback_t* callback)}.
     * OpenVINO keeps the <em>pointer</em> (its C wrapper captures {@code callback} in a lambda), so the
     * {@link OvLayouts#CALLBACK} struct and the stub it names must live as long as the request.
     */
    public int ov_infer_request_set_callback(MemorySegment request, MemorySegment callback) {
        try {
            return (int) inferRequestSetCallback.invokeExact(request, callback);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code ov_status_e ov_infer_request_get_output_tensor_by_index(const ov_infer_request_t*, const size_t idx, ov_tensor_t** tensor)};
     * a new handle released with {@link #ov_tensor_free}.
     */
    public int ov_infer_request_get_output_tensor_by_index(MemorySegment request, long index, MemorySegment tensor) {
        try {
            return (int) inferRequestGetOutputTensorByIndex.invokeExact(request, index, tensor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code void ov_infer_request_free(ov_infer_request_t* infer_request)}. */
    public void ov_infer_request_free(MemorySegment request) {
        try {
            inferRequestFree.invokeExact(request);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- linking ----------------------------------------------------------------------------

    private MethodHandle link(String symbol, MemoryLayout result, MemoryLayout... arguments) {
        return library.downcall(symbol, FunctionDescriptor.of(result, arguments));
    }

    private MethodHandle linkVoid(String symbol, MemoryLayout... arguments) {
        return library.downcall(symbol, FunctionDescriptor.ofVoid(arguments));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new AccelException(ErrorCode.INTERNAL, "unexpected checked exception from a native call: " + t, t);
    }
}
