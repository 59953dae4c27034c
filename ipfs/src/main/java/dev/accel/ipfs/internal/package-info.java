/** HTTP transport, bounded body streams, multipart bodies and a small JSON reader; not exported. */
package dev.accel.ipfs.internal;
