package dev.accel.ipfs.rpc;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.unixfs.ImportProfile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Options of {@code /api/v0/add}: CID version, raw leaves, fixed-size chunker, the most links per file node
 * (Kubo's {@code max-file-links}, experimental since Kubo 0.35), and whether the node pins the result.
 *
 * <p>{@link #of(ImportProfile)} maps a store profile onto the node's options so that the node computes the
 * same CIDs as {@link dev.accel.store.unixfs.UnixFsImporter}:
 * <ul>
 *   <li>{@code kubo-legacy}: {@code cid-version=0, raw-leaves=false, chunker=size-262144};</li>
 *   <li>{@code cidv1-raw}: {@code cid-version=1, raw-leaves=true, chunker=size-262144};</li>
 *   <li>{@code unixfs-v1-2025}: {@code cid-version=1, raw-leaves=true, chunker=size-1048576,
 *       max-file-links=1024}. A node that does not know {@code max-file-links} (js-ipfs; Kubo before 0.35)
 *       lays out at most 174 links per node, which gives the same CIDs for files of up to 174 chunks
 *       (174 MiB) and different ones above.</li>
 * </ul>
 * The default fan-out (174) is never sent, so the options work on nodes without {@code max-file-links}.
 */
public record AddOptions(int cidVersion, boolean rawLeaves, int chunkSize, OptionalInt maxFileLinks, boolean pin) {
    /** The node's default fan-out of file nodes. */
    public static final int DEFAULT_FILE_LINKS = 174;

    public AddOptions {
        if (cidVersion != 0 && cidVersion != 1) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "CID version must be 0 or 1, got " + cidVersion);
        }
        if (cidVersion == 0 && rawLeaves) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "raw leaves need CID version 1");
        }
        if (chunkSize <= 0 || chunkSize > dev.accel.store.StoreLimits.MAX_BLOCK_SIZE) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "chunk size must be 1.." + dev.accel.store.StoreLimits.MAX_BLOCK_SIZE);
        }
        if (maxFileLinks.isPresent() && maxFileLinks.getAsInt() < 2) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "max file links must be at least 2");
        }
    }

    /** The node's options for {@code profile}, pinned on the node. */
    public static AddOptions of(ImportProfile profile) {
        return new AddOptions(profile.cidVersion(), profile.rawLeaves(), profile.chunkSize(),
                profile.maxLinks() == DEFAULT_FILE_LINKS ? OptionalInt.empty() : OptionalInt.of(profile.maxLinks()), true);
    }

    public AddOptions withPin(boolean pin) {
        return new AddOptions(cidVersion, rawLeaves, chunkSize, maxFileLinks, pin);
    }

    /** The query parameters, in the order they are sent. */
    public Map<String, String> query() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("cid-version", Integer.toString(cidVersion));
        q.put("raw-leaves", Boolean.toString(rawLeaves));
        q.put("chunker", "size-" + chunkSize);
        maxFileLinks.ifPresent(n -> q.put("max-file-links", Integer.toString(n)));
        q.put("pin", Boolean.toString(pin));
        return q;
    }
}
