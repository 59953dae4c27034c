#!/usr/bin/env bash
# Runs Accel's JMH benchmarks (module jmh/), stores the results in docs/benchmarks/ and regenerates
# docs/benchmarks.md from them.
# Usage: scripts/bench.sh [--full | --report] [--name NAME] [--skip PARTS] [--no-install] [--no-build] [--no-report]
#                         [-- JMH_ARGS...]   (--help for details)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COMMAND_LINE="scripts/bench.sh $*"

usage() {
    cat <<'HELP'
scripts/bench.sh: build and run Accel's JMH benchmarks, store JMH's JSON in docs/benchmarks/, regenerate
docs/benchmarks.md (tables of Accel against its anchors as ratios, charts in docs/benchmarks/charts/).

  scripts/bench.sh                the quick subset: one case or two of every benchmark that this machine can
                                  run (native call cost, matmul n=2048, a layer's product with a prepared
                                  weight, add/softmax/layer_norm, store import/open/read/export, session
                                  creation, MiniLM embedding, the example engine),
                                  2 forks (the engine 4: its fork-to-fork spread is wide), 1-3 warm-up and
                                  3 measured iterations each (session creation: 5 single shots): about 10
                                  minutes on an idle 2-core machine, plus the build.
                                  One JSON per part, docs/benchmarks/<yyyy-mm-dd>-quick-<part>.json; each
                                  machine file records the part's duration (trim with --skip); the engine part also runs
                                  EnginePairedProbe (engine and ORT calls alternated in one JVM, about 1 minute)
                                  into its machine file
  scripts/bench.sh --full         every benchmark in jmh/ with the settings written on each class (2 forks,
                                  3-4 warm-up and 5 measured iterations; well over an hour on 2 cores)
  scripts/bench.sh --report       only regenerate docs/benchmarks.md and its charts from the stored JSON
  scripts/bench.sh -- ARGS        run JMH with ARGS instead of the script's selection, e.g.
                                  -- MatmulBenchmark -p n=1024 -p threads=1     or     -- ElementwiseAdd -prof gc

Options:
  --full          run the full suite with the classes' own (longer) settings
  --report        regenerate the report from docs/benchmarks/*.json and docs/benchmarks/report-template.md
                  without running anything (edit the template for prose; never edit docs/benchmarks.md)
  --name NAME     results go to docs/benchmarks/<yyyy-mm-dd>-NAME[-PART].json (default: quick or full), with
                  the machine description in the .machine.txt file of the same name
  --no-install    do not install OpenBLAS when it is missing (by default, when running as root on a system with
                  apt-get, the script runs `apt-get update && apt-get install -y libopenblas0`)
  --no-build      use the existing jmh/target/benchmarks.jar
  --no-report     do not regenerate docs/benchmarks.md after the run
  --skip PARTS    leave out these parts of the quick subset (comma-separated: native, matmul, linear, cpu-ops, store,
                  store-open, session, embedding, engine)
  -h, --help      this text

Each benchmark is measured with its anchor in the same run (OpenBLAS for matmul, memory copy for elementwise
ops, the JDK's SHA-256 and js-ipfs's add for store import, JNI and plain Java for native calls, ONNX Runtime
for the models). js-ipfs comes from ipfs/src/test/js (`npm ci` there when node and npm are present).
Errors are JMH's 99.9% confidence half-widths. Other load on the machine skews the numbers: the machine file
records the load average at the start and at the end; run on an otherwise idle machine.

Without OpenBLAS (and no way to install it) the OpenBLAS cases are skipped with a message: the script never
reports a number for a library it did not run. Set ACCEL_OPENBLAS_LIBRARY to use a specific libopenblas file.
With an NVIDIA GPU and PyTorch, jmh/src/main/python/cuda_anchor.py runs too (the CUDA anchor rows).
Needs a JDK 25 or newer ($JAVA_HOME when it is 25+, else found in /usr/lib/jvm and the usual folders), Maven,
and gcc for the native-call library (without gcc that benchmark fails with the reason; the rest runs).
HELP
}

FULL=0
REPORT_ONLY=0
REPORT=1
SKIP=""
NAME=""
INSTALL=1
BUILD=1
JMH_EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
        --full) FULL=1 ;;
        --report) REPORT_ONLY=1 ;;
        --no-report) REPORT=0 ;;
        --skip)
            [ $# -ge 2 ] || { echo "bench.sh: --skip needs a comma-separated list of parts" >&2; exit 2; }
            SKIP=",$2,"; shift ;;
        --name)
            [ $# -ge 2 ] || { echo "bench.sh: --name needs a value" >&2; exit 2; }
            NAME="$2"; shift ;;
        --no-install) INSTALL=0 ;;
        --no-build) BUILD=0 ;;
        -h|--help) usage; exit 0 ;;
        --) shift; JMH_EXTRA=("$@"); break ;;
        *) echo "bench.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ "$REPORT_ONLY" = 1 ] && { [ "$FULL" = 1 ] || [ ${#JMH_EXTRA[@]} -gt 0 ]; }; then
    echo "bench.sh: --report only regenerates the report; it takes neither --full nor JMH arguments" >&2
    exit 2
fi
if [ -z "$NAME" ]; then
    NAME=$([ "$FULL" = 1 ] && echo full || echo quick)
fi
case "$NAME" in
    *[!A-Za-z0-9._-]*|'') echo "bench.sh: --name may only contain letters, digits, '.', '_' and '-'" >&2; exit 2 ;;
esac

. "$ROOT/scripts/lib/jdk.sh"
accel_find_jdk
export PATH="$JAVA_HOME/bin:$PATH"
JAR="$ROOT/jmh/target/benchmarks.jar"

# ---- OpenBLAS: the reference the matmul numbers are compared with -----------------------------------------
openblas_present() {
    if [ -n "${ACCEL_OPENBLAS_LIBRARY:-}" ]; then
        [ -f "$ACCEL_OPENBLAS_LIBRARY" ]
        return
    fi
    local d
    for d in /usr/local/lib /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib \
             /usr/lib/x86_64-linux-gnu/openblas-pthread /usr/lib/aarch64-linux-gnu/openblas-pthread; do
        [ -e "$d/libopenblas.so.0" ] && return 0
    done
    command -v ldconfig >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0 '
}
SKIP_OPENBLAS=0
if [ "$REPORT_ONLY" = 0 ] && ! openblas_present; then
    if [ "$INSTALL" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench.sh: OpenBLAS not found; installing it: apt-get update && apt-get install -y libopenblas0" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0 >&2 || true
    fi
    if ! openblas_present; then
        SKIP_OPENBLAS=1
        cat >&2 <<'MSG'
bench.sh: OpenBLAS (libopenblas.so.0) not found, so the OpenBLAS cases are SKIPPED and only Accel is measured.
  Install it (Debian/Ubuntu: sudo apt-get install libopenblas0; Fedora: sudo dnf install openblas) and run again,
  or set ACCEL_OPENBLAS_LIBRARY to the library file. (As root with apt-get, the script installs it itself
  unless --no-install is given.)
MSG
    fi
fi

# ---- build -----------------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
    accel_require_maven
    echo "bench.sh: building jmh/target/benchmarks.jar (JDK $JAVA_HOME, tests skipped)..." >&2
    LOG="$ROOT/jmh/target-build.log"
    if ! (cd "$ROOT" && mvn -q -B -DskipTests -pl jmh -am package >"$LOG" 2>&1); then
        echo "bench.sh: build failed; last lines of $LOG:" >&2
        tail -n 40 "$LOG" >&2
        exit 1
    fi
    rm -f "$LOG"
fi
[ -f "$JAR" ] || { echo "bench.sh: $JAR not found (run without --no-build)" >&2; exit 1; }
# JMH's forks load classes from the jar while the run goes on: run a private copy, so that a rebuild of jmh/
# during the run (another terminal, an IDE) cannot change or break what is measured.
RUN_JAR=$(mktemp "${TMPDIR:-/tmp}/accel-benchmarks.XXXXXX")
trap 'rm -f "$RUN_JAR"' EXIT
cp "$JAR" "$RUN_JAR"

OUT_DIR="$ROOT/docs/benchmarks"
mkdir -p "$OUT_DIR"

report() {
    echo "bench.sh: regenerating docs/benchmarks.md from docs/benchmarks/*.json..." >&2
    "$JAVA_HOME/bin/java" -Djava.awt.headless=true -cp "$RUN_JAR" dev.accel.jmh.report.BenchmarkReport \
        --results "$OUT_DIR" --template "$OUT_DIR/report-template.md" --out "$ROOT/docs/benchmarks.md"
}
if [ "$REPORT_ONLY" = 1 ]; then
    report
    exit $?
fi

# ---- what to run -----------------------------------------------------------------------------------------
# One JMH class per thing measured (see jmh/src/main/java/dev/accel/jmh/package-info.java). A new benchmark
# class runs in --full automatically; add a quick part for it here (QUICK_NAMES, QUICK_SELECTIONS, QUICK_ARGS), and its
# group to dev.accel.jmh.report.Groups and docs/benchmarks/report-template.md.
USING=$([ "$SKIP_OPENBLAS" = 1 ] && echo accel || echo accel,openblas)
LINEAR_USING=$([ "$SKIP_OPENBLAS" = 1 ] && echo prepared,plain || echo prepared,plain,openblas)
Q='-f 2 -wi 2 -w 1s -i 3 -r 1s'
# Parallel arrays: part name, benchmark regex, JMH arguments (split on spaces).
QUICK_NAMES=(native matmul linear cpu-ops store store-open session embedding engine)
QUICK_SELECTIONS=(
    'dev\.accel\.jmh\.NativeCallBenchmark\.'
    'dev\.accel\.jmh\.MatmulBenchmark\.'
    'dev\.accel\.jmh\.LinearBenchmark\.'
    'dev\.accel\.jmh\.(ElementwiseAdd|Softmax|LayerNorm)Benchmark\.'
    'dev\.accel\.jmh\.(Sha256|StoreImport|StoreRead|StoreExport|IpfsAdd)Benchmark\.'
    'dev\.accel\.jmh\.StoreOpenBenchmark\.'
    'dev\.accel\.jmh\.SessionCreateBenchmark\.'
    'dev\.accel\.jmh\.EmbeddingBenchmark\.(latencyBatch1|throughputBatch32)'
    'dev\.accel\.jmh\.BertEngineBenchmark\.(latencyBatch1|throughputBatch32)'
)
QUICK_ARGS=(
    "-f 2 -wi 2 -w 500ms -i 3 -r 500ms"
    "$Q -p n=2048 -p threads=1,2 -p using=$USING"
    "$Q -p using=$LINEAR_USING"
    "-f 2 -wi 3 -w 1s -i 3 -r 1s -p size=16777216 -p cols=384"
    "-f 2 -wi 1 -w 1s -i 3 -r 1s -p profile=unixfs-v1-2025 -p sink=discard"
    "$Q -p size=1048576,67108864"
    "-f 2 -wi 2 -i 5 -prof gc"
    "$Q"
    "-f 4 -wi 3 -w 1s -i 3 -r 1s -p device=cpu"
)
for skipped in ${SKIP//,/ }; do
    [[ " ${QUICK_NAMES[*]} " == *" $skipped "* ]] || { echo "bench.sh: --skip: no quick part '$skipped' (parts: ${QUICK_NAMES[*]})" >&2; exit 2; }
done
if [ ${#JMH_EXTRA[@]} -gt 0 ]; then
    NAMES=(-); SELECTIONS=(''); ARG_LINES=('')
elif [ "$FULL" = 1 ]; then
    # A missing reference library (OpenBLAS, a model) makes its benchmark fail in @Setup with the reason; JMH
    # goes on with the others.
    NAMES=(-); SELECTIONS=('dev\.accel\.jmh\..*'); ARG_LINES=('')
else
    NAMES=("${QUICK_NAMES[@]}"); SELECTIONS=("${QUICK_SELECTIONS[@]}"); ARG_LINES=("${QUICK_ARGS[@]}")
fi

# ---- js-ipfs, the anchor of store import (IpfsAddBenchmark) -----------------------------------------------
export ACCEL_JSIPFS_DIR="${ACCEL_JSIPFS_DIR:-$ROOT/ipfs/src/test/js}"
if [ ! -d "$ACCEL_JSIPFS_DIR/node_modules/ipfs-core" ] && [ -f "$ACCEL_JSIPFS_DIR/package-lock.json" ]; then
    if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
        echo "bench.sh: installing js-ipfs for the store import anchor: npm ci in ${ACCEL_JSIPFS_DIR#"$ROOT"/}" >&2
        (cd "$ACCEL_JSIPFS_DIR" && npm ci --no-audit --no-fund >/dev/null 2>&1) \
            || echo "bench.sh: npm ci failed; IpfsAddBenchmark will report that js-ipfs is missing" >&2
    else
        echo "bench.sh: node/npm not found: IpfsAddBenchmark (the js-ipfs anchor) will fail with that reason" >&2
    fi
fi

# ---- machine description ---------------------------------------------------------------------------------
cpu_model() {
    if [ -r /proc/cpuinfo ]; then
        sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1
    elif command -v sysctl >/dev/null 2>&1; then
        sysctl -n machdep.cpu.brand_string 2>/dev/null || true
    fi
}
gpu_description() {
    if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
        nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | paste -sd ';' -
    else
        echo "none (no working nvidia-smi)"
    fi
}
loadavg() { cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || uptime; }
describe_machine() { # $1: part name, $2: JMH arguments
    echo "date:          $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "run:           $NAME$([ "$1" = - ] || echo " / part $1") ($(if [ ${#JMH_EXTRA[@]} -gt 0 ]; then echo "JMH arguments given after --"; elif [ "$FULL" = 1 ]; then echo full suite; else echo quick subset; fi))"
    echo "command:       $COMMAND_LINE"
    echo "jmh args:      $2"
    echo "cpu:           $(cpu_model)"
    echo "cores:         $(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)"
    if command -v lscpu >/dev/null 2>&1; then
        echo "caches:        $(lscpu | sed -n 's/^\(L[123][di]* cache\):[[:space:]]*/\1 /p' | paste -sd ';' -)"
        echo "cpu flags:     $(lscpu | grep -o -w -E 'avx2|fma|avx512f|sha_ni|neon|asimd' | sort -u | paste -sd ' ' -)"
        echo "hypervisor:    $(lscpu | sed -n 's/^Hypervisor vendor:[[:space:]]*//p')"
    fi
    echo "memory:        $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)"
    echo "os:            $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") / $(uname -srm)"
    echo "jdk:           $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 2 | paste -sd ' ' -) ($JAVA_HOME)"
    echo "gpu:           $(gpu_description)"
    if [ "$SKIP_OPENBLAS" = 1 ]; then
        echo "openblas:      not installed (OpenBLAS cases skipped)"
    else
        echo "openblas:      ${ACCEL_OPENBLAS_LIBRARY:-$(readlink -f /usr/lib/*-linux-gnu/libopenblas.so.0 2>/dev/null | head -n 1)} $( (dpkg-query -W -f '${db:Status-Abbrev} ${Package} ${Version}\n' 'libopenblas0*' 2>/dev/null || true) | awk '$1 == "ii" {print $2 " " $3}' | paste -sd ',' -)"
    fi
    echo "load at start: $(loadavg)"
}

