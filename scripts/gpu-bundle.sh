#!/usr/bin/env bash
# Packs what the CUDA tests and benchmarks need into one folder, gpu-bundle/ (under 64 MiB), for GPU machines
# that have a CUDA driver but no Java and no Maven: a small Java 25 runtime made with jlink, the project's jars
# (runtime-api, bindings, native-cpu for the CPU reference, native-cuda and its test classes) and the JUnit
# console launcher. Then, on the GPU machine:   gpu-bundle/run.sh   (results go to $OUT when it is set).
#
# Usage: scripts/gpu-bundle.sh [--no-build] [--output DIR] [--engine]
#   --no-build   use the jars already built (module target/ folders, else ~/.m2) instead of running Maven
#   --output DIR where to put the bundle (default: gpu-bundle/ at the repository root; git-ignored)
#   --engine     also the example engine's check (EngineCheck, issue 7's CUDA bounds): ONNX Runtime's embeddings
#                of the benchmark sentences (computed here) in the bundle, and the 87 MiB model in two halves,
#                gpu-engine-1/ and gpu-engine-2/ at the repository root (git-ignored), each to be carried in its
#                own device call since one call carries 64 MiB; then gpu-bundle/run-engine.sh there
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUTDIR="$ROOT/gpu-bundle"
BUILD=1
ENGINE=0
LIMIT_BYTES=$((64 * 1024 * 1024))
JUNIT_CONSOLE_VERSION=1.11.4

