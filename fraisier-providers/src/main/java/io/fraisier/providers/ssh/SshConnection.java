package io.fraisier.providers.ssh;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.shell.UrlCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import org.jspecify.annotations.Nullable;

/**
 * One SSH connection to a host, opened on first use and reused for every command; when it breaks, the
 * command running fails with {@code PROVIDER_UNREACHABLE} and the next command opens a new one. Runs
 * {@link CommandSpec}s as {@link PosixShell#commandLine quoted remote lines}, stdin closed, stdout and
 * stderr joined, and enforces their timeout by killing the remote process tree.
 *
 * <p>Not thread-safe: one deployment uses it at a time.
 */
public final class SshConnection implements CommandRunner, AutoCloseable {
    /** Where a connection attempt stopped. */
    public enum Stage {
        CONNECT,
        HOST_KEY,
        AUTHENTICATION,
        READY
    }

    static final int TAIL_BYTES = 16 * 1024;
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    /**
     * How long the channel may stay open after the program ended (its wrapper closes it at once) before the
     * processes it left holding the output are taken for leftovers.
     */
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(2);

    private static final int KEEPALIVE_SECONDS = 15;

    private final SshSettings settings;
    private @Nullable SSHClient client;
    private @Nullable String hostKeyFingerprint;
    private Stage stage = Stage.CONNECT;
    private int connections;

    public SshConnection(SshSettings settings) {
        this.settings = settings;
    }

    public SshEndpoint endpoint() {
        return settings.endpoint();
    }

    /** How far the last connection attempt got ({@link Stage#READY} when connected). */
    public Stage stage() {
        return stage;
    }

    /** The SHA256 fingerprint of the host key the server offered last, if it offered one. */
    public @Nullable String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /** How many connections were opened so far (a broken one is replaced by a new one). */
    public int connectionsOpened() {
        return connections;
    }

    /**
     * Connects, verifies the host key and authenticates, unless a live connection exists.
     *
     * @throws FraisierException {@code PROVIDER_UNREACHABLE} naming {@code user@host:port}, the cause and a
     *     hint; {@code CONFIG_INVALID} when no usable private key is configured
     */
    public void connect() {
        if (client != null && client.isConnected() && client.isAuthenticated()) {
            return;
        }
        disconnect();
        stage = Stage.CONNECT;
        hostKeyFingerprint = null;
        List<KeyProvider> keys = new ArrayList<>();
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient c = new SSHClient(config);
        HostKeyCheck check = HostKeyCheck.of(settings);
        c.addHostKeyVerifier(check);
        int timeoutMs = (int) settings.connectTimeout().toMillis();
        c.setConnectTimeout(timeoutMs);
        c.setTimeout(timeoutMs);
        c.getTransport().setTimeoutMs(timeoutMs);
        // set before connecting: sshj starts the keepalive thread only when an interval is set then
        c.getConnection().getKeepAlive().setKeepAliveInterval(KEEPALIVE_SECONDS);
        SshEndpoint e = settings.endpoint();
        try {
            c.connect(e.host(), e.port());
            hostKeyFingerprint = check.seenFingerprint();
            stage = Stage.AUTHENTICATION;
            keys.addAll(loadKeys(c));
            c.authPublickey(e.user(), keys);
            // the handshake's read timeout must not cut a long, quiet command; keepalives watch the link
            c.getSocket().setSoTimeout(0);
            stage = Stage.READY;
            client = c;
            connections++;
        } catch (UserAuthException ex) {
            closeQuietly(c);
            throw SshFailures.authentication(settings, ex);
        } catch (FraisierException ex) {
            closeQuietly(c);
            throw ex;
        } catch (IOException | RuntimeException ex) {
            hostKeyFingerprint = check.seenFingerprint();
            closeQuietly(c);
            if (check.verdict() != HostKeyCheck.Verdict.NOT_CHECKED
                    && check.verdict() != HostKeyCheck.Verdict.TRUSTED) {
                stage = Stage.HOST_KEY;
                throw check.refusal();
            }
            if (stage == Stage.CONNECT && check.verdict() == HostKeyCheck.Verdict.TRUSTED) {
                stage = Stage.AUTHENTICATION;
            }
            throw SshFailures.connect(settings, ex);
        }
    }

