/**
 * The raw layer of the QNN binding: struct layouts, enum values, interface-table layouts, function
 * descriptors and status codes, transcribed by hand from Qualcomm's QNN SDK headers
 * ({@code include/QNN/QnnTypes.h}, {@code QnnInterface.h}, {@code QnnCommon.h}, {@code QnnMem.h},
 * {@code System/QnnSystemContext.h}, {@code System/QnnSystemInterface.h}). Nothing here checks
 * arguments or owns memory; {@code dev.accel.qnn} is the checked layer built on it.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>One source of truth per fact.</b> Every layout and value here has a twin in the test
 *       transcription {@code src/test/c/qnn_api_transcribed.h}; {@code QnnLayoutTest} compiles a probe
 *       with gcc and compares every size, offset and enum value, and also compares them with the
 *       numbers printed from the real SDK 2.13 headers (see {@code docs/backends/qnn.md}).</li>
 *   <li><b>Versions.</b> QNN's interface table and {@code Qnn_Tensor_t} changed layout between core
 *       API 2.7 and later versions (members were inserted, {@code Qnn_TensorV2_t} was added), so
 *       the layout used is chosen from the provider's core API version ({@link
 *       dev.accel.qnn.raw.QnnInterfaceVersion}); a version whose layout was not checked is refused.</li>
 *   <li><b>Nulls.</b> No method accepts or returns {@code null}.</li>
 *   <li><b>Threads.</b> Everything here is immutable.</li>
 * </ul>
 */
package dev.accel.qnn.raw;
