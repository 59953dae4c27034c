package dev.accel.qnn.raw;

import dev.accel.bindings.CStructs;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static dev.accel.bindings.CTypes.C_POINTER;

/**
 * Layouts of the QNN C types the binding reads and writes, member for member as the SDK headers
 * define them (LP64: Linux and Android on x86-64 and AArch64). Member names are the header's; an
 * anonymous C union is a member named as documented on each layout.
 */
public final class QnnTypes {
    private QnnTypes() {
    }

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;
    private static final AddressLayout PTR = C_POINTER;

    // ---- enum values (QnnTypes.h, QnnMem.h, QnnLog.h) -------------------------------------------

    public static final int QNN_TENSOR_VERSION_1 = 1;
    public static final int QNN_TENSOR_VERSION_2 = 2;
    public static final int QNN_TENSOR_TYPE_APP_WRITE = 0;
    public static final int QNN_TENSOR_TYPE_APP_READ = 1;
    public static final int QNN_TENSOR_DATA_FORMAT_FLAT_BUFFER = 0;
    public static final int QNN_TENSORMEMTYPE_RAW = 0;
    public static final int QNN_TENSORMEMTYPE_MEMHANDLE = 1;
    public static final int QNN_DEFINITION_UNDEFINED = 0x7FFFFFFF;
    public static final int QNN_QUANTIZATION_ENCODING_SCALE_OFFSET = 0;
    public static final int QNN_QUANTIZATION_ENCODING_UNDEFINED = 0x7FFFFFFF;
    public static final int QNN_MEM_TYPE_ION = 1;
    public static final int QNN_MEM_TYPE_CUSTOM = 2;
    public static final int QNN_LOG_LEVEL_ERROR = 1;
    public static final int QNN_LOG_LEVEL_WARN = 2;
    public static final int QNN_LOG_LEVEL_INFO = 3;
    public static final int QNN_LOG_LEVEL_VERBOSE = 4;
    public static final int QNN_LOG_LEVEL_DEBUG = 5;

    /** {@code Qnn_DataType_t} values (QnnTypes.h). */
    public static final int QNN_DATATYPE_INT_8 = 0x0008;
    public static final int QNN_DATATYPE_INT_16 = 0x0016;
    public static final int QNN_DATATYPE_INT_32 = 0x0032;
    public static final int QNN_DATATYPE_INT_64 = 0x0064;
    public static final int QNN_DATATYPE_UINT_8 = 0x0108;
    public static final int QNN_DATATYPE_UINT_16 = 0x0116;
    public static final int QNN_DATATYPE_UINT_32 = 0x0132;
    public static final int QNN_DATATYPE_UINT_64 = 0x0164;
    public static final int QNN_DATATYPE_FLOAT_16 = 0x0216;
    public static final int QNN_DATATYPE_FLOAT_32 = 0x0232;
    public static final int QNN_DATATYPE_FLOAT_64 = 0x0264;
    public static final int QNN_DATATYPE_SFIXED_POINT_8 = 0x0308;
    public static final int QNN_DATATYPE_SFIXED_POINT_16 = 0x0316;
    public static final int QNN_DATATYPE_SFIXED_POINT_32 = 0x0332;
    public static final int QNN_DATATYPE_UFIXED_POINT_8 = 0x0408;
    public static final int QNN_DATATYPE_UFIXED_POINT_16 = 0x0416;
    public static final int QNN_DATATYPE_UFIXED_POINT_32 = 0x0432;
    public static final int QNN_DATATYPE_BOOL_8 = 0x0508;
    public static final int QNN_DATATYPE_UNDEFINED = 0x7FFFFFFF;

    // ---- structs ------------------------------------------------------------------------------

    /** {@code Qnn_Version_t}. */
    public static final StructLayout VERSION = CStructs.struct(U32.withName("major"), U32.withName("minor"), U32.withName("patch"));

    /** {@code Qnn_ApiVersion_t}. */
    public static final StructLayout API_VERSION = CStructs.struct(
            VERSION.withName("coreApiVersion"), VERSION.withName("backendApiVersion"));

