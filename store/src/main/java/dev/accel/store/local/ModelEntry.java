package dev.accel.store.local;

import dev.accel.store.cid.Cid;

import java.util.Objects;

/** A named entry of the model registry: the name, the root CID of the model's DAG, and its manifest. */
public record ModelEntry(String name, Cid root, ModelManifest manifest) {
    public ModelEntry {
        ModelRegistry.checkName(name);
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(manifest, "manifest");
    }
}
