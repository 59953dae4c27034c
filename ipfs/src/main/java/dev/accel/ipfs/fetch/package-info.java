/**
 * Verified transfer of DAGs between the local store and the network: {@link dev.accel.ipfs.fetch.DagFetcher}
 * pulls a DAG (from a CAR stream or block by block from a {@link dev.accel.ipfs.fetch.BlockSource}), checks
 * every block and the DAG's shape, and imports it all or nothing; {@link dev.accel.ipfs.fetch.DagPublisher}
 * pushes a DAG to a node and pins it there.
 */
package dev.accel.ipfs.fetch;
