/**
 * Plumbing shared by the store's packages: protobuf reading and writing (DAG-PB, UnixFS), atomic file
 * writes and the store's file locks. Not exported: not part of the API.
 */
package dev.accel.store.internal;
