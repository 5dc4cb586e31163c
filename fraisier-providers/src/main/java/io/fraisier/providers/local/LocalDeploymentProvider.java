package io.fraisier.providers.local;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.git.CheckoutSettings.Strategy;
import io.fraisier.providers.git.Git;
import io.fraisier.providers.git.GitNames;
import io.fraisier.providers.health.CommandProbe;
import io.fraisier.providers.health.HealthCheckProbe;
import io.fraisier.providers.health.HttpProbe;
import io.fraisier.providers.health.TcpProbe;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.shell.DeploymentEnvironment;
import io.fraisier.providers.shell.LogTail;
import io.fraisier.providers.shell.UrlCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Deploys a git checkout on this host: {@code in_place} (fetch + detached checkout of {@code app_path})
 * or {@code releases} ({@code app_path/releases/<sha>} and an atomically switched {@code current}
 * symlink), then runs the install and restart commands. Versions are full commit SHAs.
 *
 * <p>Only {@code install_command}, {@code restart_command} and {@code health_check_command} go through
 * {@code /bin/sh -c}; they are the operator's own shell. Everything else runs as argument lists, with
 * SHAs, branch names and paths validated first.
 *
 * <p>Not thread-safe: the engine uses one instance per deployment.
 */
final class LocalDeploymentProvider implements DeploymentProvider {
    static final String TYPE = "local";

    private final Target target;
    private final LocalSettings settings;
    private final Clock clock;
    private final CommandRunner runner;
    private final Git git;
    private final ReleaseLayout layout;
    private final VersionResolver resolver;
    private @Nullable HttpProbe httpProbe;
    private boolean closed;

