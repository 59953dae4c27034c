# Sourced by ./accel and scripts/*.sh: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME when it is 25+, then the usual install folders (/usr/lib/jvm/*25*, /usr/lib/jvm/*,
# /opt/java/*, /Library/Java/JavaVirtualMachines/*/Contents/Home, ~/.sdkman/candidates/java/*).

accel_java_feature() { # prints the feature version of the JDK at $1, or nothing
    local release="$1/release"
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
    if [ -f "$release" ]; then
        sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n 1
    else
        "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
    fi
}

accel_find_jdk() {
    local candidate v
    if [ -n "${JAVA_HOME:-}" ]; then
        v=$(accel_java_feature "$JAVA_HOME" || true)
        if [ -n "$v" ] && [ "$v" -ge 25 ]; then
            return 0
        fi
    fi
    for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/* /opt/jdk* \
                     /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
        [ -d "$candidate" ] || continue
        v=$(accel_java_feature "$candidate" || true)
        if [ -n "$v" ] && [ "$v" -ge 25 ]; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    cat >&2 <<MSG
accel: no JDK 25 found.
  Looked at: \$JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/*, /opt/java/*, /opt/jdk*, macOS and SDKMAN folders.
  Accel needs a JDK 25 or newer (java.lang.foreign and the Vector API). Install one, e.g. Eclipse Temurin 25
  (Debian/Ubuntu: the temurin-25-jdk package from Adoptium's apt repository), then run again or set JAVA_HOME.
MSG
    return 1
}

accel_require_maven() {
    if ! command -v mvn >/dev/null 2>&1; then
        echo "accel: Maven (mvn) not found on PATH; install Apache Maven 3.8 or newer (Debian: apt-get install maven)." >&2
        return 1
    fi
}
