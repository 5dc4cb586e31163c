#!/bin/sh
# Makes the root file system the webhook image adds to Jib's empty ("scratch") base, from this machine:
# no registry is needed (none but Maven Central and Debian's may be reachable from a build machine).
#   ROOT/opt/java            a Java runtime made by jlink from JAVA_HOME (the JDK running the build)
#   ROOT/lib…, ROOT/lib64…   the shared libraries that runtime loads (the build machine's glibc, libz)
#   ROOT/etc/passwd, group   root and fraisier (10001), so the JVM knows its user and home
#   ROOT/etc/nsswitch.conf, hosts; ROOT/tmp (1777); ROOT/var/lib/fraisier, ROOT/etc/fraisier
# Usage: base.sh ROOT JAVA_HOME
set -eu
root=$1
jdk=$2
rm -rf "$root"
mkdir -p "$root/opt" "$root/etc" "$root/tmp" "$root/var/lib/fraisier" "$root/etc/fraisier"

# the modules the daemon and its libraries use (jdeps over lib/ says java.se covers them, plus these)
"$jdk/bin/jlink" --output "$root/opt/java" \
    --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.net,jdk.localedata \
    --include-locales en --strip-debug --no-header-files --no-man-pages --compress zip-6 2>/dev/null \
|| "$jdk/bin/jlink" --output "$root/opt/java" \
    --add-modules java.se,jdk.unsupported,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.net,jdk.localedata \
    --include-locales en --strip-debug --no-header-files --no-man-pages --compress zip-6

# every shared library the runtime's binaries load, at the path the dynamic loader looks for it
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) ! -name 'libawt_xawt.so' ! -name 'libjsound.so' ! -name 'libsplashscreen.so' | while read -r f; do
    ldd "$f" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'
done | sort -u | while read -r lib; do
    real=$(readlink -f "$lib")
    mkdir -p "$root$(dirname "$lib")"
    cp "$real" "$root$lib"
done
# glibc's own helpers that getaddrinfo and friends load at run time
for extra in libnss_files.so.2 libnss_dns.so.2 libresolv.so.2; do
    for dir in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu; do
        if [ -e "$dir/$extra" ]; then
            mkdir -p "$root$dir"
            cp "$(readlink -f "$dir/$extra")" "$root$dir/$extra"
            break
        fi
    done
done

cat >"$root/etc/passwd" <<'P'
root:x:0:0:root:/root:/sbin/nologin
fraisier:x:10001:10001:Fraisier:/var/lib/fraisier:/sbin/nologin
P
cat >"$root/etc/group" <<'G'
root:x:0:
fraisier:x:10001:
G
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"
echo "fraisier image base: $(du -sk "$root" | cut -f1) KiB (jlink of $jdk)" >&2
