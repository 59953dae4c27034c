package dev.accel.store.car;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.BlockNotFoundException;
import dev.accel.store.StoreLimits;
import dev.accel.store.block.Blockstore;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Varint;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a CARv1: the header (DAG-CBOR {@code {roots, version: 1}}) when created, then one section
 * ({@code varint(len) CID block}) per {@link #write}. {@link #writeDag} exports whole DAGs from a block
 * store. Not thread-safe; does not close the stream.
 */
public final class CarWriter {
    private final OutputStream out;

    /** Writes the header with {@code roots} to {@code out}. */
    public CarWriter(OutputStream out, List<Cid> roots) {
        this.out = out;
        if (roots.size() > StoreLimits.MAX_CAR_ROOTS) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "more than " + StoreLimits.MAX_CAR_ROOTS + " roots");
        }
        byte[] header = HeaderCbor.encode(1, roots);
        write(Varint.encode(header.length));
        write(header);
    }

    /** Writes one section. The block is written as given: callers verify it first. */
    public void write(Cid cid, byte[] block) {
        if (block.length > StoreLimits.MAX_BLOCK_SIZE) {
            throw new AccelException(ErrorCode.OUT_OF_MEMORY, "block " + cid + " of " + block.length + " bytes is over the limit");
        }
        byte[] c = cid.bytes();
        write(Varint.encode((long) c.length + block.length));
        write(c);
        write(block);
    }

    /**
     * Writes a CARv1 of the DAGs under {@code roots}: every block reachable through dag-pb links, each
     * once, in depth-first pre-order (as go-car does), each verified against its CID before it is written.
     * Raw blocks are leaves; blocks of other codecs cannot be traversed ({@link ErrorCode#UNSUPPORTED}).
     *
     * @return the number of blocks written
     */
    public static long writeDag(Blockstore store, List<Cid> roots, OutputStream out) {
        CarWriter writer = new CarWriter(out, roots);
        Set<Cid> seen = new HashSet<>();
        long count = 0;
        record Pending(Cid cid, int depth) {
        }
        Deque<Pending> stack = new ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            stack.push(new Pending(roots.get(i), 0));
        }
        while (!stack.isEmpty()) {
            Pending p = stack.pop();
            if (!seen.add(p.cid)) {
                continue;
            }
            if (p.depth > StoreLimits.MAX_DAG_DEPTH) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, "DAG deeper than " + StoreLimits.MAX_DAG_DEPTH + " at " + p.cid);
            }
            byte[] block = store.get(p.cid).orElseThrow(() -> new BlockNotFoundException(p.cid));
            p.cid.verify(block, "read from the block store");
            if (p.cid.codec() == Cid.DAG_PB) {
                List<PBLink> links = DagPb.decode(block).links();
                for (int i = links.size() - 1; i >= 0; i--) {
                    stack.push(new Pending(links.get(i).hash(), p.depth + 1));
                }
            } else if (p.cid.codec() != Cid.RAW) {
                throw new AccelException(ErrorCode.UNSUPPORTED, "cannot follow links of " + p.cid + " (codec 0x"
                        + Long.toHexString(p.cid.codec()) + "); only dag-pb and raw DAGs are exported");
            }
            writer.write(p.cid, block);
            count++;
        }
        return count;
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "writing the CAR failed: " + e.getMessage(), e);
        }
    }
}
