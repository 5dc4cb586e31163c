#!/bin/sh
# Starts a real OpenSSH server on 127.0.0.1 for the bare_metal integration tests. Run as root.
#
#   start-sshd.sh STATE_DIR [PORT]      (PORT defaults to 2222; prints the port on success)
#
# It creates the user fraisier-test (a locked password '*', which `UsePAM no` accepts, unlike '!'),
# a client key pair STATE_DIR/client_key(.pub) authorized for that user, a host key STATE_DIR/host_key,
# STATE_DIR/known_hosts trusting it, a config STATE_DIR/sshd_config listening on 127.0.0.1:PORT only, and
# STATE_DIR/bin first on the user's PATH (where the tests put a stand-in systemctl). Running it again
# with the same STATE_DIR reuses the keys, so a restarted server keeps its identity.
set -eu
DIR="${1:?usage: start-sshd.sh STATE_DIR [PORT]}"
PORT="${2:-2222}"
USER_NAME=fraisier-test

if [ "$(id -u)" != 0 ]; then echo "start-sshd.sh must run as root (it creates a user and starts sshd)" >&2; exit 2; fi
if [ ! -x /usr/sbin/sshd ]; then echo "install openssh-server (apt-get install -y openssh-server)" >&2; exit 2; fi

mkdir -p "$DIR/bin/state" /run/sshd
chmod 755 "$DIR" "$DIR/bin"
if ! id "$USER_NAME" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/sh "$USER_NAME"
fi
usermod -p '*' "$USER_NAME"
HOME_DIR="$(getent passwd "$USER_NAME" | cut -d: -f6)"
# the tests' repositories belong to root; let the deploy user read them (git's safe.directory check)
printf '[safe]\n\tdirectory = *\n' > "$HOME_DIR/.gitconfig"
chown "$USER_NAME:" "$HOME_DIR/.gitconfig" "$DIR/bin/state"

[ -f "$DIR/host_key" ] || ssh-keygen -q -t ed25519 -N '' -C fraisier-test-host -f "$DIR/host_key"
[ -f "$DIR/client_key" ] || ssh-keygen -q -t ed25519 -N '' -C fraisier-test -f "$DIR/client_key"
cp "$DIR/client_key.pub" "$DIR/authorized_keys"
chmod 644 "$DIR/authorized_keys"
printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$DIR/host_key.pub")" > "$DIR/known_hosts"

cat > "$DIR/sshd_config" <<CONF
Port $PORT
ListenAddress 127.0.0.1
HostKey $DIR/host_key
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys
AllowUsers $USER_NAME
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
StrictModes no
SetEnv PATH=$DIR/bin:/usr/local/bin:/usr/bin:/bin
LogLevel VERBOSE
CONF

if [ -s "$DIR/sshd.pid" ] && kill -0 "$(cat "$DIR/sshd.pid")" 2>/dev/null; then
  echo "an sshd started with $DIR already runs (pid $(cat "$DIR/sshd.pid")); stop it with stop-sshd.sh $DIR" >&2; exit 1
fi
rm -f "$DIR/sshd.pid"
/usr/sbin/sshd -t -f "$DIR/sshd_config"
/usr/sbin/sshd -f "$DIR/sshd_config" -E "$DIR/sshd.log"
i=0
while [ ! -s "$DIR/sshd.pid" ]; do
  i=$((i + 1))
  if [ "$i" -gt 100 ]; then echo "sshd did not start; see $DIR/sshd.log" >&2; cat "$DIR/sshd.log" >&2; exit 1; fi
  sleep 0.05
done
echo "$PORT"
