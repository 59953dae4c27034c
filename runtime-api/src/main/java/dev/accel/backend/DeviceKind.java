package dev.accel.backend;

/** What kind of hardware a {@link Device} is. */
public enum DeviceKind { CPU, GPU, NPU, DSP, OTHER }
