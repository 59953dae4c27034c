/**
 * The raw binding to OpenVINO's C API ({@code libopenvino_c}): {@link dev.accel.openvino.capi.OvApi}
 * (one method per C function, addresses in, raw {@code ov_status_e} out), the struct layouts
 * ({@link dev.accel.openvino.capi.OvLayouts}) and the enums ({@link dev.accel.openvino.capi.OvStatus},
 * {@link dev.accel.openvino.capi.OvElementType}).
 *
 * <p>Transcribed by hand from {@code src/bindings/c/include/openvino/c/*.h} of
 * github.com/openvinotoolkit/openvino, as published for OpenVINO 2024.6 and 2025.x (the sources are
 * listed in {@code docs/backends/openvino.md}); the tests {@code OvLayoutTest} and
 * {@code OvLayoutProbeTest} check every layout and enum value against a table of those facts and
 * against gcc's layout of the same definitions. Nothing here checks statuses, owns memory or knows
 * lifetimes: use {@link dev.accel.openvino.core}. A descriptor that does not match the C prototype
 * crashes the JVM; change one only against the header.
 */
package dev.accel.openvino.capi;
