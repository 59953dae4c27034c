#!/usr/bin/env bash
# Runs Accel's JMH benchmarks (module jmh/) and stores the results in docs/benchmarks/.
# Usage: scripts/bench.sh [--full] [--name NAME] [--no-install] [--no-build] [-- JMH_ARGS...]   (--help for details)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COMMAND_LINE="scripts/bench.sh $*"

usage() {
    cat <<'HELP'
scripts/bench.sh: build and run Accel's JMH benchmarks, store JSON results in docs/benchmarks/.

  scripts/bench.sh                quick run (default, about 3 minutes on 2 cores): MatmulBenchmark, Accel vs
                                  OpenBLAS, n = 512, 1024, 2048, threads = 1, 2; 1 fork, 3 x 1 s warmup,
                                  5 x 1 s measurement per case
  scripts/bench.sh --full         every benchmark in jmh/ with the settings written on each class
                                  (MatmulBenchmark alone: 2 forks, 3 x 2 s warmup, 5 x 2 s measurement,
                                  about 8 minutes; the whole suite takes longer)

Options:
  --full          run the full suite with the classes' own (longer) settings
  --name NAME     results go to docs/benchmarks/<yyyy-mm-dd>-NAME.json (default: quick or full), with the
                  machine description in docs/benchmarks/<yyyy-mm-dd>-NAME.machine.txt
  --no-install    do not install OpenBLAS when it is missing (by default, when running as root on a system with
                  apt-get, the script runs `apt-get update && apt-get install -y libopenblas0`)
  --no-build      use the existing jmh/target/benchmarks.jar
  -h, --help      this text
  -- ARGS         run JMH with ARGS instead of the script's own selection and settings, e.g.
                  -- MatmulBenchmark -p n=1024 -p threads=1 -f 1 -i 5     or     -- ElementwiseAdd -prof gc

Reading the results: each benchmark reports calls per second, and a secondary metric in the unit people
compare: MatmulBenchmark:flop is FLOP/s (2 n^3 per product), ElementwiseAddBenchmark:bytes is bytes moved per
second. With python3 available the script also prints GFLOP/s and GB/s tables. Errors are JMH's 99.9%
confidence half-widths. Other load on the machine skews the numbers: the machine file records the load
average at the start and at the end.

Without OpenBLAS (and no way to install it) the OpenBLAS cases are skipped with a message: the script never
reports a number for a library it did not run. Set ACCEL_OPENBLAS_LIBRARY to use a specific libopenblas file.
Needs a JDK 25 or newer ($JAVA_HOME when it is 25+, else found in /usr/lib/jvm and the usual folders) and Maven.
HELP
}

FULL=0
NAME=""
INSTALL=1
BUILD=1
JMH_EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
        --full) FULL=1 ;;
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
if ! openblas_present; then
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

