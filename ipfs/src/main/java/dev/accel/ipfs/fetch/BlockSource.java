package dev.accel.ipfs.fetch;

import dev.accel.ipfs.rpc.KuboRpcClient;
import dev.accel.store.cid.Cid;

/**
 * Where a block-by-block fetch gets blocks: a Kubo node ({@code block/get}) or trustless gateways
 * ({@code ?format=raw}). Implementations must be thread-safe (a fetch calls them from several threads).
 */
public interface BlockSource {
    /**
     * The block named {@code cid}, verified against it.
     *
     * @throws dev.accel.store.BlockIntegrityException if the remote sent other bytes
     * @throws dev.accel.AccelException                if it could not be had
     */
    byte[] block(Cid cid);

    /** Where the blocks come from, for messages ({@code the IPFS node at http://...}). */
    String describe();

    /** The blocks of the node behind {@code node} ({@code block/get}, verified). */
    static BlockSource of(KuboRpcClient node) {
        return new BlockSource() {
            @Override
            public byte[] block(Cid cid) {
                return node.blockGet(cid);
            }

            @Override
            public String describe() {
                return "the IPFS node at " + node.url();
            }
        };
    }
}
