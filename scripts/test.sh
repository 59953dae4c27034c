#!/usr/bin/env bash
# Runs every test of every module (the README's second command; .ci/run calls this).
# Needs a JDK 25 and Maven; the JavaScript peers the tests check against (js-ipfs, Helia's verified-fetch,
# ipfs-unixfs-importer, onnxruntime-node, tokenizers.js) are installed here from the npm registry
# (versions pinned by each folder's package-lock.json). Extra arguments go to Maven (e.g. -pl native-cpu).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/lib/jdk.sh"
accel_find_jdk
accel_require_maven
export PATH="$JAVA_HOME/bin:$PATH"
cd "$ROOT"

install_js_peers() {
    local dir
    if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
        if [ "${CI:-}" = "true" ]; then
            echo "scripts/test.sh: node and npm are required in CI (the cross-implementation tests must run, not skip); install Node.js 20+ and npm" >&2
            exit 1
        fi
        echo "scripts/test.sh: node/npm not found: the tests against the JavaScript IPFS and ONNX stacks will be SKIPPED (with the reason)" >&2
        return 0
    fi
    for dir in */src/test/js; do
        [ -f "$dir/package-lock.json" ] || continue
        # npm writes node_modules/.package-lock.json on install; reinstall when the lock file changed since.
        if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
            # `install --no-save` (not `ci`) installs exactly the locked versions and tolerates an optional
            # package that cannot be fetched here (js-ipfs's electron-webrtc pulls a GitHub tarball).
            echo "scripts/test.sh: installing the npm test peers of $dir (npm install --no-save, versions from package-lock.json)"
            (cd "$dir" && npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error)
        fi
    done
}

echo "scripts/test.sh: JDK $JAVA_HOME, $(mvn -v 2>/dev/null | head -n 1)"
install_js_peers
exec mvn -B -ntp verify "$@"
