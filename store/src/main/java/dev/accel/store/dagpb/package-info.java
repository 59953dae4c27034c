/**
 * The DAG-PB codec: {@link dev.accel.store.dagpb.PBNode nodes} of {@link dev.accel.store.dagpb.PBLink links}
 * and data, encoded and decoded by {@link dev.accel.store.dagpb.DagPb} in the spec's canonical form, with a
 * hand-written protobuf reader and writer (no protobuf library).
 *
 * <h2>Rules and limits</h2>
 * <ul>
 *   <li>Encoding writes Links before Data and link fields in field order; it is byte-identical to
 *       go-codec-dagpb and js-dag-pb.</li>
 *   <li>Decoding is strict (see {@link dev.accel.store.dagpb.DagPb#decode(byte[])}): unknown fields, wrong
 *       wire types, duplicate or out-of-order link fields, a missing Hash, a Hash that is not a CID,
 *       non-UTF-8 names and non-minimal varints are {@link dev.accel.ErrorCode#MALFORMED_INPUT}.</li>
 *   <li>Limits: blocks up to {@value dev.accel.store.StoreLimits#MAX_BLOCK_SIZE} bytes, up to
 *       {@value dev.accel.store.StoreLimits#MAX_LINKS_PER_NODE} links.</li>
 *   <li>Link order is kept as stored: decoding never sorts.</li>
 * </ul>
 */
package dev.accel.store.dagpb;
