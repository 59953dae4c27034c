/**
 * The {@code accel} command line: one class per subcommand, {@link dev.accel.cli.Main} wires them.
 * Exit codes: 0 success, 1 the work failed (the message says why), 2 bad usage (unknown option or
 * argument; the usage is printed).
 */
package dev.accel.cli;
