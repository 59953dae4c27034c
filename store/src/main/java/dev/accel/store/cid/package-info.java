/**
 * Content identifiers and their parts: {@link dev.accel.store.cid.Varint unsigned varints},
 * {@link dev.accel.store.cid.Multihash multihashes}, {@link dev.accel.store.cid.Multibase multibases} and
 * {@link dev.accel.store.cid.Cid CIDs} v0 and v1.
 *
 * <h2>Rules and limits</h2>
 * <ul>
 *   <li>Varints are unsigned, at most 9 bytes (63 bits) and minimally encoded; anything else is
 *       {@link dev.accel.ErrorCode#MALFORMED_INPUT}.</li>
 *   <li>Multihash digests are at most {@value dev.accel.store.StoreLimits#MAX_DIGEST_LENGTH} bytes; sha2-256
 *       digests exactly 32. Only sha2-256 and identity are computed or verified; other codes decode as
 *       numbers and fail verification with {@link dev.accel.ErrorCode#UNSUPPORTED}.</li>
 *   <li>Multibase decoding is strict: base32 lower ({@code b}), base58btc ({@code z}) and base36 lower
 *       ({@code k}) only, no padding, no non-canonical trailing bits.</li>
 *   <li>A CIDv0 is parsed only from its bare base58btc form; a multibase string must hold a CIDv1.</li>
 *   <li>All types are immutable and thread-safe.</li>
 * </ul>
 */
package dev.accel.store.cid;