while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) BUILD=0 ;;
        --output) OUTDIR=$(realpath -m "$2"); shift ;;
        --engine) ENGINE=1 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "gpu-bundle.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
        echo "$JAVA_HOME"; return 0
    fi
    for d in /usr/lib/jvm/*25* /usr/lib/jvm/*-2[6-9]* /opt/java/* /usr/local/java/*; do
        if [ -x "$d/bin/jlink" ] && "$d/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
            echo "$d"; return 0
        fi
    done
    return 1
}
JDK=$(find_jdk) || { echo "gpu-bundle.sh: no JDK 25+ with jlink found (set JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH"
VERSION=0.1.0-SNAPSHOT

if [ "$BUILD" = 1 ]; then
    echo "building native-cuda, the conformance kit, the CLI and the modules they need (tests skipped)..."
    (cd "$ROOT" && mvn -q -B -DskipTests -pl "native-cuda,conformance,cli$([ "$ENGINE" = 1 ] && echo ,examples/bert-engine,jmh)" -am install)
fi

# A module's jar: its target/ folder first, then the local Maven repository.
jar_of() { # artifactId [classifier]
    local artifact=$1 classifier=${2:-} module suffix
    module=${artifact#accel-}
    suffix=${classifier:+-$classifier}
    for f in "$ROOT/$module/target/$artifact-$VERSION$suffix.jar" \
             "$HOME/.m2/repository/dev/accel/$artifact/$VERSION/$artifact-$VERSION$suffix.jar"; do
        if [ -f "$f" ]; then echo "$f"; return 0; fi
    done
    echo "gpu-bundle.sh: $artifact$suffix.jar not found (run without --no-build)" >&2
    return 1
}
CONSOLE="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/$JUNIT_CONSOLE_VERSION/junit-platform-console-standalone-$JUNIT_CONSOLE_VERSION.jar"
if [ ! -f "$CONSOLE" ]; then
    echo "fetching the JUnit console launcher from Maven Central..."
    mvn -q -B dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:$JUNIT_CONSOLE_VERSION
fi

rm -rf "$OUTDIR"
mkdir -p "$OUTDIR/lib"
# The CLI comes along for `accel devices` and `accel conformance` (ONNX Runtime's jar stays behind: it is large
# and the GPU runs need no ONNX model; the CLI reports its model runtime as missing, which is true here).
for a in accel-runtime-api accel-bindings accel-native-cpu accel-native-cuda accel-conformance accel-store accel-ipfs \
         accel-tokenizers accel-cli; do
    cp "$(jar_of $a)" "$OUTDIR/lib/"
done
cp "$HOME/.m2/repository/info/picocli/picocli/4.7.6/picocli-4.7.6.jar" "$OUTDIR/lib/"
cp "$(jar_of accel-native-cuda tests)" "$OUTDIR/lib/"
# The conformance suite's test classes (BackendConformanceTest), packed as a jar for the console launcher.
[ -d "$ROOT/conformance/target/test-classes" ] || (cd "$ROOT" && mvn -q -B -o -pl conformance test-compile)
jar cf "$OUTDIR/lib/accel-conformance-tests.jar" -C "$ROOT/conformance/target/test-classes" .
cp "$CONSOLE" "$OUTDIR/lib/"
# PyTorch's side of the CUDA benchmark table (GPU machines have PyTorch; the report pairs both JSON files).
cp "$ROOT/jmh/src/main/python/cuda_anchor.py" "$OUTDIR/"

# What run.sh and run-engine.sh share: where results go, the bundled java and its options.
cat > "$OUTDIR/env.sh" <<'ENV'
# Sourced by the bundle's scripts (HERE set to the bundle): RESULTS ($OUT, default ./gpu-results), JAVA, OPTS.
RESULTS=${OUT:-$PWD/gpu-results}
mkdir -p "$RESULTS"
JAVA="$HERE/jre/bin/java"
OPTS="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xss4m ${ACCEL_JAVA_OPTS:-}"
ENV

if [ "$ENGINE" = 1 ]; then
    # The engine and the reference it is checked against (ONNX Runtime on this machine's CPU); the model in two
    # halves beside the bundle (gpu-engine-1/, gpu-engine-2/), reassembled and checked by run-engine.sh.
    cp "$ROOT/examples/bert-engine/target/accel-example-bert-engine-$VERSION.jar" "$OUTDIR/lib/" \
        || { echo "gpu-bundle.sh: the example engine's jar is missing (run without --no-build)" >&2; exit 1; }
    [ -f "$ROOT/jmh/target/benchmarks.jar" ] || { echo "gpu-bundle.sh: jmh/target/benchmarks.jar is missing (run without --no-build)" >&2; exit 1; }
    mkdir -p "$OUTDIR/engine"
    rm -rf "$ROOT/gpu-engine-1" "$ROOT/gpu-engine-2"
    mkdir -p "$ROOT/gpu-engine-1" "$ROOT/gpu-engine-2"
    MODEL_COPY=$(mktemp "${TMPDIR:-/tmp}/accel-model.XXXXXX")
    echo "writing ONNX Runtime's reference embeddings (EngineReferenceWriter)..."
    "$JDK/bin/java" --enable-native-access=ALL-UNNAMED -cp "$ROOT/jmh/target/benchmarks.jar" dev.accel.jmh.EngineReferenceWriter \
        "$OUTDIR/engine/reference.json" "$MODEL_COPY"
    HALF=$(( ($(stat -c %s "$MODEL_COPY") + 1) / 2 ))
    head -c "$HALF" "$MODEL_COPY" > "$ROOT/gpu-engine-1/model.part1"
    tail -c +"$((HALF + 1))" "$MODEL_COPY" > "$ROOT/gpu-engine-2/model.part2"
    rm -f "$MODEL_COPY"
    cat > "$OUTDIR/run-engine.sh" <<'ENGINE'
#!/bin/sh
# The example engine on CUDA against ONNX Runtime's (CPU) embeddings: EngineCheck at batch 1 and 32 (minimum cosine,
# bound 0.9999, and the median time of a call), then the same on this machine's CPU for comparison. Run from the
# directory that holds gpu-bundle/, gpu-engine-1/ and gpu-engine-2/ (the model's halves: each came in its own device
# call, they stay while the machine is warm). Results go to $OUT (default ./gpu-results): engine-cuda.json,
# engine-cpu.json, engine.txt. Exit status: the CUDA check's (0 passed, 1 a cosine under the bound, 2 error).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
for part in gpu-engine-1/model.part1 gpu-engine-2/model.part2; do
    [ -f "$part" ] || { echo "run-engine.sh: $PWD/$part is missing: carry gpu-engine-1 and gpu-engine-2 (one device call each) first" >&2; exit 2; }
done
MODEL=${TMPDIR:-/tmp}/accel-minilm.onnx
cat gpu-engine-1/model.part1 gpu-engine-2/model.part2 > "$MODEL"
# shellcheck disable=SC2086
"$JAVA" $OPTS -cp "$HERE/lib/*" dev.accel.examples.bert.EngineCheck --model "$MODEL" --reference "$HERE/engine/reference.json" \
    --device "${ENGINE_DEVICE:-cuda}" --runs 50 --json "$RESULTS/engine-cuda.json" > "$RESULTS/engine.txt" 2>&1
status=$?
cat "$RESULTS/engine.txt"
# shellcheck disable=SC2086
"$JAVA" $OPTS -cp "$HERE/lib/*" dev.accel.examples.bert.EngineCheck --model "$MODEL" --reference "$HERE/engine/reference.json" \
    --device cpu --runs 10 --json "$RESULTS/engine-cpu.json" 2>&1 | tee -a "$RESULTS/engine.txt"
echo "results in $RESULTS"
exit "$status"
ENGINE
    chmod +x "$OUTDIR/run-engine.sh"
fi

echo "making the Java runtime with jlink..."
# java.logging, java.xml, jdk.zipfs: the JUnit console launcher logs through java.util.logging, writes XML reports
# and scans the jars' packages through the zip file system.
jlink --add-modules java.base,jdk.unsupported,java.management,jdk.incubator.vector,java.logging,java.xml,jdk.zipfs \
      --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$OUTDIR/jre"

cat > "$OUTDIR/run.sh" <<'RUN'
#!/bin/sh
# Runs the CUDA tests (JUnit console launcher) and the CUDA benchmarks with the bundled Java runtime.
# Results go to $OUT (default: ./gpu-results): devices.txt, junit/ (XML reports), tests.txt, conformance-cuda.{json,md},
# cuda-benchmarks.md.
# Usage: run.sh [tests|bench|all]   (default all). Exit status: the tests' (0 when all passed or skipped).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
WHAT=${1:-all}
command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$RESULTS/nvidia-smi.csv"
status=0
# shellcheck disable=SC2086
"$JAVA" $OPTS -cp "$HERE/lib/*" dev.accel.cli.Main devices 2>&1 | tee "$RESULTS/devices.txt"
if [ "$WHAT" = all ] || [ "$WHAT" = tests ]; then
    # shellcheck disable=SC2086
    "$JAVA" $OPTS -cp "$HERE/lib/*" org.junit.platform.console.ConsoleLauncher execute \
        --select-package dev.accel.cuda --reports-dir "$RESULTS/junit" --details=tree --disable-banner \
        --disable-ansi-colors --fail-if-no-tests > "$RESULTS/tests.txt" 2>&1
    status=$?
    cat "$RESULTS/tests.txt"
    # The conformance kit on CUDA (docs/conformance.md): a table on stdout, JSON and Markdown in $RESULTS.
    # shellcheck disable=SC2086
    "$JAVA" $OPTS -cp "$HERE/lib/*" dev.accel.cli.Main conformance --backend cuda \
        --json "$RESULTS/conformance-cuda.json" --markdown "$RESULTS/conformance-cuda.md" > "$RESULTS/conformance.txt" 2>&1
    c=$?
    tail -n 30 "$RESULTS/conformance.txt"
    [ "$status" = 0 ] && status=$c
fi
if [ "$WHAT" = all ] || [ "$WHAT" = bench ]; then
    # shellcheck disable=SC2086
    DAY=$(date -u +%Y-%m-%d)
    "$JAVA" $OPTS -cp "$HERE/lib/*" dev.accel.cuda.CudaBenchmarks "$RESULTS/cuda-benchmarks.md" "$RESULTS/$DAY-cuda-accel.json"
    if command -v python3 >/dev/null 2>&1; then
        python3 "$HERE/cuda_anchor.py" --out "$RESULTS/$DAY-cuda-torch.json" || echo "PyTorch anchor not measured (see above)"
    fi
    # One run for the report (it takes anchors from the same run only): Accel's and PyTorch's entries in one file,
    # and the machine file beside it.
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$RESULTS/$DAY-cuda-accel.json" "$RESULTS/$DAY-cuda-torch.json" "$RESULTS/$DAY-cuda.json" <<'PY'
import json, sys
merged = []
for name in sys.argv[1:3]:
    try:
        with open(name) as f:
            merged += json.load(f)
    except (OSError, ValueError) as e:
        print("not merged: %s (%s)" % (name, e))
with open(sys.argv[3], "w") as f:
    json.dump(merged, f, indent=2)
PY
    fi
    {
        echo "date:          $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "run:           CUDA: Accel (CudaBenchmarks) and PyTorch (cuda_anchor.py), gpu-bundle/run.sh"
        echo "cpu:           $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')"
        echo "cores:         $(nproc 2>/dev/null)"
        echo "os:            $(uname -sr)"
        echo "jdk:           $("$JAVA" -version 2>&1 | head -n 1)"
        echo "gpu:           $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -n 1)"
    } > "$RESULTS/$DAY-cuda.machine.txt"
    echo "copy $RESULTS/$DAY-cuda.json and $DAY-cuda.machine.txt into docs/benchmarks/ and run scripts/bench.sh --report --no-build"
fi
echo "results in $RESULTS"
exit "$status"
RUN
chmod +x "$OUTDIR/run.sh"

SIZE=$(du -sb "$OUTDIR" | cut -f1)
echo "gpu-bundle: $OUTDIR, $((SIZE / 1024 / 1024)) MiB ($SIZE bytes): jre $(du -sh "$OUTDIR/jre" | cut -f1), lib $(du -sh "$OUTDIR/lib" | cut -f1)"
if [ "$SIZE" -ge "$LIMIT_BYTES" ]; then
    echo "gpu-bundle.sh: the bundle is $SIZE bytes, over the 64 MiB limit" >&2
    exit 1
fi
echo "copy it to the GPU machine and run: gpu-bundle/run.sh"
if [ "$ENGINE" = 1 ]; then
    echo "engine check: carry gpu-engine-1 and gpu-engine-2 in two more device calls (each $(du -sh "$ROOT/gpu-engine-1" | cut -f1)), then run gpu-bundle/run-engine.sh"
fi
