package dev.accel.cuda.nvrtc;

import java.util.Objects;

/**
 * A compiled kernel module, ready for {@code cuModuleLoadData}: a CUBIN for a real architecture
 * ({@code sm_XY}) or PTX text, NUL-terminated, for a virtual one ({@code compute_XY}).
 *
 * @param format what {@code bytes} hold
 * @param bytes  the image (PTX includes its trailing NUL, as {@code cuModuleLoadData} expects)
 * @param log    NVRTC's log (warnings), empty when there was none or when the image came from the disk cache
 */
public record KernelImage(Format format, byte[] bytes, String log) {
    /** CUBIN (machine code for one architecture) or PTX (virtual ISA, JIT-compiled by the driver at load). */
    public enum Format { CUBIN, PTX }

    public KernelImage {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(log, "log");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Size of the image in bytes. */
    public int size() {
        return bytes.length;
    }

    /** The format a target architecture produces: {@code sm_XY} gives CUBIN, {@code compute_XY} PTX. */
    public static Format formatFor(String arch) {
        if (arch.matches("sm_\\d+[a-z]?")) {
            return Format.CUBIN;
        }
        if (arch.matches("compute_\\d+[a-z]?")) {
            return Format.PTX;
        }
        throw new IllegalArgumentException("architecture must be sm_XY (CUBIN) or compute_XY (PTX), got '" + arch + "'");
    }

    @Override
    public String toString() {
        return "KernelImage[" + format + ", " + bytes.length + " bytes]";
    }
}