    private List<KeyProvider> loadKeys(SSHClient c) {
        if (settings.keyFiles().isEmpty()) {
            throw SshFailures.noKey(settings);
        }
        List<KeyProvider> keys = new ArrayList<>();
        for (var file : settings.keyFiles()) {
            String location = file.toString();
            try {
                PasswordFinder passwords = settings.passphrase()
                        .map(p -> PasswordUtils.createOneOff(p.reveal().toCharArray()))
                        .orElse(null);
                KeyProvider key = passwords == null ? c.loadKeys(location) : c.loadKeys(location, passwords);
                // decrypt now, so that a wrong passphrase is reported as such and not as a refused login
                key.getPrivate();
                keys.add(key);
            } catch (IOException | RuntimeException ex) {
                if (settings.keyPathSet()
                        || keys.isEmpty() && file.equals(settings.keyFiles().getLast())) {
                    throw SshFailures.unreadableKey(settings, location, ex);
                }
            }
        }
        return keys;
    }

    @Override
    public CommandResult run(CommandSpec spec) {
        connect();
        SSHClient c = client;
        long start = System.nanoTime();
        Session session = null;
        String exitMarker =
                "fraisier-exit-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + " ";
        OutputTail tail = new OutputTail(TAIL_BYTES, exitMarker);
        try {
            session = c.startSession();
            Session.Command command = session.exec(PosixShell.commandLine(spec, exitMarker));
            // secrets for this command only (git credentials) travel on stdin, never on the command line;
            // stdin then stays open until the channel closes: its end tells the host that this Fraisier
            // is gone, and the command is killed there (PosixShell.WATCH_SCRIPT)
            byte[] secrets = PosixShell.stdin(spec);
            if (secrets.length > 0) {
                var stdin = command.getOutputStream();
                stdin.write(secrets);
                stdin.flush();
            }
            Thread out = Thread.ofVirtual().start(() -> pump(command.getInputStream(), tail, true));
            Thread err = Thread.ofVirtual().start(() -> pump(command.getErrorStream(), tail, false));
            long deadline = System.nanoTime() + spec.timeout().toNanos();
            boolean finished;
            String leftovers = null;
            if (!awaitOutputEnd(tail, spec.timeout())) {
                finished = false;
            } else if (tail.exited().getNow(null) != null) {
                // the program has ended; the channel closes at once, unless something it left in the background
                // still holds its output (./server &): then its status is the step's, and the channel is closed
                finished = true;
                if (!await(command, LEFTOVER_GRACE)) {
                    leftovers = leftoverWarning(spec, tail.exited().getNow(null));
                }
            } else {
                finished = await(command, Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            }
            if (!finished) {
                killRemote(tail);
                awaitQuietly(command, KILL_GRACE);
            }
            if (leftovers == null) {
                out.join(KILL_GRACE.toMillis());
                err.join(KILL_GRACE.toMillis());
            }
            Integer marked = tail.exited().getNow(null);
            Integer exit = marked != null ? marked : command.getExitStatus();
            if (exit == null && finished && command.getExitSignal() == null) {
                throw SshFailures.lost(settings, spec, new IOException("the channel closed without an exit status"));
            }
            String output = tail.text();
            if (exit == null && command.getExitSignal() != null && finished) {
                output += "\n(killed by signal " + command.getExitSignal() + ")";
            }
            if (leftovers != null) {
                output += (output.isEmpty() || output.endsWith("\n") ? "" : "\n") + leftovers;
            }
            return new CommandResult(
                    true,
                    exit == null ? -1 : exit,
                    !finished,
                    UrlCredentials.redact(output),
                    Duration.ofNanos(System.nanoTime() - start),
                    leftovers == null ? List.of() : List.of(leftovers));
        } catch (InterruptedException | InterruptedIOException ex) {
            // the command would outlive the closed channel: kill it first, then keep the interrupt
            Thread.interrupted();
            killRemote(tail);
            Thread.currentThread().interrupt();
            throw interrupted(spec);
        } catch (IOException ex) {
            disconnect();
            throw SshFailures.lost(settings, spec, ex);
        } catch (IllegalStateException ex) {
            // sshj says "Not connected" when the transport died between connect() and startSession()
            disconnect();
            throw SshFailures.lost(settings, spec, new IOException(ex.getMessage(), ex));
        } catch (FraisierException ex) {
            if (ex.code() == ErrorCode.PROVIDER_UNREACHABLE) {
                disconnect();
            }
            throw ex;
        } finally {
            if (session != null) {
                try {
                    session.close();
                } catch (IOException ignored) {
                    // the channel is gone with its connection
                }
            }
        }
    }

    /**
     * True when the command's output ended within {@code timeout}: its exit marker's line arrived, or the output
     * itself ended (the channel closing); false when it is still running.
     */
    private static boolean awaitOutputEnd(OutputTail tail, Duration timeout) throws InterruptedException, IOException {
        try {
            tail.exited().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    /**
     * The warning for a command whose program ended with {@code status} while processes it left running still
     * held its output, the SSH channel, open: the channel is then closed, and such a process may be stopped at
     * its next write (SIGPIPE).
     */
    private String leftoverWarning(CommandSpec spec, int status) {
        return "[fraisier] warning: `" + spec.display() + "` (on " + settings.endpoint() + ") ended with status "
                + status + " but left process(es) running that keep its output, the SSH channel, open; Fraisier"
                + " closed the channel instead of waiting for them, so such a process may be stopped at its next"
                + " write: redirect their output in the command (`... >>/var/log/app.log 2>&1 &`), or start the"
                + " service with a service manager (systemd_service).";
    }

    /** True when the command ended within {@code timeout}; false when it is still running. */
    private boolean await(Session.Command command, Duration timeout) throws IOException {
        try {
            command.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (IOException ex) {
            if (Thread.currentThread().isInterrupted() || SshFailures.root(ex) instanceof InterruptedException) {
                throw new InterruptedIOException(ex);
            }
            if (client != null && client.isConnected() && command.isOpen()) {
                return false;
            }
            if (!command.isOpen() && client != null && client.isConnected()) {
                return true;
            }
            throw ex;
        }
    }

    private static void awaitQuietly(Session.Command command, Duration grace) {
        try {
            command.join(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException ignored) {
            // still running after the kill: the channel is closed below anyway
        }
    }

    /**
     * Kills the command whose output {@code tail} reads. Its first line names its shell's pid; when the
     * command is stopped before that line was read (an interrupt right after it started), this waits for
     * it a little rather than leave the command running.
     */
    private void killRemote(OutputTail tail) {
        long pid = tail.pid();
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        while (pid <= 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pid = tail.pid();
        }
        if (pid <= 0 || client == null) {
            return;
        }
        try (Session session = client.startSession()) {
            Session.Command kill = session.exec(PosixShell.killTreeLine(pid));
            kill.join(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException ignored) {
            // best effort: the result already says the command timed out
        }
    }

    /**
     * Copies a stream of the command into {@code tail}: stdout ({@code output}, its first line the pid) through
     * {@link OutputTail#appendOutput}, which watches for the exit marker, and whose end completes the tail.
     */
    private static void pump(InputStream in, OutputTail tail, boolean output) {
        byte[] buffer = new byte[8192];
        try (in) {
            boolean pidPending = output;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int from = 0;
                if (pidPending) {
                    from = tail.takePid(buffer, n);
                    pidPending = from < 0;
                    if (pidPending) {
                        continue;
                    }
                }
                if (output) {
                    tail.appendOutput(buffer, from, n - from);
                } else {
                    tail.append(buffer, from, n - from);
                }
            }
        } catch (IOException ignored) {
            // the channel broke; run() reports that
        } finally {
            if (output) {
                tail.finish();
            }
        }
    }

    private FraisierException interrupted(CommandSpec spec) {
        disconnect();
        return new FraisierException(
                ErrorCode.INTERRUPTED,
                "Step '" + spec.step() + "' was interrupted; `" + spec.display() + "` was killed on "
                        + settings.endpoint() + ".");
    }

    private void disconnect() {
        if (client != null) {
            closeQuietly(client);
            client = null;
        }
    }

    private static void closeQuietly(SSHClient c) {
        try {
            c.disconnect();
        } catch (IOException | RuntimeException ignored) {
            // closing a broken connection has nothing left to report
        }
    }

    /** Closes the connection. Never throws. */
    @Override
    public void close() {
        disconnect();
    }

    /** An {@link IOException} marking an interrupted wait, so that it is not taken for a broken link. */
    private static final class InterruptedIOException extends IOException {
        private static final long serialVersionUID = 1L;

        InterruptedIOException(Throwable cause) {
            super(cause);
        }
    }
}
