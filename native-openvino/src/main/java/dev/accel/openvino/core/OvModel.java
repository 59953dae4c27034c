package dev.accel.openvino.core;

import java.lang.foreign.MemorySegment;

/** A model read by {@link OvCore#readModel} ({@code ov_model_t}); compile it with {@link OvCore#compile}. */
public final class OvModel extends OvObject {
    OvModel(OvLibrary library, MemorySegment handle) {
        super(library, "OpenVINO model", handle);
    }

    @Override
    void release(MemorySegment h) {
        library.api().ov_model_free(h);
    }
}