    /** {@code Qnn_ScaleOffset_t}. */
    public static final StructLayout SCALE_OFFSET = CStructs.struct(ValueLayout.JAVA_FLOAT.withName("scale"), U32.withName("offset"));

    private static final StructLayout AXIS_SCALE_OFFSET = CStructs.struct(
            U32.withName("axis"), U32.withName("numScaleOffsets"), PTR.withName("scaleOffset"));
    private static final StructLayout BW_SCALE_OFFSET = CStructs.struct(
            U32.withName("bitwidth"), ValueLayout.JAVA_FLOAT.withName("scale"), U32.withName("offset"));
    private static final StructLayout BW_AXIS_SCALE_OFFSET = CStructs.struct(U32.withName("bitwidth"), U32.withName("axis"),
            U32.withName("numElements"), PTR.withName("scales"), PTR.withName("offsets"));

    /**
     * {@code Qnn_QuantizeParams_t}; its anonymous union is the member {@code encoding}. Later SDKs add
     * {@code blockEncoding} (16 bytes) and two pointers to the union, which leaves its size at 32.
     */
    public static final StructLayout QUANTIZE_PARAMS = CStructs.struct(
            U32.withName("encodingDefinition"), U32.withName("quantizationEncoding"),
            CStructs.union(SCALE_OFFSET.withName("scaleOffsetEncoding"), AXIS_SCALE_OFFSET.withName("axisScaleOffsetEncoding"),
                    BW_SCALE_OFFSET.withName("bwScaleOffsetEncoding"), BW_AXIS_SCALE_OFFSET.withName("bwAxisScaleOffsetEncoding"))
                    .withName("encoding"));

    /** {@code Qnn_ClientBuffer_t}: {@code void* data; uint32_t dataSize}. */
    public static final StructLayout CLIENT_BUFFER = CStructs.struct(PTR.withName("data"), U32.withName("dataSize"));

    private static MemoryLayout[] tensorV1Members(MemoryLayout memoryUnion) {
        return new MemoryLayout[] {U32.withName("id"), PTR.withName("name"), U32.withName("type"), U32.withName("dataFormat"),
                U32.withName("dataType"), QUANTIZE_PARAMS.withName("quantizeParams"), U32.withName("rank"),
                PTR.withName("dimensions"), U32.withName("memType"), memoryUnion.withName("memory")};
    }

    /** {@code Qnn_TensorV1_t}; its anonymous union ({@code clientBuf} / {@code memHandle}) is the member {@code memory}. */
    public static final StructLayout TENSOR_V1 = CStructs.struct(tensorV1Members(
            CStructs.union(CLIENT_BUFFER.withName("clientBuf"), PTR.withName("memHandle"))));

    private static final StructLayout SPARSE_PARAMS = CStructs.struct(U32.withName("type"),
            CStructs.union(CStructs.struct(U32.withName("numSpecifiedElements"), U32.withName("numSparseDimensions"))
                    .withName("hybridCoo")).withName("layout"));

    /** {@code Qnn_TensorV2_t}: the V1 members (union {@code memory} also holds {@code retrieveRaw}), then three more. */
    public static final StructLayout TENSOR_V2;

    static {
        MemoryLayout[] v1 = tensorV1Members(CStructs.union(CLIENT_BUFFER.withName("clientBuf"), PTR.withName("memHandle"),
                PTR.withName("retrieveRaw")));
        MemoryLayout[] v2 = java.util.Arrays.copyOf(v1, v1.length + 3);
        v2[v1.length] = PTR.withName("isDynamicDimensions");
        v2[v1.length + 1] = SPARSE_PARAMS.withName("sparseParams");
        v2[v1.length + 2] = ValueLayout.JAVA_BYTE.withName("isProduced");
        TENSOR_V2 = CStructs.struct(v2);
    }

    /** {@code Qnn_Tensor_t} as current SDKs define it (core API 2.14 and later); the union is the member {@code v}. */
    public static final StructLayout TENSOR = CStructs.struct(U32.withName("version"),
            CStructs.union(TENSOR_V1.withName("v1"), TENSOR_V2.withName("v2")).withName("v"));

