package io.fraisier.providers.local;

import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.providers.git.Git;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.shell.UrlCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The checks of {@code fraisier provider-test} for provider {@code local}: one line each, with the reason. */
final class LocalSelfTest {
    private static final Duration QUICK = Duration.ofSeconds(10);

    private final LocalSettings settings;
    private final Git git;
    private final CommandRunner runner;

    LocalSelfTest(LocalSettings settings, Git git, CommandRunner runner) {
        this.settings = settings;
        this.git = git;
        this.runner = runner;
    }

    List<CheckResult> run() {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(gitAvailable());
        checks.add(appPath());
        checks.add(repository());
        settings.systemdService().ifPresent(service -> {
            checks.add(program("systemctl", List.of("systemctl", "--version")));
            if (settings.useSudo()) {
                checks.add(program("sudo", List.of("sudo", "-n", "true")));
            }
        });
        return checks;
    }

    private CheckResult gitAvailable() {
        CommandResult result = git.version();
        return result.ok()
                ? CheckResult.pass("git", result.lastLine())
                : CheckResult.fail("git", "git is not usable: " + reason(result) + " (install git)");
    }

    private CheckResult appPath() {
        Path path = settings.appPath();
        if (Files.isDirectory(path)) {
            return Files.isWritable(path)
                    ? CheckResult.pass("app_path", path + " exists and is writable")
                    : CheckResult.fail("app_path", path + " exists but is not writable by this user");
        }
        if (Files.exists(path)) {
            return CheckResult.fail("app_path", path + " exists and is not a directory");
        }
        Path parent = path.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent != null && Files.isDirectory(parent) && Files.isWritable(parent)) {
            return CheckResult.pass("app_path", path + " does not exist yet; " + parent + " is writable, so it can be");
        }
        return CheckResult.fail(
                "app_path", path + " does not exist and " + parent + " is not writable: create it for this user");
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
                    ? CheckResult.fail("git_repo", repo + " is reachable but has no branch '" + settings.branch() + "'")
                    : CheckResult.pass(
                            "git_repo",
                            repo + " is reachable; " + settings.branch() + " is at " + sha.substring(0, 12));
        } catch (FraisierException e) {
            return CheckResult.fail("git_repo", repo + " is not reachable: " + firstLine(e.getMessage()));
        }
    }

    private CheckResult program(String name, List<String> argv) {
        CommandResult result = runner.run(CommandSpec.of(name, argv, QUICK));
        return result.ok()
                ? CheckResult.pass(name, String.join(" ", argv) + " works" + firstOutputLine(result))
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

    private static String firstOutputLine(CommandResult result) {
        String first = result.output().strip().lines().findFirst().orElse("");
        return first.isEmpty() ? "" : " (" + first + ")";
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse(text);
    }
}
