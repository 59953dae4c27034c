/** HTTP transport, bounded body streams and multipart bodies; not exported. */
package dev.accel.ipfs.internal;
