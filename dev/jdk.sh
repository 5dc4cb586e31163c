# Sourced by the project's scripts: finds a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME, the `java` on PATH, then /usr/lib/jvm/* and /opt/java/* (newest first).
fraisier_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
fraisier_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/* /opt/java/* 2>/dev/null | sort -rV); do candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(fraisier_java_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$c"
      return 0
    fi
  done
  return 1
}
if ! FRAISIER_JDK=$(fraisier_find_jdk); then
  echo "error: Fraisier needs a JDK 21 or newer, and none was found (looked at \$JAVA_HOME, the javac on PATH, /usr/lib/jvm, /opt/java)." >&2
  echo "hint: install one (Debian: apt-get install openjdk-21-jdk-headless, or a Temurin 21+ JDK) or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$FRAISIER_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
