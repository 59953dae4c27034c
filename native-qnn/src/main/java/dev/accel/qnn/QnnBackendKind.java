package dev.accel.qnn;

import dev.accel.backend.DeviceKind;

import java.util.Locale;
import java.util.Optional;

/**
 * The QNN backend libraries Accel looks for, one per kind of Qualcomm hardware: each is a separate
 * shared library of the QNN SDK that exports {@code QnnInterface_getProviders}.
 */
public enum QnnBackendKind {
    /** The Hexagon Tensor Processor (the NPU of Snapdragon SoCs): {@code libQnnHtp.so}. */
    HTP("libQnnHtp.so", DeviceKind.NPU),
    /** The Adreno GPU: {@code libQnnGpu.so}. */
    GPU("libQnnGpu.so", DeviceKind.GPU),
    /** Hexagon DSP (older SoCs): {@code libQnnDsp.so}. */
    DSP("libQnnDsp.so", DeviceKind.DSP),
    /** QNN's reference CPU backend: {@code libQnnCpu.so}. */
    CPU("libQnnCpu.so", DeviceKind.CPU);

    private final String libraryName;
    private final DeviceKind deviceKind;

    QnnBackendKind(String libraryName, DeviceKind deviceKind) {
        this.libraryName = libraryName;
        this.deviceKind = deviceKind;
    }

    /** The SDK's file name for this backend, e.g. {@code libQnnHtp.so}. */
    public String libraryName() {
        return libraryName;
    }

    /** What kind of hardware it drives. */
    public DeviceKind deviceKind() {
        return deviceKind;
    }

    /** Lower-case name used in device names: {@code qnn:htp}. */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code htp}, {@code gpu}, {@code dsp} or {@code cpu}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static QnnBackendKind parse(String name) {
        for (QnnBackendKind kind : values()) {
            if (kind.shortName().equalsIgnoreCase(name.strip())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown QNN backend '" + name + "'; expected htp, gpu, dsp or cpu");
    }

    /** The kind a library file is, from its name ({@code libQnnHtp.so} is HTP); empty when the name does not say. */
    static Optional<QnnBackendKind> ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (QnnBackendKind kind : values()) {
            if (lower.contains("qnn" + kind.shortName())) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
