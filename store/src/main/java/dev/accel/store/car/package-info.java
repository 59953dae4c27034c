/**
 * CAR archives (<a href="https://ipld.io/specs/transport/car/carv1/">CARv1</a> read and write,
 * <a href="https://ipld.io/specs/transport/car/carv2/">CARv2</a> read): {@link dev.accel.store.car.CarReader},
 * {@link dev.accel.store.car.CarWriter} and the all-or-nothing {@link dev.accel.store.car.CarImporter}.
 *
 * <h2>Rules and limits</h2>
 * <ul>
 *   <li>The header is strict DAG-CBOR: a map of {@code roots} (tag-42 CIDs with the {@code 0x00} prefix)
 *       and {@code version}, canonical key order, minimal heads, nothing else; at most
 *       {@value dev.accel.store.StoreLimits#MAX_CAR_HEADER_SIZE} bytes and
 *       {@value dev.accel.store.StoreLimits#MAX_CAR_ROOTS} roots.</li>
 *   <li>Sections are at most {@value dev.accel.store.StoreLimits#MAX_CAR_SECTION_SIZE} bytes; zero-length
 *       sections are malformed (not an end marker).</li>
 *   <li>Every block read is verified against its CID; blocks under hash functions other than sha2-256 and
 *       identity cannot be verified and fail with {@link dev.accel.ErrorCode#UNSUPPORTED}.</li>
 *   <li>Imports are all or nothing; CARv2 indexes are ignored (the payload is read as a stream).</li>
 *   <li>Roots need not be in the CAR (the spec allows partial CARs).</li>
 * </ul>
 */
package dev.accel.store.car;
