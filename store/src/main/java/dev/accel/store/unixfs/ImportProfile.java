package dev.accel.store.unixfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

/**
 * How files are cut and laid out; each profile gives the same CIDs as Kubo ({@code ipfs add}) and
 * js-ipfs-unixfs-importer with the matching options. All use the balanced layout, sha2-256 and dag-pb
 * internal nodes.
 */
public enum ImportProfile {
    /** {@code ipfs add} with no options: CIDv0, 256 KiB chunks, 174 links per node, dag-pb leaves. */
    KUBO_LEGACY("kubo-legacy", 0, 256 * 1024, 174, false),
    /** {@code ipfs add --cid-version=1}: CIDv1, 256 KiB chunks, 174 links, raw leaves. */
    CIDV1_RAW("cidv1-raw", 1, 256 * 1024, 174, true),
    /** IPIP-499's deterministic profile: CIDv1, 1 MiB chunks, 1024 links, raw leaves. The default. */
    UNIXFS_V1_2025("unixfs-v1-2025", 1, 1024 * 1024, 1024, true);

    /** The profile used when none is named. */
    public static final ImportProfile DEFAULT = UNIXFS_V1_2025;

    private final String profileName;
    private final int cidVersion;
    private final int chunkSize;
    private final int maxLinks;
    private final boolean rawLeaves;

    ImportProfile(String profileName, int cidVersion, int chunkSize, int maxLinks, boolean rawLeaves) {
        this.profileName = profileName;
        this.cidVersion = cidVersion;
        this.chunkSize = chunkSize;
        this.maxLinks = maxLinks;
        this.rawLeaves = rawLeaves;
    }

    /** The profile's name as users write it ({@code kubo-legacy}, {@code cidv1-raw}, {@code unixfs-v1-2025}). */
    public String profileName() {
        return profileName;
    }

    public int cidVersion() {
        return cidVersion;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public int maxLinks() {
        return maxLinks;
    }

    public boolean rawLeaves() {
        return rawLeaves;
    }

    /**
     * The profile named {@code name}.
     *
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} naming the known profiles
     */
    public static ImportProfile byName(String name) {
        for (ImportProfile p : values()) {
            if (p.profileName.equals(name)) {
                return p;
            }
        }
        throw new AccelException(ErrorCode.INVALID_ARGUMENT, "unknown import profile '" + name
                + "' (known: kubo-legacy, cidv1-raw, unixfs-v1-2025)");
    }

    @Override
    public String toString() {
        return profileName;
    }
}