# ---- what to run -----------------------------------------------------------------------------------------
# One JMH class per thing measured (see jmh/src/main/java/dev/accel/jmh/package-info.java). A new benchmark
# class runs in --full automatically; add its quick-run selection (a regex, plus any -p limits) here.
QUICK_SELECTION=('dev\.accel\.jmh\.MatmulBenchmark\.')
QUICK_ARGS=(-f 1 -wi 3 -w 1s -i 5 -r 1s -p n=512,1024,2048 -p threads=1,2 -p using=accel,openblas)
if [ ${#JMH_EXTRA[@]} -gt 0 ]; then
    SELECTION=()
    ARGS=("${JMH_EXTRA[@]}")
elif [ "$FULL" = 1 ]; then
    SELECTION=('dev\.accel\.jmh\..*')
    ARGS=()
else
    SELECTION=("${QUICK_SELECTION[@]}")
    ARGS=("${QUICK_ARGS[@]}")
fi
if [ "$SKIP_OPENBLAS" = 1 ]; then
    ARGS+=(-p using=accel)
fi

# ---- machine description and run -------------------------------------------------------------------------
OUT_DIR="$ROOT/docs/benchmarks"
mkdir -p "$OUT_DIR"
STEM="$OUT_DIR/$(date +%Y-%m-%d)-$NAME"
JSON="$STEM.json"
MACHINE="$STEM.machine.txt"
cpu_model() {
    if [ -r /proc/cpuinfo ]; then
        sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1
    elif command -v sysctl >/dev/null 2>&1; then
        sysctl -n machdep.cpu.brand_string 2>/dev/null || true
    fi
}
loadavg() { cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || uptime; }
{
    echo "date:          $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "run:           $NAME ($(if [ ${#JMH_EXTRA[@]} -gt 0 ]; then echo "JMH arguments given after --"; elif [ "$FULL" = 1 ]; then echo full suite; else echo quick subset; fi))"
    echo "command:       $COMMAND_LINE"
    echo "jmh args:      ${SELECTION[*]:-} ${ARGS[*]:-}"
    echo "cpu:           $(cpu_model)"
    echo "cores:         $(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)"
    if command -v lscpu >/dev/null 2>&1; then
        echo "caches:        $(lscpu | sed -n 's/^\(L[123][di]* cache\):[[:space:]]*/\1 /p' | paste -sd ';' -)"
        echo "cpu flags:     $(lscpu | grep -o -w -E 'avx2|fma|avx512f|neon|asimd' | sort -u | paste -sd ' ' -)"
        echo "hypervisor:    $(lscpu | sed -n 's/^Hypervisor vendor:[[:space:]]*//p')"
    fi
    echo "memory:        $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)"
    echo "os:            $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") / $(uname -srm)"
    echo "jdk:           $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 2 | paste -sd ' ' -) ($JAVA_HOME)"
    if [ "$SKIP_OPENBLAS" = 1 ]; then
        echo "openblas:      not installed (OpenBLAS cases skipped)"
    else
        echo "openblas:      ${ACCEL_OPENBLAS_LIBRARY:-$(readlink -f /usr/lib/*-linux-gnu/libopenblas.so.0 2>/dev/null | head -n 1)} $( (dpkg-query -W -f '${db:Status-Abbrev} ${Package} ${Version}\n' 'libopenblas0*' 2>/dev/null || true) | awk '$1 == "ii" {print $2 " " $3}' | paste -sd ',' -)"
    fi
    echo "load at start: $(loadavg)"
} >"$MACHINE"

echo "bench.sh: running JMH (${SELECTION[*]:-} ${ARGS[*]:-}); results: $JSON" >&2
set +e
# The flag silences JDK 25's warning about JMH's own use of sun.misc.Unsafe (JMH 1.37 predates it).
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -jar "$RUN_JAR" ${SELECTION[@]+"${SELECTION[@]}"} ${ARGS[@]+"${ARGS[@]}"} \
    -rf json -rff "$JSON"
STATUS=$?
set -e
echo "load at end:   $(loadavg)" >>"$MACHINE"
echo "jmh exit:      $STATUS" >>"$MACHINE"

# ---- summary ---------------------------------------------------------------------------------------------
if [ -s "$JSON" ] && command -v python3 >/dev/null 2>&1; then
    python3 - "$JSON" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
flops, rates = {}, []
for r in rows:
    cls, method = r["benchmark"].rsplit(".", 2)[-2:]
    p = r.get("params", {})
    sec = r.get("secondaryMetrics", {})
    if "flop" in sec:
        key = (cls, int(p.get("n", 0)), int(p.get("threads", 0)))
        flops.setdefault(key, {})[p.get("using", method)] = (float(sec["flop"]["score"]) / 1e9, float(sec["flop"]["scoreError"]) / 1e9)
    elif "bytes" in sec:
        rates.append((cls + "." + method, ", ".join("%s=%s" % kv for kv in sorted(p.items())),
                      float(sec["bytes"]["score"]) / 1e9, float(sec["bytes"]["scoreError"]) / 1e9))
def fmt(x):
    return "%8.1f +- %-7.1f" % x if x else "%20s" % "-"
if flops:
    print("\n%-18s %6s %8s %20s %20s %8s" % ("benchmark", "n", "threads", "Accel GFLOP/s", "OpenBLAS GFLOP/s", "ratio"))
    for (bench, n, t), v in sorted(flops.items()):
        acc, ob = v.get("accel"), v.get("openblas")
        ratio = "%8.2f" % (acc[0] / ob[0]) if acc and ob and ob[0] > 0 else "%8s" % "-"
        print("%-18s %6d %8d %20s %20s %s" % (bench, n, t, fmt(acc), fmt(ob), ratio))
if rates:
    print("\n%-42s %-20s %20s" % ("benchmark", "params", "GB/s"))
    for name, params, score, err in rates:
        print("%-42s %-20s %20s" % (name, params, fmt((score, err))))
if flops or rates:
    print("(+- : JMH 99.9% confidence half-width; ratio = Accel / OpenBLAS)")
PY
elif [ -s "$JSON" ]; then
    echo "bench.sh: python3 not found, no GFLOP/s table; the ':flop' rows above are FLOP/s." >&2
fi
if [ -s "$JSON" ]; then
    echo "bench.sh: results in ${JSON#"$ROOT"/}, machine description in ${MACHINE#"$ROOT"/}" >&2
else
    rm -f "$JSON" "$MACHINE"
    echo "bench.sh: JMH stopped (exit $STATUS) before writing any result; nothing stored in docs/benchmarks/." >&2
    echo "  (\"Unable to acquire the JMH lock\" means another JMH run is going on: wait for it, benchmarks must not share the machine.)" >&2
fi
exit "$STATUS"
