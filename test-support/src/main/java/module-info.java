/** Code the modules' tests share, in test scope only: the mutational fuzzer of {@code docs/reliability.md}. JDK only. */
module dev.accel.testing {
    exports dev.accel.testing;
}
