package io.fraisier.providers.baremetal;

import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.providers.git.Git;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.shell.UrlCredentials;
import io.fraisier.providers.ssh.SshConnection;
import io.fraisier.providers.ssh.SshConnection.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of {@code fraisier provider-test} for provider {@code bare_metal}: connect, host key,
 * authentication, then on the host git, app_path, git_repo and systemd; one line each with the reason.
 */
final class BareMetalSelfTest {
    private static final Duration QUICK = Duration.ofSeconds(15);

    private final BareMetalSettings settings;
    private final SshConnection ssh;
    private final Git git;
    private final RemoteFiles files;

    BareMetalSelfTest(BareMetalSettings settings, SshConnection ssh, Git git, RemoteFiles files) {
        this.settings = settings;
        this.ssh = ssh;
        this.git = git;
        this.files = files;
    }

    List<CheckResult> run() {
        List<CheckResult> checks = new ArrayList<>();
        String where = ssh.endpoint().toString();
        try {
            ssh.connect();
        } catch (FraisierException e) {
            String reason = firstLine(e.getMessage()) + (e.hint() == null ? "" : " — " + e.hint());
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
            }
            return checks;
        }
        checks.add(CheckResult.pass("connect", "SSH server answers at " + where));
        checks.add(CheckResult.pass("host key", trusted()));
        checks.add(CheckResult.pass(
                "authentication",
                ssh.endpoint().user() + " logged in with " + settings.ssh().keyFiles()));
        try {
            checks.add(gitVersion());
            checks.add(appPath());
            checks.add(repository());
            if (settings.systemdService().isPresent()) {
                checks.add(program("systemd", List.of("systemctl", "--version")));
                if (settings.useSudo()) {
                    checks.add(program("sudo", List.of("sudo", "-n", "true")));
                }
            }
        } catch (FraisierException e) {
            checks.add(CheckResult.fail("connection", firstLine(e.getMessage())));
        }
        return checks;
    }

    private String trusted() {
        return ssh.hostKeyFingerprint()
                + (settings.ssh().fingerprint().isPresent()
                        ? " matches host_key_fingerprint"
                        : " is trusted by " + settings.ssh().knownHosts());
    }

    private CheckResult gitVersion() {
        CommandResult result = git.version();
        return result.ok()
                ? CheckResult.pass(
                        "git", result.lastLine() + " on " + ssh.endpoint().host())
                : CheckResult.fail(
                        "git",
                        "git is not usable on " + ssh.endpoint().host() + ": " + reason(result)
                                + " (install git there)");
    }

    private CheckResult appPath() {
        CommandResult result = files.run("app_path", RemoteFiles.WRITABLE, settings.appPath());
        String detail = result.lastLine().isEmpty() ? reason(result) : result.lastLine();
        return result.ok() ? CheckResult.pass("app_path", detail) : CheckResult.fail("app_path", detail);
    }

    private CheckResult repository() {
        if (!settings.hasGitRepo()) {
            // a connectivity check of a provider-test file: nothing to reach yet, and not a failure
            return CheckResult.pass("git_repo", "not set: skipped (a deployment needs git_repo)");
        }
        String repo = UrlCredentials.redact(settings.gitRepo());
        String ref = "refs/heads/" + settings.branch();
        try {
            String sha = git.lsRemote(settings.gitRepo(), List.of(ref)).get(ref);
            return sha == null
                    ? CheckResult.fail(
                            "git_repo",
                            repo + " is reachable from the host but has no branch '" + settings.branch() + "'")
                    : CheckResult.pass(
                            "git_repo",
                            repo + " is reachable from the host; " + settings.branch() + " is at "
                                    + sha.substring(0, 12));
        } catch (FraisierException e) {
            return CheckResult.fail("git_repo", repo + " is not reachable from the host: " + firstLine(e.getMessage()));
        }
    }

    private CheckResult program(String name, List<String> argv) {
        CommandResult result = ssh.run(CommandSpec.of(name, argv, QUICK));
        String first = result.output().strip().lines().findFirst().orElse("");
        return result.ok()
                ? CheckResult.pass(
                        name, String.join(" ", argv) + " works" + (first.isEmpty() ? "" : " (" + first + ")"))
                : CheckResult.fail(name, String.join(" ", argv) + " failed: " + reason(result));
    }

    private static String reason(CommandResult result) {
        if (result.timedOut()) {
            return "timed out";
        }
        return "exit " + result.exitCode() + (result.lastLine().isEmpty() ? "" : ": " + result.lastLine());
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse(text);
    }
}
