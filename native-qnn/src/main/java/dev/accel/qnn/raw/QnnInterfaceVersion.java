package dev.accel.qnn.raw;

import java.lang.foreign.StructLayout;
import java.util.List;
import java.util.Optional;

/**
 * The layouts that depend on the QNN core API version a backend library serves: the order of the
 * interface table ({@code QNN_INTERFACE_VER_TYPE}) and the size of {@code Qnn_Tensor_t}, which is the
 * stride of the tensor arrays passed to {@code graphExecute} and read from context-binary metadata.
 *
 * <p>Core API 2.7 (SDK 2.13) was checked against Qualcomm's headers with a C compiler. Current SDKs
 * insert four members into the table ({@code backendSetConfig}, {@code graphCreateSubgraph},
 * {@code profileSetConfig}, {@code profileGetExtendedEventData}) and add {@code Qnn_TensorV2_t} to the
 * tensor union; that layout is taken from current headers and was present by core API 2.14 (SDK 2.21,
 * the first SDK whose context binaries carry V2 tensors). Versions in between, and other major
 * versions, are refused rather than guessed at.
 */
public enum QnnInterfaceVersion {
    /** Core API 2.7.x (QNN SDK 2.13). */
    API_2_7(List.of(
            "propertyHasCapability",
            "backendCreate", "backendGetApiVersion", "backendGetBuildId", "backendRegisterOpPackage",
            "backendGetSupportedOperations", "backendValidateOpConfig", "backendFree",
            "contextCreate", "contextSetConfig", "contextGetBinarySize", "contextGetBinary", "contextCreateFromBinary", "contextFree",
            "graphCreate", "graphSetConfig", "graphAddNode", "graphFinalize", "graphRetrieve", "graphExecute", "graphExecuteAsync",
            "tensorCreateContextTensor", "tensorCreateGraphTensor",
            "logCreate", "logSetLogLevel", "logFree",
            "profileCreate", "profileGetEvents", "profileGetSubEvents", "profileGetEventData", "profileFree",
            "memRegister", "memDeRegister",
            "deviceGetPlatformInfo", "deviceFreePlatformInfo", "deviceGetInfrastructure", "deviceCreate", "deviceSetConfig",
            "deviceGetInfo", "deviceFree",
            "signalCreate", "signalSetConfig", "signalTrigger", "signalFree"),
            QnnTypes.TENSOR_2_7),
    /** Core API 2.14 and later (QNN SDK 2.21 and later, QAIRT); later members are appended after {@code signalFree}. */
    CURRENT(List.of(
            "propertyHasCapability",
            "backendCreate", "backendSetConfig", "backendGetApiVersion", "backendGetBuildId", "backendRegisterOpPackage",
            "backendGetSupportedOperations", "backendValidateOpConfig", "backendFree",
            "contextCreate", "contextSetConfig", "contextGetBinarySize", "contextGetBinary", "contextCreateFromBinary", "contextFree",
            "graphCreate", "graphCreateSubgraph", "graphSetConfig", "graphAddNode", "graphFinalize", "graphRetrieve", "graphExecute",
            "graphExecuteAsync",
            "tensorCreateContextTensor", "tensorCreateGraphTensor",
            "logCreate", "logSetLogLevel", "logFree",
            "profileCreate", "profileSetConfig", "profileGetEvents", "profileGetSubEvents", "profileGetEventData",
            "profileGetExtendedEventData", "profileFree",
            "memRegister", "memDeRegister",
            "deviceGetPlatformInfo", "deviceFreePlatformInfo", "deviceGetInfrastructure", "deviceCreate", "deviceSetConfig",
            "deviceGetInfo", "deviceFree",
            "signalCreate", "signalSetConfig", "signalTrigger", "signalFree"),
            QnnTypes.TENSOR);

    /** The lowest core API minor version (of major 2) whose layouts are {@link #CURRENT}. */
    public static final int CURRENT_FROM_MINOR = 14;

    private final List<String> tableMembers;
    private final StructLayout interfaceLayout;
    private final StructLayout tensorLayout;

    QnnInterfaceVersion(List<String> tableMembers, StructLayout tensorLayout) {
        this.tableMembers = tableMembers;
        this.interfaceLayout = QnnTypes.interfaceLayout(tableMembers);
        this.tensorLayout = tensorLayout;
    }

    /** The layouts for a provider that reports core API {@code major.minor}, or empty when none was checked. */
    public static Optional<QnnInterfaceVersion> forCoreApi(int major, int minor) {
        if (major != 2) {
            return Optional.empty();
        }
        if (minor == 7) {
            return Optional.of(API_2_7);
        }
        return minor >= CURRENT_FROM_MINOR ? Optional.of(CURRENT) : Optional.empty();
    }

    /** The core API versions this binding accepts, for messages. */
    public static String supportedVersions() {
        return "2.7.x (QNN SDK 2.13) or 2." + CURRENT_FROM_MINOR + " and later (QNN SDK 2.21 and later)";
    }

    /** The interface-table member names, in the header's order. */
    public List<String> tableMembers() {
        return tableMembers;
    }

    /** {@code QnnInterface_t} with this version's table as member {@code table}. */
    public StructLayout interfaceLayout() {
        return interfaceLayout;
    }

    /** {@code Qnn_Tensor_t} of this version: its size is the stride of tensor arrays. */
    public StructLayout tensorLayout() {
        return tensorLayout;
    }
}
