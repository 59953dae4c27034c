package dev.accel.store;

/**
 * The limits every reader and writer of this module enforces. They match or are tighter than those of
 * Kubo/boxo, so anything within them is accepted by other IPFS implementations.
 */
public final class StoreLimits {
    /** Largest block, in bytes: 2 MiB, the largest block IPFS nodes exchange over bitswap. */
    public static final int MAX_BLOCK_SIZE = 2 * 1024 * 1024;
    /** Most links one DAG-PB node may have when decoded (importers write at most 1024 per file node). */
    public static final int MAX_LINKS_PER_NODE = 10_000;
    /** Deepest DAG the exporter walks (a balanced file DAG of 174-link nodes at depth 8 holds over 10^17 bytes). */
    public static final int MAX_DAG_DEPTH = 64;
    /** Largest CAR header (the varint-prefixed DAG-CBOR map), in bytes. */
    public static final int MAX_CAR_HEADER_SIZE = 1024 * 1024;
    /** Largest encoded CID, in bytes (a multihash digest is at most {@link #MAX_DIGEST_LENGTH} bytes). */
    public static final int MAX_CID_LENGTH = 160;
    /** Largest CAR section (CID plus block), in bytes. */
    public static final int MAX_CAR_SECTION_SIZE = MAX_BLOCK_SIZE + MAX_CID_LENGTH;
    /** Largest multihash digest, in bytes; also the limit of identity hashes, as in Kubo. */
    public static final int MAX_DIGEST_LENGTH = 128;
    /** Most roots a CAR header may list. */
    public static final int MAX_CAR_ROOTS = 1024;
    /** Largest file or directory entry name, in UTF-8 bytes (as most file systems). */
    public static final int MAX_NAME_LENGTH = 255;

    private StoreLimits() {
    }
}
