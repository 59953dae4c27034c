#!/bin/sh
# Builds Accel's CoreML test natives into $1: the C stand-in of the shim's ABI
# (libaccel_coreml_stand_in.so) and the layout probe (coreml_layout_probe), both from
# src/main/objc/accel_coreml.h. Run by the module's Maven build (process-test-classes).
# Without gcc, says so and exits 0: the tests that need these files skip, naming this reason.
set -e
out="$1"
src="${0%/*}"
header="$src/../../main/objc"
mkdir -p "$out"
rm -f "$out/gcc-missing.txt"
if ! command -v gcc >/dev/null 2>&1; then
  echo "gcc not found on PATH: the CoreML shim stand-in and layout probe were not built" | tee "$out/gcc-missing.txt"
  exit 0
fi
gcc -std=c11 -O1 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -I"$header" "$src/coreml_shim_stand_in.c" -o "$out/libaccel_coreml_stand_in.so"
gcc -std=c11 -Wall -Wextra -Werror -I"$header" "$src/layout_probe.c" -o "$out/coreml_layout_probe"
echo "CoreML shim stand-in and layout probe built in $out"