# ---- run -------------------------------------------------------------------------------------------------
STATUS=0
STORED=()
DAY=$(date +%Y-%m-%d)
for index in "${!NAMES[@]}"; do
    PART_NAME=${NAMES[$index]}
    SELECTION=${SELECTIONS[$index]}
    if [[ "$SKIP" == *",$PART_NAME,"* ]]; then
        echo "bench.sh: skipping part '$PART_NAME' (--skip)" >&2
        continue
    fi
    if [ ${#JMH_EXTRA[@]} -gt 0 ]; then
        ARGS=("${JMH_EXTRA[@]}")
    else
        read -r -a ARGS <<<"${ARG_LINES[$index]}"
    fi
    STEM="$OUT_DIR/$DAY-$NAME$([ "$PART_NAME" = - ] || echo "-$PART_NAME")"
    JSON="$STEM.json"
    MACHINE="$STEM.machine.txt"
    describe_machine "$PART_NAME" "$SELECTION ${ARGS[*]:-}" >"$MACHINE"
    echo "bench.sh: running JMH ($SELECTION ${ARGS[*]:-}); results: ${JSON#"$ROOT"/}" >&2
    PART_START=$SECONDS
    set +e
    # The flag silences JDK 25's warning about JMH's own use of sun.misc.Unsafe (JMH 1.37 predates it).
    "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -jar "$RUN_JAR" ${SELECTION:+"$SELECTION"} ${ARGS[@]+"${ARGS[@]}"} \
        -rf json -rff "$JSON"
    PART_STATUS=$?
    set -e
    echo "load at end:   $(loadavg)" >>"$MACHINE"
    echo "jmh exit:      $PART_STATUS" >>"$MACHINE"
    echo "duration:      $((SECONDS - PART_START)) s" >>"$MACHINE"
    if [ "$PART_NAME" = engine ] && [ "$PART_STATUS" = 0 ]; then
        # JMH measures the engine's forks, then ORT's: a drift of the machine's speed between them moves the ratio.
        # The paired probe alternates single calls of both in one JVM (see EnginePairedProbe); its lines go here.
        PROBE=(dev.accel.jmh.EnginePairedProbe 600 40 5)
        echo "bench.sh: paired probe of the engine and ONNX Runtime (${PROBE[*]})..." >&2
        {
            echo "## java --add-modules jdk.incubator.vector -Xms1g -Xmx1g -cp jmh/target/benchmarks.jar ${PROBE[*]}  (load $(loadavg))"
            "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g \
                -cp "$RUN_JAR" "${PROBE[@]}" 2>&1 | grep -E '^(# engine \(|batch )' || echo "(the probe failed; run it by hand for the reason)"
        } >>"$MACHINE"
    fi
    if [ -s "$JSON" ] && [ "$(tr -d '[:space:]' <"$JSON")" != "[]" ]; then
        STORED+=("${JSON#"$ROOT"/}")
    else
        rm -f "$JSON" "$MACHINE"
        echo "bench.sh: JMH stopped (exit $PART_STATUS) before writing any result for '$PART_NAME'; nothing stored." >&2
        echo "  (\"Unable to acquire the JMH lock\" means another JMH run is going on: wait for it, benchmarks must not share the machine.)" >&2
    fi
    [ "$PART_STATUS" = 0 ] || STATUS=$PART_STATUS
done

# ---- CUDA anchor (PyTorch), only where there is a GPU ----------------------------------------------------
if [ ${#JMH_EXTRA[@]} -eq 0 ] && command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
    STEM="$OUT_DIR/$DAY-$NAME-cuda-torch"
    describe_machine cuda-torch "python3 jmh/src/main/python/cuda_anchor.py" >"$STEM.machine.txt"
    if python3 "$ROOT/jmh/src/main/python/cuda_anchor.py" --out "$STEM.json"; then
        echo "load at end:   $(loadavg)" >>"$STEM.machine.txt"
        STORED+=("${STEM#"$ROOT"/}.json")
    else
        rm -f "$STEM.json" "$STEM.machine.txt"
        echo "bench.sh: the PyTorch CUDA anchor did not run (reason above); its rows stay 'not run'." >&2
    fi
fi

if [ ${#STORED[@]} -gt 0 ]; then
    echo "bench.sh: results in ${STORED[*]} (each with its .machine.txt)" >&2
    if [ "$REPORT" = 1 ]; then
        report || STATUS=1
    fi
fi
exit "$STATUS"
