package dev.accel.ipfs.rpc;

import java.util.List;

/** What {@code id} says: the peer ID, its addresses, and the agent (implementation and version). */
public record NodeIdentity(String peerId, List<String> addresses, String agentVersion, String protocolVersion) {
    public NodeIdentity {
        addresses = List.copyOf(addresses);
    }
}
