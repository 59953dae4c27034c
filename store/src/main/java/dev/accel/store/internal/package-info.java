/**
 * Plumbing shared by the store's packages: protobuf reading and writing (DAG-PB, UnixFS), atomic file
 * writes, the store's file locks and a small JSON reader/writer. Not exported: not part of the API.
 */
package dev.accel.store.internal;
