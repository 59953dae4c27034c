#!/bin/sh
# Builds libaccel_jmh_calls.so (NativeCallBenchmark's C functions and their JNI entry points) into OUT_DIR with
# gcc, against the JNI headers of JAVA_HOME. Run by Maven (exec-maven-plugin, generate-resources), so the
# library ends up in target/classes and in the benchmarks jar. Without gcc or jni.h it writes the reason to
# OUT_DIR/libaccel_jmh_calls.unavailable and succeeds: NativeCallBenchmark then fails in @Setup with that
# reason, and every other benchmark still builds and runs.
# Usage: build.sh OUT_DIR JAVA_HOME
set -eu
OUT_DIR=$1
JDK=$2
SRC=$(dirname "$0")/accel_jmh_calls.c
mkdir -p "$OUT_DIR"
LIB="$OUT_DIR/libaccel_jmh_calls.so"
REASON="$OUT_DIR/libaccel_jmh_calls.unavailable"
rm -f "$REASON"
CC=${CC:-gcc}
if ! command -v "$CC" >/dev/null 2>&1; then
    echo "no C compiler ('$CC' not found) when the jmh module was built; install gcc and rebuild" >"$REASON"
    rm -f "$LIB"
    echo "build.sh: $(cat "$REASON")" >&2
    exit 0
fi
if [ ! -f "$JDK/include/jni.h" ]; then
    echo "no JNI headers in $JDK/include when the jmh module was built (a JDK, not a JRE, is needed)" >"$REASON"
    rm -f "$LIB"
    echo "build.sh: $(cat "$REASON")" >&2
    exit 0
fi
PLATFORM_INCLUDE=$(find "$JDK/include" -mindepth 1 -maxdepth 1 -type d | head -n 1)
if [ -f "$LIB" ] && [ "$LIB" -nt "$SRC" ] && [ "$LIB" -nt "$0" ]; then
    exit 0 # up to date
fi
"$CC" -O2 -shared -fPIC -Wall -Wextra -Werror -I"$JDK/include" -I"$PLATFORM_INCLUDE" -o "$LIB" "$SRC"
