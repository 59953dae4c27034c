package dev.accel.coreml;

import dev.accel.coreml.raw.CoremlAbi;

import java.util.Locale;

/** Which hardware CoreML may use for a model: {@code MLModelConfiguration.computeUnits}. */
public enum CoremlComputeUnits {
    /** {@code MLComputeUnitsCPUOnly}. */
    CPU_ONLY(CoremlAbi.ACCEL_COREML_UNITS_CPU_ONLY),
    /** {@code MLComputeUnitsCPUAndGPU}. */
    CPU_AND_GPU(CoremlAbi.ACCEL_COREML_UNITS_CPU_AND_GPU),
    /** {@code MLComputeUnitsAll}: CPU, GPU and Neural Engine, as CoreML sees fit. */
    ALL(CoremlAbi.ACCEL_COREML_UNITS_ALL),
    /** {@code MLComputeUnitsCPUAndNeuralEngine} (macOS 13 / iOS 16 and later). */
    CPU_AND_NE(CoremlAbi.ACCEL_COREML_UNITS_CPU_AND_NE);

    private final int value;

    CoremlComputeUnits(int value) {
        this.value = value;
    }

    /** The {@code MLComputeUnits} raw value. */
    public int value() {
        return value;
    }

    /** Parses {@code cpu_only}, {@code cpu_and_gpu}, {@code all}, {@code cpu_and_ne} (or {@code cpu}, {@code gpu}, {@code ane}). */
    public static CoremlComputeUnits parse(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "cpu", "cpu_only" -> CPU_ONLY;
            case "gpu", "cpu_and_gpu" -> CPU_AND_GPU;
            case "ane", "ne", "cpu_and_ne" -> CPU_AND_NE;
            case "all" -> ALL;
            default -> throw new IllegalArgumentException("unknown CoreML compute units '" + name + "'; expected cpu, gpu, ane or all");
        };
    }
}
