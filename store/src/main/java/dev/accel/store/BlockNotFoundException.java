package dev.accel.store;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.cid.Cid;

/**
 * A block needed to read a DAG is not in the block store. Callers that can fetch blocks from elsewhere
 * (an IPFS node, a gateway) catch this, fetch {@link #cid()} and retry. Its code is
 * {@link ErrorCode#IO_ERROR}.
 */
public final class BlockNotFoundException extends AccelException {
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;

    public BlockNotFoundException(Cid cid) {
        super(ErrorCode.IO_ERROR, "block " + cid + " is not in the block store");
        this.cid = cid;
    }

    /** The missing block. */
    public Cid cid() {
        return cid;
    }
}
