/**
 * A client of the Kubo RPC API ({@link dev.accel.ipfs.rpc.KuboRpcClient}): add, cat, blocks, DAG export and
 * import (CAR), pins, id and version, over {@code java.net.http}, with the timeouts, retries, authorization
 * and response limits of {@link dev.accel.ipfs.RemoteOptions}. Tested against js-ipfs 0.66.1's HTTP server
 * (see {@code docs/ipfs.md} for what each node supports).
 */
package dev.accel.ipfs.rpc;
