/**
 * The {@code accel} command. Backends and model runtimes are found through the runtime's
 * {@code ServiceLoader}; the CLI itself needs no native access.
 */
module dev.accel.cli {
    requires dev.accel.runtime;
    requires dev.accel.store;
    requires dev.accel.ipfs;
    requires dev.accel.tokenizers;
    requires dev.accel.conformance;
    requires info.picocli;

    opens dev.accel.cli to info.picocli;
}
