package io.fraisier.providers.host;

import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.providers.git.Git;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.shell.UrlCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of {@code fraisier provider-test} for a host provider: how the host is reached (connect,
 * host key, authentication over SSH), then on the host git, app_path, git_repo and systemd; one line
 * each with the reason.
 */
final class HostSelfTest {
    private static final Duration QUICK = Duration.ofSeconds(15);

    private final HostSettings settings;
    private final HostAccess host;
    private final Git git;
    private final HostFiles files;

    HostSelfTest(HostSettings settings, HostAccess host, Git git, HostFiles files) {
        this.settings = settings;
        this.host = host;
        this.git = git;
        this.files = files;
    }

    List<CheckResult> run() {
        List<CheckResult> checks = new ArrayList<>(host.reach());
        if (!checks.isEmpty() && !checks.getLast().ok()) {
            return checks;
        }
        try {
            checks.add(gitVersion());
            checks.add(appPath());
            checks.add(repository());
            if (settings.systemdService().isPresent()) {
                // named as each provider always named it in provider-test's output
                checks.add(program(host.remote() ? "systemd" : "systemctl", List.of("systemctl", "--version")));
                if (settings.useSudo()) {
                    checks.add(program("sudo", List.of("sudo", "-n", "true")));
                }
            }
        } catch (FraisierException e) {
            checks.add(CheckResult.fail("connection", firstLine(e.getMessage())));
        }
        return checks;
    }

    private CheckResult gitVersion() {
        CommandResult result = git.version();
        String on = host.remote() ? " on " + host.hostName() : "";
        return result.ok()
                ? CheckResult.pass("git", result.lastLine() + on)
                : CheckResult.fail(
                        "git",
                        "git is not usable" + on + ": " + reason(result) + " (install git"
                                + (host.remote() ? " there" : "") + ")");
    }

    private CheckResult appPath() {
        CommandResult result = files.run("app_path", HostFiles.WRITABLE, settings.appPath());
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
        String from = host.remote() ? " from the host" : "";
        try {
            String sha = git.lsRemote(settings.gitRepo(), List.of(ref)).get(ref);
            return sha == null
                    ? CheckResult.fail(
                            "git_repo",
                            repo + " is reachable" + from + " but has no branch '" + settings.branch() + "'")
                    : CheckResult.pass(
                            "git_repo",
                            repo + " is reachable" + from + "; " + settings.branch() + " is at "
                                    + sha.substring(0, 12));
        } catch (FraisierException e) {
            return CheckResult.fail("git_repo", repo + " is not reachable" + from + ": " + firstLine(e.getMessage()));
        }
    }

    private CheckResult program(String name, List<String> argv) {
        CommandResult result = host.runner().run(CommandSpec.of(name, argv, QUICK));
        String first = result.output().strip().lines().findFirst().orElse("");
        return result.ok()
                ? CheckResult.pass(
                        name, String.join(" ", argv) + " works" + (first.isEmpty() ? "" : " (" + first + ")"))
                : CheckResult.fail(name, String.join(" ", argv) + " failed: " + reason(result));
    }

    private static String reason(CommandResult result) {
        if (!result.started()) {
            return "not found (" + result.output().trim() + ")";
        }
        if (result.timedOut()) {
            return "timed out";
        }
        return "exit " + result.exitCode() + (result.lastLine().isEmpty() ? "" : ": " + result.lastLine());
    }

    static String firstLine(String text) {
        return text.lines().findFirst().orElse(text);
    }
}
