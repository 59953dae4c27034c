/**
 * Shared pieces of the IPFS network clients: {@link dev.accel.ipfs.RemoteOptions} (timeouts, retries,
 * limits), {@link dev.accel.ipfs.Authorization} (basic or bearer) and
 * {@link dev.accel.ipfs.RemoteException} (what failed, where, and what was tried).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Bytes from the network are never trusted: every block is hashed and compared with its CID before
 *       it is returned or stored; a mismatch is a {@link dev.accel.store.BlockIntegrityException}.</li>
 *   <li>Every response body is read through a limit (JSON, blocks, CAR streams) and a stall timeout; no
 *       stream is read without end.</li>
 *   <li>Clients are thread-safe and hold an {@link java.net.http.HttpClient}; they are
 *       {@link java.lang.AutoCloseable}, and close is idempotent.</li>
 * </ul>
 */
package dev.accel.ipfs;
