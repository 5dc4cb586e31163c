package io.fraisier.providers.ssh;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.providers.shell.CommandSpec;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.stream.Collectors;
import net.schmizz.sshj.userauth.UserAuthException;
import org.jspecify.annotations.Nullable;

/** Turns what went wrong with an SSH connection into a message naming {@code user@host:port} and a hint. */
final class SshFailures {
    private SshFailures() {}

    /** A failure to connect (before or during the handshake) for a reason other than the host key. */
    static FraisierException connect(SshSettings settings, Throwable failure) {
        SshEndpoint e = settings.endpoint();
        String where = "Cannot connect to " + e + ": ";
        Throwable root = root(failure);
        if (root instanceof UnknownHostException) {
            return unreachable(
                    where + "unknown host '" + e.host() + "' (DNS lookup failed)",
                    "Check " + settings.keyPath() + ".host and this machine's DNS (`getent hosts " + e.host() + "`).",
                    failure);
        }
        if (root instanceof ConnectException) {
            return unreachable(
                    where + "connection refused",
                    "Check that sshd runs on " + e.host() + " and listens on port " + e.port() + " ("
                            + settings.keyPath() + ".port), and that no firewall rejects it.",
                    failure);
        }
        if (root instanceof SocketTimeoutException
                || messageOf(root).toLowerCase(Locale.ROOT).contains("timeout")) {
            return unreachable(
                    where + "timed out after " + settings.connectTimeout().toSeconds() + " s",
                    "Check that " + e.host() + " is up and that a firewall does not drop port " + e.port() + ".",
                    failure);
        }
        if (root instanceof NoRouteToHostException) {
            return unreachable(where + "no route to host", "Check the network path to " + e.host() + ".", failure);
        }
        return unreachable(
                where + describe(root),
                "Check that " + e.host() + ":" + e.port() + " is an SSH server (`ssh -p " + e.port() + " " + e.user()
                        + "@" + e.host() + " true`).",
                failure);
    }

    static FraisierException authentication(SshSettings settings, UserAuthException failure) {
        SshEndpoint e = settings.endpoint();
        String keys = settings.keyFiles().stream().map(Object::toString).collect(Collectors.joining(", "));
        return unreachable(
                "Authentication of " + e + " failed with key " + keys + ": " + describe(failure),
                "Add the public key (" + settings.keyFiles().get(0) + ".pub) to ~" + e.user()
                        + "/.ssh/authorized_keys on " + e.host() + ", or set " + settings.keyPath()
                        + ".key_path / .user to an account that accepts it.",
                failure);
    }

    static FraisierException noKey(SshSettings settings) {
        return new FraisierException(
                ErrorCode.CONFIG_INVALID,
                settings.keyPath() + ": no SSH private key for " + settings.endpoint()
                        + ": key_path is not set and neither ~/.ssh/id_ed25519 nor ~/.ssh/id_rsa exists",
                "Set key_path: to the deploy key (e.g. ~/.ssh/deploy_ed25519), or create one with `ssh-keygen -t ed25519`.");
    }

    static FraisierException unreadableKey(SshSettings settings, String file, Throwable failure) {
        boolean missing = !java.nio.file.Files.exists(java.nio.file.Path.of(file));
        return new FraisierException(
                ErrorCode.CONFIG_INVALID,
                settings.keyPath() + ".key_path: cannot use the private key " + file + " for " + settings.endpoint()
                        + ": " + (missing ? "no such file" : describe(root(failure))),
                missing
                        ? "Point key_path to an existing private key file."
                        : settings.passphrase().isPresent()
                                ? "Check the passphrase in the variable key_passphrase_env names, and that the file is a private key."
                                : "If the key is encrypted, set key_passphrase_env to the name of a variable holding its passphrase.",
                failure);
    }

    /** The connection broke while {@code spec} ran (or could not start a command at all). */
    static FraisierException lost(SshSettings settings, CommandSpec spec, Throwable failure) {
        SshEndpoint e = settings.endpoint();
        return unreachable(
                "Step '" + spec.step() + "': the SSH connection to " + e + " was lost while running `" + spec.display()
                        + "`: " + describe(root(failure)),
                "Check that " + e.host() + " and its sshd are up; the step's outcome on the host is unknown,"
                        + " so look at it (or deploy again: every step can be repeated).",
                failure);
    }

    static String describe(@Nullable Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String message = messageOf(t);
        return message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null ? "" : t.getMessage();
    }

    static Throwable root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    private static FraisierException unreachable(String message, String hint, Throwable cause) {
        return new FraisierException(ErrorCode.PROVIDER_UNREACHABLE, message, hint, cause);
    }
}
