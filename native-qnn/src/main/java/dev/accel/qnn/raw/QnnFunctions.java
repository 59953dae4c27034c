package dev.accel.qnn.raw;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.util.Map;

import static dev.accel.bindings.CTypes.C_POINTER;

/**
 * The C signatures of the QNN functions the binding calls, by interface-table member name. Every
 * function returns {@code Qnn_ErrorHandle_t} ({@code uint64_t}); handles are pointers; {@code uint32_t}
 * counts are {@code int}; {@code Qnn_ContextBinarySize_t} is {@code uint64_t}.
 */
public final class QnnFunctions {
    private QnnFunctions() {
    }

    private static final ValueLayout.OfLong ERR = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;

    /** {@code QnnInterface_getProviders(const QnnInterface_t*** providerList, uint32_t* numProviders)}; the same for QnnSystem. */
    public static final FunctionDescriptor GET_PROVIDERS = FunctionDescriptor.of(ERR, C_POINTER, C_POINTER);

    /** The interface-table members the binding calls. */
    public static final Map<String, FunctionDescriptor> INTERFACE = Map.ofEntries(
            Map.entry("propertyHasCapability", FunctionDescriptor.of(ERR, U32)),
            Map.entry("logCreate", FunctionDescriptor.of(ERR, C_POINTER, U32, C_POINTER)),
            Map.entry("logFree", FunctionDescriptor.of(ERR, C_POINTER)),
            Map.entry("backendCreate", FunctionDescriptor.of(ERR, C_POINTER, C_POINTER, C_POINTER)),
            Map.entry("backendGetApiVersion", FunctionDescriptor.of(ERR, C_POINTER)),
            Map.entry("backendGetBuildId", FunctionDescriptor.of(ERR, C_POINTER)),
            Map.entry("backendFree", FunctionDescriptor.of(ERR, C_POINTER)),
            Map.entry("deviceCreate", FunctionDescriptor.of(ERR, C_POINTER, C_POINTER, C_POINTER)),
            Map.entry("deviceFree", FunctionDescriptor.of(ERR, C_POINTER)),
            // backend, device, config, binaryBuffer, binaryBufferSize, context*, profile
            Map.entry("contextCreateFromBinary", FunctionDescriptor.of(ERR, C_POINTER, C_POINTER, C_POINTER, C_POINTER, U64,
                    C_POINTER, C_POINTER)),
            Map.entry("contextFree", FunctionDescriptor.of(ERR, C_POINTER, C_POINTER)),
            Map.entry("graphRetrieve", FunctionDescriptor.of(ERR, C_POINTER, C_POINTER, C_POINTER)),
            // graph, inputs, numInputs, outputs, numOutputs, profile, signal
            Map.entry("graphExecute", FunctionDescriptor.of(ERR, C_POINTER, C_POINTER, U32, C_POINTER, U32, C_POINTER, C_POINTER)),
            // context, descriptors, numDescriptors, handles
            Map.entry("memRegister", FunctionDescriptor.of(ERR, C_POINTER, C_POINTER, U32, C_POINTER)),
            Map.entry("memDeRegister", FunctionDescriptor.of(ERR, C_POINTER, U32)));

    /** The QnnSystem interface-table members the binding calls. */
    public static final Map<String, FunctionDescriptor> SYSTEM = Map.of(
            "systemContextCreate", FunctionDescriptor.of(ERR, C_POINTER),
            // handle, binaryBuffer (void*), size, const BinaryInfo_t**, Qnn_ContextBinarySize_t*
            "systemContextGetBinaryInfo", FunctionDescriptor.of(ERR, C_POINTER, C_POINTER, U64, C_POINTER, C_POINTER),
            // handle, binaryBuffer (const void*), size, const BinaryInfo_t**
            "systemContextGetMetaData", FunctionDescriptor.of(ERR, C_POINTER, C_POINTER, U64, C_POINTER),
            "systemContextFree", FunctionDescriptor.of(ERR, C_POINTER));
}
