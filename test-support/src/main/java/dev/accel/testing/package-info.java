/**
 * Test code shared by the modules' tests (each module declares {@code accel-test-support} in scope
 * {@code test}): {@link dev.accel.testing.MutationFuzzer}. Depends on the JDK only, so that every module,
 * {@code runtime-api} included, can use it; nothing here is part of Accel's API.
 */
package dev.accel.testing;
