package dev.accel.ipfs.rpc;

import dev.accel.store.cid.Cid;

import java.util.List;
import java.util.Map;

/**
 * What {@code dag/import} says: the roots it pinned, and the roots it could not pin with the node's reason.
 */
public record DagImportResult(List<Cid> pinned, Map<Cid, String> pinErrors) {
    public DagImportResult {
        pinned = List.copyOf(pinned);
        pinErrors = Map.copyOf(pinErrors);
    }
}
