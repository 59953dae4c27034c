/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0): {@link dev.accel.npy.Npy#map} maps the
 * file and returns a tensor view of its data with no copy; {@link dev.accel.npy.Npy#read} copies it into
 * a new host tensor; {@link dev.accel.npy.Npy#write} streams a tensor's elements.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Formats.</b> Reading accepts versions 1.0, 2.0 and 3.0 (UTF-8 header), C or Fortran order,
 *       little- or big-endian data, and any data offset (NumPy aligns it to 64 bytes; that is not
 *       required). Writing produces version 1.0, little-endian, C order, byte-identical to
 *       {@code numpy.save} for the same array.</li>
 *   <li><b>Dtypes.</b> {@code f8 f4 f2 i8 i4 i2 i1 u1 b1} map to {@code f64 f32 f16 i64 i32 i16 i8 u8 bool}.
 *       Other NumPy dtypes (complex, unsigned wider than one byte, strings, objects, structured) are
 *       reported by name with {@link dev.accel.ErrorCode#UNSUPPORTED}; bf16 cannot be written.</li>
 *   <li><b>No hidden copies.</b> {@code map} never copies: data whose byte order is not the machine's
 *       is refused with {@link dev.accel.ErrorCode#UNSUPPORTED}, pointing to {@code read}.</li>
 *   <li><b>Hostile input.</b> The header is limited to {@value dev.accel.npy.Npy#MAX_HEADER_BYTES} bytes
 *       and 32 levels of nesting; the file must hold all the data its shape announces. Any defect throws
 *       {@link dev.accel.AccelException} with {@link dev.accel.ErrorCode#MALFORMED_INPUT} and a message
 *       saying what was found and what was expected, never another exception type. Files that shrink
 *       while mapped are outside this guarantee (the JDK reports the fault as an {@link InternalError}).</li>
 *   <li><b>Lifetime.</b> A mapped tensor is valid while its {@link dev.accel.memory.MemoryScope} is open.</li>
 * </ul>
 */
package dev.accel.npy;
