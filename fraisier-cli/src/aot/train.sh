#!/bin/sh
# Prepares an installation's lib/ for a fast start (docs/INSTALL.md, "The start-up caches"): lib/classpath
# (the launcher's class path), lib/native/ (SQLite's native library), and the JDK AOT caches
# lib/fraisier.aot, lib/fraisier-store.aot and lib/fraisier-config.aot, made by training runs of the
# everyday commands (io.fraisier.cli.AotTraining) against a throw-away SQLite store.
# Usage: train.sh FRAISIER_HOME [JAVA_HOME]   (JAVA_HOME: the JDK that will run Fraisier; default $JAVA_HOME)
# Also writes lib/fraisier.aot.jdk (a copy of that JDK's "release" file: the launcher uses the caches only
# under the same JDK). A JDK older than 25, or a training run that fails, leaves no cache and exits 0: the
# installation works without one, only slower to start.
set -u
home=$1
jdk=${2:-${JAVA_HOME:-}}
lib=$home/lib
rm -f "$lib/fraisier.aot" "$lib/fraisier.aot.jdk" "$lib/fraisier.aot.config"

# lib/classpath: the launchers' class path, one jar per line: SQLite's driver first, then fraisier's own
# (the CLI's before the others), the rest in C-locale order. The JVM looks for a resource in the jars in
# this order, opening each on the way (the AOT cache spares it that for classes, not for resources): the
# SQLite driver reads its version from a file of its own jar on every open of the store, which opened the
# eight jars before it on every store command; first, it opens its own only. The CLI's next: a lone
# "fraisier --version" (no cache) opens these two. Written whatever becomes of the cache: bin/fraisier
# reads it, and the cache is made for this order.
{
    (cd "$lib" && LC_ALL=C ls -- sqlite-jdbc-*.jar 2>/dev/null)
    (cd "$lib" && LC_ALL=C ls -- fraisier-cli-*.jar)
    (cd "$lib" && LC_ALL=C ls -- fraisier-*.jar | grep -v '^fraisier-cli-')
    (cd "$lib" && LC_ALL=C ls -- *.jar | grep -v '^fraisier-' | grep -v '^sqlite-jdbc-')
} >"$lib/classpath"

# lib/services: the META-INF/services entries of lib/classpath's jars, merged in its order (ServiceIndexWriter).
# bin/fraisier hands it to the CLI (-Dfraisier.services), which then finds its store and providers without
# ServiceLoader: that reads every jar's directory (all 60-odd of them, some 45 ms of every command). Without
# a JDK 21 to write it, there is none, and the CLI uses ServiceLoader as embedders do.
rm -f "$lib/services" "$lib/services.tmp"
if [ -x "$jdk/bin/java" ]; then
    "$jdk/bin/java" -cp "$lib/$(cd "$lib" && LC_ALL=C ls -- fraisier-cli-*.jar)" io.fraisier.cli.ServiceIndexWriter "$lib" \
        || rm -f "$lib/services" "$lib/services.tmp"
fi

# lib/native/Linux/<arch>/libsqlitejdbc.so: the SQLite driver's native library for the two common Linux
# machines, taken out of its jar once here. Without it the driver copies it from the jar into /tmp on every
# start (about 70 ms of each command that opens the store, bench/cli/README.md); bin/fraisier points the
# driver at it (org.sqlite.lib.path). Other machines, or no jar tool, keep the driver's own way.
rm -rf "$lib/native"
sqlite_jar=$(cd "$lib" && ls -- sqlite-jdbc-*.jar 2>/dev/null | head -n 1)
if [ -n "$sqlite_jar" ] && [ -x "$jdk/bin/jar" ]; then
    mkdir -p "$lib/native"
    for arch in x86_64 aarch64; do
        (cd "$lib/native" && "$jdk/bin/jar" xf "../$sqlite_jar" "org/sqlite/native/Linux/$arch/libsqlitejdbc.so") \
            && [ -f "$lib/native/org/sqlite/native/Linux/$arch/libsqlitejdbc.so" ] \
            && mkdir -p "$lib/native/linux-$arch" \
            && mv "$lib/native/org/sqlite/native/Linux/$arch/libsqlitejdbc.so" "$lib/native/linux-$arch/"
    done
    rm -rf "$lib/native/org"
