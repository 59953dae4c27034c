package dev.accel.store.dagpb;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A DAG-PB node: links (in their stored order) and optional data. Immutable; the data is a private copy
 * and {@link #data()} is a read-only view of it.
 */
public final class PBNode {
    private final List<PBLink> links;
    private final byte[] data; // null when absent

    private PBNode(List<PBLink> links, byte[] data) {
        this.links = List.copyOf(links);
        this.data = data;
    }

    /** A node with these links and {@code data} (copied). */
    public static PBNode of(List<PBLink> links, byte[] data) {
        return new PBNode(links, data.clone());
    }

    /** A node with these links and no Data field. */
    public static PBNode withoutData(List<PBLink> links) {
        return new PBNode(links, null);
    }

    static PBNode owning(List<PBLink> links, byte[] data) {
        return new PBNode(links, data);
    }

    public List<PBLink> links() {
        return links;
    }

    /** Whether the Data field is present (it may be present and empty). */
    public boolean hasData() {
        return data != null;
    }

    /** A read-only view of the data; empty when absent. Valid as long as this node. */
    public ByteBuffer data() {
        return data == null ? ByteBuffer.allocate(0).asReadOnlyBuffer() : ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** The data as a fresh array (empty when absent). */
    public byte[] copyData() {
        return data == null ? new byte[0] : data.clone();
    }

    /** The canonical encoding; see {@link DagPb#encode(PBNode)}. */
    public byte[] encode() {
        return DagPb.encode(this);
    }

    byte[] rawData() {
        return data;
    }
}
