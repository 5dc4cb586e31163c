package io.fraisier.providers.host;

import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.ssh.SshConnection;
import io.fraisier.providers.ssh.SshConnection.Stage;
import io.fraisier.providers.ssh.SshSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * A host reached over one SSH connection ({@link SshConnection}: host key verified, opened on first use,
 * reopened when it breaks).
 *
 * <p>Not thread-safe: one deployment uses it at a time.
 */
public final class SshHost implements HostAccess {
    private final SshSettings settings;
    private final SshConnection ssh;
    private boolean connectReported;

    public SshHost(SshSettings settings) {
        this(settings, new SshConnection(settings));
    }

    SshHost(SshSettings settings, SshConnection ssh) {
        this.settings = settings;
        this.ssh = ssh;
    }

    /** The connection commands run over. */
    public SshConnection connection() {
        return ssh;
    }

    @Override
    public CommandRunner runner() {
        return ssh;
    }

    @Override
    public String where() {
        return ssh.endpoint().toString();
    }

    @Override
    public String hostName() {
        return ssh.endpoint().host();
    }

    @Override
    public String account() {
        return ssh.endpoint().user();
    }

    @Override
    public void connect(StepReporter steps) {
        int before = ssh.connectionsOpened();
        ssh.connect();
        if (!connectReported || ssh.connectionsOpened() != before) {
            connectReported = true;
            steps.step("connect", ssh.endpoint() + " (host key " + ssh.hostKeyFingerprint() + ")");
        }
    }

    @Override
    public List<CheckResult> reach() {
        List<CheckResult> checks = new ArrayList<>();
        String where = where();
        try {
            ssh.connect();
        } catch (FraisierException e) {
            String reason = HostSelfTest.firstLine(e.getMessage()) + (e.hint() == null ? "" : " — " + e.hint());
            Stage failed = ssh.stage();
            checks.add(
                    failed == Stage.CONNECT
                            ? CheckResult.fail("connect", reason)
                            : CheckResult.pass("connect", "SSH server answers at " + where));
            if (failed == Stage.HOST_KEY) {
                checks.add(CheckResult.fail("host key", reason));
            } else if (failed == Stage.AUTHENTICATION) {
                checks.add(CheckResult.pass("host key", trusted()));
                checks.add(CheckResult.fail("authentication", reason));
            } else if (failed != Stage.CONNECT) {
                checks.add(CheckResult.fail("connection", reason));
            }
            return checks;
        }
        checks.add(CheckResult.pass("connect", "SSH server answers at " + where));
        checks.add(CheckResult.pass("host key", trusted()));
        checks.add(CheckResult.pass("authentication", account() + " logged in with " + settings.keyFiles()));
        return checks;
    }

    private String trusted() {
        return ssh.hostKeyFingerprint()
                + (settings.fingerprint().isPresent()
                        ? " matches host_key_fingerprint"
                        : " is trusted by " + settings.knownHosts());
    }

    @Override
    public void close() {
        ssh.close();
    }
}