fi

if [ -z "$jdk" ] || [ ! -x "$jdk/bin/java" ] || [ ! -r "$jdk/release" ]; then
    echo "fraisier AOT cache: skipped (no JDK with a release file at '$jdk')" >&2
    exit 0
fi
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release" | head -n 1)
if [ -z "$major" ] || [ "$major" -lt 25 ]; then
    echo "fraisier AOT cache: skipped (JDK $major; -XX:AOTCacheOutput needs 25 or newer)" >&2
    exit 0
fi
command -v git >/dev/null 2>&1 || { echo "fraisier AOT cache: skipped (no git for the training run)" >&2; exit 0; }

work=$(mktemp -d "${TMPDIR:-/tmp}/fraisier-aot.XXXXXX")
trap 'rm -rf "$work"' EXIT
git -c init.defaultBranch=main init -q "$work/repo"
echo 1 >"$work/repo/VERSION"
git -C "$work/repo" add VERSION
git -C "$work/repo" -c user.name=aot -c user.email=aot@localhost commit -q -m v1
cat >"$work/fraises.yaml" <<EOF
database:
  type: sqlite
  path: $work/fraisier.db
fraises:
  demo:
    type: api
    environments:
      production:
        provider: local
        branch: main
        git_repo: $work/repo
        app_path: $work/app
        install_command: "true"
        restart_command: "true"
        timeout: 60
EOF

# The same class path as bin/fraisier (lib/launcher.sh's class_path): the caches are only used with it.
LIB=$lib
# shellcheck source=../dist/lib/launcher.sh
. "$lib/launcher.sh"
class_path
cp=$CP

# Three caches, one per kind of command (bin/fraisier picks by the subcommand). The JVM loads every class of
# its cache at start, so a cache holding only what its commands use starts them sooner and maps less
# memory: "config" (list, config, help, init, completion: no store), "store" (history, status, stats, lock,
# ...: the store, no provider work) and the full one, fraisier.aot, for everything else (deploy, rollback,
# metrics, ...). The full one runs first: its deployment fills the store the "store" training reads.
# the CLI's three only: lib/fraisier-webhook.aot is the daemon's (fraisier-webhook/src/aot/train.sh)
rm -f "$lib/fraisier.aot" "$lib/fraisier-store.aot" "$lib/fraisier-config.aot"
# Trained with the launcher's JVM options for commands (bin/fraisier): a cache made under another collector
# still works, but its archived objects are copied in at start instead of mapped.
# The caches hold classes, not the training's method profiles: a JVM given profiles replays them at start,
# compiling in the background what was hot in training, and a command is over before that pays (history:
# 50 ms less CPU and 6 MB less memory without them, bench/cli/README.md). A JDK without the switch keeps them.
no_profiles=
if "$jdk/bin/java" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -version >/dev/null 2>&1; then
    no_profiles="-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining"
fi
train() { # FILE PROFILE
    # shellcheck disable=SC2086 # no_profiles is a list of options
    (cd "$work" && FRAISIER_LOG_DIR="$work/log" HOME="$work" "$jdk/bin/java" -XX:AOTCacheOutput="$lib/$1" \
        $no_profiles -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn8m \
        -Xlog:aot=off,cds=off --enable-native-access=ALL-UNNAMED -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true \
        -cp "$cp" io.fraisier.cli.AotTraining "$2" "$work/fraises.yaml" demo production) >>"$work/training.log" 2>&1 \
        && [ -s "$lib/$1" ]
}
if train fraisier.aot full && train fraisier-store.aot store && train fraisier-config.aot config; then
    cp "$jdk/release" "$lib/fraisier.aot.jdk"
    rm -f "$lib/fraisier.aot.config"
    echo "fraisier AOT caches: $(cd "$lib" && du -k -- *.aot | awk '{ printf "%s%s %s KiB", sep, $2, $1; sep = ", " }') for JDK $major" >&2
else
    echo "fraisier AOT cache: skipped, the training run failed:" >&2
    tail -n 20 "$work/training.log" >&2
    rm -f "$lib/fraisier.aot" "$lib/fraisier-store.aot" "$lib/fraisier-config.aot" "$lib/fraisier.aot.jdk" \
        "$lib/fraisier.aot.config"
fi
exit 0
