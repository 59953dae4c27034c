#!/bin/sh
# Builds Accel's QNN test natives into $1: the stand-in backend library (libaccel_stand_in_QnnHtp.so: the name says which QNN backend it stands in for) and the
# layout probe (qnn_layout_probe). Run by the module's Maven build (process-test-classes).
# Without gcc, says so and exits 0: the tests that need these files skip, naming this reason.
set -e
out="$1"
src="${0%/*}"
mkdir -p "$out"
rm -f "$out/gcc-missing.txt"
if ! command -v gcc >/dev/null 2>&1; then
  echo "gcc not found on PATH: the QNN stand-in and layout probe were not built" | tee "$out/gcc-missing.txt"
  exit 0
fi
gcc -std=c11 -O1 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -I"$src" "$src/qnn_stand_in.c" -o "$out/libaccel_stand_in_QnnHtp.so"
gcc -std=c11 -Wall -Wextra -Werror -I"$src" "$src/qnn_layout_probe.c" -o "$out/qnn_layout_probe"
echo "QNN stand-in and layout probe built in $out"
