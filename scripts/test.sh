#!/usr/bin/env bash
# Runs every test of every module (the README's second command; .ci/run calls this).
# Needs only a JDK 25 and Maven; extra arguments go to Maven (e.g. -pl native-cpu).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/lib/jdk.sh"
accel_find_jdk
accel_require_maven
export PATH="$JAVA_HOME/bin:$PATH"
cd "$ROOT"
echo "scripts/test.sh: JDK $JAVA_HOME, $(mvn -v 2>/dev/null | head -n 1)"
exec mvn -B -ntp verify "$@"
