/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0): reading maps the file and returns a
 * tensor view of its data with no copy; writing streams a tensor's elements.
 */
package dev.accel.npy;
