#!/bin/sh
# Makes lib/fraisier-webhook.aot, the JDK AOT cache bin/fraisier-webhook uses to start faster (docs/INSTALL.md),
# from a training run (io.fraisier.webhook.AotTraining) that starts the daemon on a throw-away SQLite store,
# answers /health, /metrics and signed GitHub deliveries, then stops it as SIGTERM would.
# Usage: train.sh FRAISIER_HOME [JAVA_HOME]   (JAVA_HOME: the JDK that will run the daemon; default $JAVA_HOME)
# Writes FRAISIER_HOME/lib/fraisier-webhook.aot and lib/fraisier-webhook.aot.jdk (a copy of that JDK's
# "release" file: the launcher uses the cache only under the same JDK). A JDK older than 25, or a training
# run that fails, leaves no cache and exits 0: the daemon works without one, only slower to start.
# The JVM options below must stay those of bin/fraisier-webhook: a cache made with other ones is partly or
# wholly ignored ("Mismatched values" under -Xlog:aot).
set -u
home=$1
jdk=${2:-${JAVA_HOME:-}}
lib=$home/lib
name=fraisier-webhook.aot
rm -f "$lib/$name" "$lib/$name.jdk" "$lib/$name.config"

if [ -z "$jdk" ] || [ ! -x "$jdk/bin/java" ] || [ ! -r "$jdk/release" ]; then
    echo "fraisier-webhook AOT cache: skipped (no JDK with a release file at '$jdk')" >&2
    exit 0
fi
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release" | head -n 1)
if [ -z "$major" ] || [ "$major" -lt 25 ]; then
    echo "fraisier-webhook AOT cache: skipped (JDK $major; -XX:AOTCacheOutput needs 25 or newer)" >&2
    exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/fraisier-webhook-aot.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The same class path as bin/fraisier-webhook (lib/launcher.sh's class_path, reading lib/classpath, written by
# fraisier-cli/src/aot/train.sh before this one): the cache is only used with it.
LIB=$lib
# shellcheck source=../../../fraisier-cli/src/dist/lib/launcher.sh
. "$lib/launcher.sh"
class_path
cp=$CP
# shellcheck disable=SC2086 # the launcher's default options, word-split as there
if (cd "$work" && env -u FRAISIER_CONFIG -u FRAISIER_DATABASE_URL -u FRAISIER_LOG_FILE -u FRAISIER_LOG_FORMAT \
    HOME="$work" "$jdk/bin/java" -Xmx384m -XX:AOTCacheOutput="$lib/$name" -Xlog:aot=off,cds=off \
    --enable-native-access=ALL-UNNAMED -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true \
    -cp "$cp" io.fraisier.webhook.AotTraining "$work") >"$work/training.log" 2>&1 \
    && [ -s "$lib/$name" ]; then
    cp "$jdk/release" "$lib/$name.jdk"
    rm -f "$lib/$name.config"
    echo "fraisier-webhook AOT cache: $(du -k "$lib/$name" | cut -f1) KiB for JDK $major" >&2
else
    echo "fraisier-webhook AOT cache: skipped, the training run failed:" >&2
    tail -n 20 "$work/training.log" >&2
    rm -f "$lib/$name" "$lib/$name.jdk" "$lib/$name.config"
fi
exit 0
