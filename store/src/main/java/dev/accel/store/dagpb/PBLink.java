package dev.accel.store.dagpb;

import dev.accel.store.cid.Cid;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One link of a DAG-PB node: the child's CID, an optional name (UnixFS directories name entries; file
 * nodes write the empty name) and an optional {@code Tsize}, the cumulative size of the child's DAG in
 * bytes (its block plus all blocks below it).
 */
public record PBLink(Cid hash, Optional<String> name, OptionalLong tsize) {
    public PBLink {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tsize, "tsize");
        if (tsize.isPresent() && tsize.getAsLong() < 0) {
            throw new IllegalArgumentException("negative Tsize");
        }
    }

    /** A link with a name (possibly empty, as UnixFS file nodes write) and a Tsize. */
    public static PBLink of(Cid hash, String name, long tsize) {
        return new PBLink(hash, Optional.of(name), OptionalLong.of(tsize));
    }

    /** The name, or the empty string when absent (as the spec sorts and compares names). */
    public String nameOrEmpty() {
        return name.orElse("");
    }
}