    /** {@code Qnn_Tensor_t} as core API 2.7 (SDK 2.13) defines it, before {@code Qnn_TensorV2_t} existed. */
    public static final StructLayout TENSOR_2_7 = CStructs.struct(U32.withName("version"),
            CStructs.union(TENSOR_V1.withName("v1")).withName("v"));

    /** {@code Qnn_MemShape_t}. */
    public static final StructLayout MEM_SHAPE = CStructs.struct(U32.withName("numDim"), PTR.withName("dimSize"), PTR.withName("shapeConfig"));

    /**
     * {@code Qnn_MemDescriptor_t}; its anonymous union is the member {@code info}. Later SDKs add a
     * {@code dmaBufInfo} member that makes the union larger, so the binding registers one descriptor
     * per call and never depends on the array stride.
     */
    public static final StructLayout MEM_DESCRIPTOR = CStructs.struct(MEM_SHAPE.withName("memShape"), U32.withName("dataType"),
            U32.withName("memType"),
            CStructs.union(CStructs.struct(U32.withName("fd")).withName("ionInfo"), PTR.withName("customInfo")).withName("info"));

    /** {@code QnnInterface_t} for an interface-table layout; the table is the member {@code table}. */
    public static StructLayout interfaceLayout(List<String> tableMembers) {
        return CStructs.struct(U32.withName("backendId"), PTR.withName("providerName"), API_VERSION.withName("apiVersion"),
                table(tableMembers).withName("table"));
    }

    /** A struct of function pointers named {@code members}, in order. */
    public static StructLayout table(List<String> members) {
        return CStructs.struct(members.stream().map(m -> (MemoryLayout) PTR.withName(m)).toArray(MemoryLayout[]::new));
    }

    /** The members of {@code QNN_SYSTEM_INTERFACE_VER_TYPE} the binding reads (later versions append). */
    public static final List<String> SYSTEM_TABLE_MEMBERS = List.of(
            "systemContextCreate", "systemContextGetBinaryInfo", "systemContextGetMetaData", "systemContextFree");

    /** {@code QnnSystemInterface_t}; the table is the member {@code table}. */
    public static final StructLayout SYSTEM_INTERFACE = CStructs.struct(U32.withName("backendId"), PTR.withName("providerName"),
            VERSION.withName("systemApiVersion"), table(SYSTEM_TABLE_MEMBERS).withName("table"));

    /** {@code QnnSystemContext_GraphInfoV1_t}, whose members open GraphInfoV2 and V3 as well. */
    public static final StructLayout GRAPH_INFO_V1 = CStructs.struct(PTR.withName("graphName"), U32.withName("numGraphInputs"),
            PTR.withName("graphInputs"), U32.withName("numGraphOutputs"), PTR.withName("graphOutputs"));

    /** {@code QnnSystemContext_GraphInfo_t} read through its V1 prefix; the union is the member {@code info}. */
    public static final StructLayout GRAPH_INFO = CStructs.struct(U32.withName("version"),
            CStructs.union(GRAPH_INFO_V1.withName("graphInfoV1")).withName("info"));

    /** {@code QnnSystemContext_BinaryInfoV1_t}, whose members open BinaryInfoV2 and V3 as well. */
    public static final StructLayout BINARY_INFO_V1 = CStructs.struct(U32.withName("backendId"), PTR.withName("buildId"),
            VERSION.withName("coreApiVersion"), VERSION.withName("backendApiVersion"), PTR.withName("socVersion"),
            VERSION.withName("hwInfoBlobVersion"), VERSION.withName("contextBlobVersion"), U32.withName("hwInfoBlobSize"),
            PTR.withName("hwInfoBlob"), U64.withName("contextBlobSize"), U32.withName("numContextTensors"),
            PTR.withName("contextTensors"), U32.withName("numGraphs"), PTR.withName("graphs"));

    /** {@code QnnSystemContext_BinaryInfo_t} read through its V1 prefix; the union is the member {@code info}. */
    public static final StructLayout BINARY_INFO = CStructs.struct(U32.withName("version"),
            CStructs.union(BINARY_INFO_V1.withName("contextBinaryInfoV1")).withName("info"));
}
