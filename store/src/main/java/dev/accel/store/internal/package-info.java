/**
 * Protobuf plumbing shared by DAG-PB and UnixFS. Not exported: not part of the API.
 */
package dev.accel.store.internal;