    LocalDeploymentProvider(Target target, LocalSettings settings, Clock clock, CommandRunner runner) {
        this.target = target;
        this.settings = settings;
        this.clock = clock;
        this.runner = runner;
        this.git = new Git(runner, settings.commandTimeout(), Map.of());
        this.layout = new ReleaseLayout(settings.appPath());
        this.resolver = new VersionResolver(settings, git, this::localRepository);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Version> currentVersion() {
        if (settings.strategy() == Strategy.RELEASES) {
            return layout.currentSha().map(Version::of);
        }
        Path dir = settings.appPath();
        // a clone whose first checkout failed has no index yet; its HEAD names a commit that is not deployed
        boolean checkedOut = Files.isRegularFile(dir.resolve(".git")) || Files.exists(dir.resolve(".git/index"));
        return checkedOut ? git.head(dir.toString()).map(Version::of) : Optional.empty();
    }

    @Override
    public Version resolveTarget(@Nullable Version requested) {
        return requested == null ? resolver.branchHead() : resolver.resolve(requested.value());
    }

    @Override
    public Optional<Version> branchHead(String branch) {
        return Optional.of(resolver.branchHead(branch));
    }

    @Override
    public Optional<Boolean> isAncestor(Version ancestor, Version descendant) {
        return resolver.isAncestor(ancestor, descendant);
    }

    @Override
    public List<String> plan(@Nullable Version current, Version requested) {
        Version target = GitNames.isFullSha(requested.value()) ? requested : resolveTarget(requested);
        String sha = target.value();
        List<String> steps = new ArrayList<>();
        if (current != null && current.equals(target)) {
            steps.add("redeploy " + target.shortForm() + " (already current)");
        }
        if (settings.strategy() == Strategy.IN_PLACE) {
            Path dir = settings.appPath();
            if (!isCheckout(dir)) {
                steps.add("clone " + display(settings.gitRepo()) + " into " + dir);
            } else if (!localHas(dir, sha)) {
                steps.add("fetch " + display(settings.gitRepo()) + " into " + dir);
            }
            steps.add("check out " + target.shortForm() + " (detached) in " + dir);
            installStep(dir).ifPresent(c -> steps.add("install in " + dir + ": " + c.display()));
        } else {
            Path release = layout.release(sha);
            if (layout.hasRelease(sha)) {
                steps.add("reuse release " + release + " (no fetch)");
            } else {
                steps.add((Files.isDirectory(layout.cache()) ? "fetch " : "clone ") + display(settings.gitRepo())
                        + " into " + layout.cache());
                steps.add("check out " + target.shortForm() + " into " + release);
            }
            installStep(release).ifPresent(c -> steps.add("install in " + release + ": " + c.display()));
            steps.add("switch " + layout.current() + " to " + release + " (atomic symlink rename)");
        }
        restartStep().ifPresent(c -> steps.add("restart: " + c.display()));
        if (settings.strategy() == Strategy.RELEASES) {
            steps.add("keep the " + settings.keepReleases() + " newest releases (never the current or previous one)");
        }
        return steps;
    }

    @Override
    public void deploy(Version version, StepReporter steps) {
        String sha = (GitNames.isFullSha(version.value()) ? version : resolveTarget(version)).value();
        if (settings.strategy() == Strategy.IN_PLACE) {
            deployInPlace(sha, steps);
        } else {
            deployRelease(sha, steps);
        }
    }

    private void deployInPlace(String sha, StepReporter steps) {
        Path dir = settings.appPath();
        if (!isCheckout(dir)) {
            requireEmptyOrAbsent(dir);
            createParent(dir);
            git.cloneInto(settings.gitRepo(), dir.toString(), false, steps);
        }
        if (!localHas(dir, sha)) {
            git.fetch(dir.toString(), settings.gitRepo(), "+refs/heads/*:refs/remotes/origin/*", steps);
            requireCommit(dir, sha);
        }
        git.checkout(dir.toString(), sha, steps);
        installStep(dir).ifPresent(c -> runStep(c, sha, steps));
        restartStep().ifPresent(c -> runStep(c, sha, steps));
    }

    private void deployRelease(String sha, StepReporter steps) {
        Optional<String> previous = layout.currentSha();
        Path release = layout.release(sha);
        if (layout.hasRelease(sha)) {
            steps.step("release", "reusing " + release);
        } else {
            Path cache = layout.cache();
            if (!Files.isDirectory(cache)) {
                createParent(cache);
                git.cloneInto(settings.gitRepo(), cache.toString(), true, steps);
            }
            if (!localHas(cache, sha)) {
                git.fetch(cache.toString(), settings.gitRepo(), "+refs/heads/*:refs/heads/*", steps);
                requireCommit(cache, sha);
            }
            Path partial = layout.partial(sha);
            ReleaseLayout.deleteRecursively(partial);
            steps.step("release", "creating " + release);
            git.cloneInto(cache.toString(), partial.toString(), false, StepReporter.NONE);
            git.checkout(partial.toString(), sha, steps);
            layout.publish(sha);
        }
        installStep(release).ifPresent(c -> runStep(c, sha, steps));
        steps.step(
                "switch",
                layout.current() + " -> " + ReleaseLayout.RELEASES + "/" + sha
                        + previous.map(p -> " (was " + ReleaseLayout.RELEASES + "/" + p + ")")
                                .orElse(""));
        layout.switchTo(sha, clock.instant());
        restartStep().ifPresent(c -> runStep(c, sha, steps));
        Set<String> keep = new LinkedHashSet<>();
        keep.add(sha);
        previous.ifPresent(keep::add);
        List<String> deleted = layout.prune(settings.keepReleases(), keep);
        if (!deleted.isEmpty()) {
            steps.step("prune", "deleted " + deleted.size() + " old release(s): " + String.join(", ", deleted));
        }
    }

    private void runStep(CommandSpec spec, String sha, StepReporter steps) {
        CommandSpec withEnv = spec.withEnv(commandEnv(sha));
        steps.step(spec.step(), spec.display());
        runner.runOrFail(withEnv, ErrorCode.DEPLOYMENT_FAILED, hintFor(spec.step()));
    }

    private Optional<CommandSpec> installStep(Path dir) {
        return settings.installCommand()
                .map(c -> CommandSpec.shell("install", c, settings.commandTimeout())
                        .in(dir.toString()));
    }

    private Optional<CommandSpec> restartStep() {
        String dir = settings.deployedDir().toString();
        if (settings.restartCommand().isPresent()) {
            return Optional.of(
                    CommandSpec.shell("restart", settings.restartCommand().get(), settings.commandTimeout())
                            .in(dir));
        }
        return settings.systemdService().map(service -> {
            List<String> argv = new ArrayList<>();
            if (settings.useSudo()) {
                argv.addAll(List.of("sudo", "-n"));
            }
            argv.addAll(List.of("systemctl", "restart", service));
            return CommandSpec.of("restart", argv, settings.commandTimeout());
        });
    }

    private String hintFor(String step) {
        return switch (step) {
            case "install" ->
                "Fix install_command in " + settings.keyPath() + " or the code it builds, then deploy again.";
            case "restart" ->
                settings.systemdService().isPresent()
                        ? "Check `systemctl status " + settings.systemdService().get() + "`"
                                + (settings.useSudo() ? " and that this user may run systemctl through sudo -n" : "")
                                + "."
                        : "Fix restart_command in " + settings.keyPath() + ", then deploy again.";
            default -> "See the output above.";
        };
    }

    Map<String, String> commandEnv(@Nullable String sha) {
        return DeploymentEnvironment.of(target, sha);
    }

    @Override
    public ProbeResult probe(HealthCheck check, Duration timeout) {
        Path dir = settings.deployedDir();
        String workDir = Files.isDirectory(dir) ? dir.toString() : null;
        return health().probe(
                        check,
                        timeout,
                        workDir,
                        commandEnv(currentVersion().map(Version::value).orElse(null)));
    }

    private HealthCheckProbe health() {
        if (httpProbe == null) {
            httpProbe = new HttpProbe();
        }
        return new HealthCheckProbe(httpProbe, new TcpProbe(), new CommandProbe(runner));
    }

    /**
     * The last {@code lines} lines of the service's log: {@code log_command} (run in the deployed folder
     * with {@code FRAISIER_LOG_LINES} set), else {@code journalctl -u <systemd_service>} when journalctl
     * exists; empty otherwise.
     *
     * @throws FraisierException {@code DEPLOYMENT_FAILED} when the command fails
     */
    @Override
    public List<String> recentLogs(int lines) {
        return new LogTail(
                        runner,
                        settings.keyPath(),
                        settings.logCommand(),
                        settings.systemdService(),
                        settings.deployedDir().toString(),
                        "Let Fraisier's user read the journal (add it to the systemd-journal group), or set"
                                + " log_command.")
                .tail(lines);
    }

    @Override
    public List<CheckResult> selfTest() {
        return new LocalSelfTest(settings, git, runner).run();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (httpProbe != null) {
            httpProbe.close();
        }
        resolver.close();
    }

    /** The repository that already holds this target's objects, if one exists. */
    private Optional<Path> localRepository() {
        if (settings.strategy() == Strategy.IN_PLACE) {
            return isCheckout(settings.appPath()) ? Optional.of(settings.appPath()) : Optional.empty();
        }
        return Files.isDirectory(layout.cache()) ? Optional.of(layout.cache()) : Optional.empty();
    }

    private boolean localHas(Path repository, String sha) {
        return Files.isDirectory(repository) && git.hasCommit(repository.toString(), sha);
    }

    private void requireCommit(Path repository, String sha) {
        if (!git.hasCommit(repository.toString(), sha)) {
            throw new FraisierException(
                    ErrorCode.DEPLOYMENT_FAILED,
                    "Commit " + sha + " is not in " + display(settings.gitRepo()) + " (fetched into " + repository
                            + ")",
                    "Push the commit, or deploy a version that `git ls-remote " + display(settings.gitRepo())
                            + "` lists.");
        }
    }

    private static boolean isCheckout(Path dir) {
        return Files.exists(dir.resolve(".git"));
    }

    private static void requireEmptyOrAbsent(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var children = Files.list(dir)) {
            if (children.findAny().isEmpty()) {
                return;
            }
        } catch (IOException e) {
            // reported below as not usable
        }
        throw new FraisierException(
                ErrorCode.DEPLOYMENT_FAILED,
                "app_path " + dir + " exists, is not empty and is not a git checkout",
                "Move its contents away or point app_path to an empty or missing folder; Fraisier clones there.");
    }

    private static void createParent(Path dir) {
        try {
            Files.createDirectories(dir.getParent());
        } catch (IOException e) {
            throw new FraisierException(
                    ErrorCode.DEPLOYMENT_FAILED,
                    "Cannot create " + dir.getParent() + ": " + e,
                    "Create it and make it writable by the user running Fraisier.");
        }
    }

    private static String display(String repository) {
        return UrlCredentials.redact(repository);
    }
}
