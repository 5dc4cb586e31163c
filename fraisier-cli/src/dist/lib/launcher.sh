# Shared by bin/fraisier and bin/fraisier-webhook (sourced, not run): finding a Java 21 or newer, the
# class path, the AOT cache check and SQLite's native library. Shell builtins only where it can be: each
# program started (dirname, sed, ...) costs about a millisecond of every command (bench/cli/README.md).
# The launcher sets LIB (this folder) and NAME (its own name, for messages) before sourcing it.

# Each function below sets a variable rather than printing: a $(...) forks a subshell (about a millisecond
# each, several per call before this).

# Sets JDK_DIR to the JDK folder of the java binary $1 (following /usr/bin/java -> /etc/alternatives/...
# links; readlink runs only for a link).
jdk_of() {
    real=$1
    if [ -h "$real" ]; then
        real=$(readlink -f "$real" 2>/dev/null) || real=$1
    fi
    real=${real%/*}
    JDK_DIR=${real%/*}
}

# Sets MAJOR to the major version of the java binary $1 (8 for 1.8.x), or to nothing when it does not run.
# Reads the JDK's "release" file (JAVA_VERSION="21.0.5") next to the binary's bin/ folder, so finding the
# version starts no JVM; only a Java without that file is asked with "java -version".
java_major() {
    MAJOR=
    jdk_of "$1"
    if [ -r "$JDK_DIR/release" ]; then
        while IFS= read -r line; do
            case $line in
                JAVA_VERSION=*)
                    v=${line#JAVA_VERSION=}
                    v=${v#\"}
                    v=${v%%[!0-9.]*}
                    case $v in
                        1.*) v=${v#1.} ;;
                    esac
                    v=${v%%.*}
                    if [ -n "$v" ]; then
                        MAJOR=$v
                        return
                    fi
                    ;;
            esac
        done <"$JDK_DIR/release"
    fi
    MAJOR=$("$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); if (v[1] == "1") print v[2]; else print v[1]; exit }')
}

suitable() {
    [ -x "$1" ] || return 1
    java_major "$1"
    case $MAJOR in
        ''|*[!0-9]*) return 1 ;;
    esac
    [ "$MAJOR" -ge 21 ]
}

# Sets ON_PATH to the first executable "java" of $PATH, or to nothing (command -v, without its subshell).
java_on_path() {
    ON_PATH=
    rest=${PATH:-}:
    while [ -n "$rest" ]; do
        dir=${rest%%:*}
        rest=${rest#*:}
        if [ -n "$dir" ] && [ -f "$dir/java" ] && [ -x "$dir/java" ]; then
            ON_PATH=$dir/java
            return
        fi
    done
}

# Sets JAVA to the first Java 21 or newer of $JAVA_HOME, the PATH and /usr/lib/jvm, or says what to
# install and exits 1.
find_java() {
    JAVA=
    tried=
    java_on_path
    for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} ${ON_PATH:+"$ON_PATH"} /usr/lib/jvm/*/bin/java; do
        [ -e "$candidate" ] || continue
        if suitable "$candidate"; then
            JAVA=$candidate
            break
        fi
        tried="$tried
  $candidate (Java $MAJOR)"
    done

    if [ -z "$JAVA" ]; then
        {
            echo "$NAME: needs Java 21 or newer, and none was found."
            [ -n "$tried" ] && echo "Tried:$tried"
            echo "Install one, or set JAVA_HOME to one:"
            echo "  Debian 12: it has no Java 21; install Temurin from Adoptium's apt repository (apt-get install temurin-21-jre)"
            echo "  Debian 13, Ubuntu 24.04: apt-get install openjdk-21-jre-headless"
        } >&2
        exit 1
    fi
}

# Sets CP to the class path: lib/classpath (written at package time by fraisier-cli/src/aot/train.sh,
# fraisier's own jars first, the CLI's before all) or, without it, lib/*.jar in C-locale order. The AOT
# caches were made with this exact class path (the training scripts use this function too) and the JVM
# ignores them under any other.
class_path() {
    CP=
    if [ -r "$LIB/classpath" ]; then
        while IFS= read -r jar; do
            [ -n "$jar" ] && CP=${CP:+$CP:}$LIB/$jar
        done <"$LIB/classpath"
    else
        for jar in $(cd "$LIB" && LC_ALL=C ls -- *.jar); do
            CP=${CP:+$CP:}$LIB/$jar
        done
    fi
}

# Whether files $1 and $2 hold the same lines (two JDK "release" files), with builtins only.
same_text() {
    [ -r "$1" ] && [ -r "$2" ] || return 1
    {
        while :; do
            a_end=0 b_end=0
            IFS= read -r a <&3 || a_end=1
            IFS= read -r b <&4 || b_end=1
            [ "$a_end$b_end" = 11 ] && return 0
            [ "$a_end$b_end" = 00 ] && [ "$a" = "$b" ] || return 1
        done
    } 3<"$1" 4<"$2"
}

# Whether the AOT cache lib/$1 may be used: it exists, FRAISIER_AOT is not "off", and the Java that runs
# has the very release file of the one that made it (lib/$2). Under any other Java the cache is skipped,
# and so are the JVM's own warnings about it (the launchers pass -Xlog:aot=off -Xlog:cds=off).
aot_usable() {
    [ "${FRAISIER_AOT:-on}" != off ] && [ -r "$LIB/$1" ] || return 1
    jdk_of "$JAVA"
    same_text "$LIB/$2" "$JDK_DIR/release"
}

# Sets SQLITE to the options that point the SQLite driver at its native library, taken out of its jar at
# package time (lib/native): the driver would otherwise copy it into /tmp on every start (some 70-100 ms,
# and a /tmp mounted noexec breaks it). Empty on musl (Alpine), whose loader cannot load that glibc build,
# when FRAISIER_JAVA_OPTS names a library of its own, and on other machines: the driver then does as it
# always does.
sqlite_native() {
    SQLITE=
    native=
    # the machine from /proc (no uname to start), as uname -sm prints it
    machine=
    if [ -r /proc/sys/kernel/ostype ] && [ -r /proc/sys/kernel/arch ]; then
        read -r os </proc/sys/kernel/ostype && read -r arch </proc/sys/kernel/arch && machine="$os $arch"
    fi
    [ -n "$machine" ] || machine=$(uname -sm 2>/dev/null)
    case $machine in
        'Linux x86_64') [ -e /lib/ld-musl-x86_64.so.1 ] || native=$LIB/native/linux-x86_64 ;;
        'Linux aarch64') [ -e /lib/ld-musl-aarch64.so.1 ] || native=$LIB/native/linux-aarch64 ;;
    esac
    case " ${FRAISIER_JAVA_OPTS:-} " in
        *"-Dorg.sqlite.lib."*) native= ;;
    esac
    if [ -n "$native" ] && [ -r "$native/libsqlitejdbc.so" ]; then
        SQLITE="-Dorg.sqlite.lib.path=$native -Dorg.sqlite.lib.name=libsqlitejdbc.so"
    fi
}
