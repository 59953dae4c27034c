/**
 * Accel on the IPFS network: a Kubo RPC API client ({@link dev.accel.ipfs.rpc}), a trustless gateway client
 * and server ({@link dev.accel.ipfs.gateway}), and verified fetch and publish of DAGs between the local
 * store and those ({@link dev.accel.ipfs.fetch}). Connection settings, authorization and the remote error
 * live in {@link dev.accel.ipfs}. Every block that comes from the network is verified against its CID
 * before it reaches the store; see {@code docs/ipfs.md}.
 */
module dev.accel.ipfs {
    requires transitive dev.accel.store;
    requires java.net.http;
    requires jdk.httpserver;

    exports dev.accel.ipfs;
    exports dev.accel.ipfs.rpc;
    exports dev.accel.ipfs.gateway;
    exports dev.accel.ipfs.fetch;
}
