/**
 * The raw layer of the CoreML binding: the C ABI of Accel's Objective-C shim
 * ({@code src/main/objc/accel_coreml.h}) as layouts, constants, function descriptors and status codes.
 * Nothing here checks arguments or owns memory; {@code dev.accel.coreml} is the checked layer.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Every layout and constant has its twin in {@code accel_coreml.h}; {@code CoremlLayoutTest}
 *       compiles a probe of the header with gcc and compares every size, offset and value.</li>
 *   <li>Data-type and compute-unit values are Apple's ({@code MLMultiArrayDataType},
 *       {@code MLComputeUnits} raw values), so the shim passes them through unchanged.</li>
 *   <li>No method accepts or returns {@code null}; everything here is immutable.</li>
 * </ul>
 */
package dev.accel.coreml.raw;
