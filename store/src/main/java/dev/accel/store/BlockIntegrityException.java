package dev.accel.store;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.cid.Cid;

/**
 * A block's bytes do not hash to the CID that names it. The bytes are never returned; the CID (and,
 * where known, where the bytes came from) is in the message and in {@link #cid()}.
 */
public final class BlockIntegrityException extends AccelException {
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;

    public BlockIntegrityException(Cid cid, String where) {
        super(ErrorCode.INTEGRITY, "block " + cid + " does not match its hash" + (where.isEmpty() ? "" : " (" + where + ")"));
        this.cid = cid;
    }

    /** The CID the bytes were supposed to hash to. */
    public Cid cid() {
        return cid;
    }
}
