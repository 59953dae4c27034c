package dev.accel.store.car;

import dev.accel.store.cid.Cid;

import java.util.List;

/**
 * What a CAR declares: its format version (1 or 2; a CARv2's inner payload is a CARv1) and its roots.
 *
 * @param version the outer format version
 * @param roots   the root CIDs of the (inner) CARv1 header, in order; may be empty
 */
public record CarHeader(int version, List<Cid> roots) {
    public CarHeader {
        roots = List.copyOf(roots);
    }
}
