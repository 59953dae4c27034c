/**
 * Accel's runtime API: tensors (views over memory with an owner), memory scopes, the backend SPI, and
 * the {@code .npy} format. Depends on the JDK only.
 */
module dev.accel.runtime {
    exports dev.accel;
    exports dev.accel.tensor;
    exports dev.accel.memory;
    exports dev.accel.backend;
    exports dev.accel.npy;
    exports dev.accel.model;
    exports dev.accel.json;

    uses dev.accel.backend.Backend;
    uses dev.accel.model.ModelRuntime;
}
