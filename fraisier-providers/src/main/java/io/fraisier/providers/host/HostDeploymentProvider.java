package io.fraisier.providers.host;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.git.Git;
import io.fraisier.providers.git.GitNames;
import io.fraisier.providers.health.CommandProbe;
import io.fraisier.providers.health.HealthCheckProbe;
import io.fraisier.providers.health.HttpProbe;
import io.fraisier.providers.health.TcpProbe;
import io.fraisier.providers.host.HostSettings.Strategy;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.shell.DeploymentEnvironment;
import io.fraisier.providers.shell.LogTail;
import io.fraisier.providers.shell.UrlCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Deploys a git checkout on a host, this one (provider {@code local}) or one reached over one SSH
 * connection (provider {@code bare_metal}), through its {@link HostAccess}: {@code in_place} (clone once,
 * then fetch + detached checkout of {@code app_path}) or {@code releases} ({@code app_path/releases/<sha>}
 * and an atomically switched {@code current} symlink), then the install command and a restart through
 * {@code systemctl restart} or {@code restart_command}. Git runs on the host, with the host's access to
 * git_repo. Versions are full commit SHAs.
 *
 * <p>Every command is an argument list (quoted word by word over SSH, {@link io.fraisier.providers.ssh.PosixShell});
 * only {@code install_command}, {@code restart_command}, {@code health_check_command} and
 * {@code log_command} are shell, passed as the one quoted argument of {@code /bin/sh -c}.
 *
 * <p>The file tests it asks before changing anything (is {@code app_path} a checkout, is a release or the
 * cache there) are {@code FileTests}: on this host they are answered in process with the shell's answers,
 * so that a dry run of a local target starts no process but git's; on a remote host they are shell
 * scripts run over the connection.
 *
 * <p>Not thread-safe: the engine uses one instance per deployment.
 */
public final class HostDeploymentProvider implements DeploymentProvider {
    private final String type;

    private final Target target;
    private final HostSettings settings;
    private final HostAccess host;
    private final CommandRunner runner;
    private final Git git;
    private final HostFiles files;
    private final HostReleases layout;
    private final HostVersionResolver resolver;
    private @Nullable HttpProbe httpProbe;
    private boolean closed;

    /**
     * @param type the provider type it answers ({@code local}, {@code bare_metal})
     * @param host where its commands run; closed with the provider
     */
    public HostDeploymentProvider(String type, Target target, HostSettings settings, HostAccess host) {
        this.type = type;
        this.target = target;
        this.settings = settings;
        this.host = host;
        this.runner = host.runner();
        this.git = new Git(runner, settings.commandTimeout(), Map.of());
        this.files = HostFiles.on(host);
        this.layout = new HostReleases(settings.appPath(), files);
        this.resolver = new HostVersionResolver(settings, git, host, this::hostRepository);
    }

    @Override
    public String type() {
        return type;
    }

    /** How this provider reaches its host. */
    public HostAccess host() {
        return host;
    }

    @Override
    public Optional<Version> currentVersion() {
        if (settings.strategy() == Strategy.RELEASES) {
            return layout.currentSha().map(Version::of);
        }
        String dir = settings.appPath();
        // a clone whose first checkout failed has no index yet; its HEAD names a commit that is not deployed
        return files.isCheckout("version", dir) ? git.head(dir).map(Version::of) : Optional.empty();
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
        Version version = GitNames.isFullSha(requested.value()) ? requested : resolveTarget(requested);
        String sha = version.value();
        List<String> steps = new ArrayList<>();
        if (host.remote()) {
            steps.add("connect to " + host.where() + " (one SSH connection for every step)");
        }
        if (current != null && current.equals(version)) {
            steps.add("redeploy " + version.shortForm() + " (already current)");
        }
        if (settings.strategy() == Strategy.IN_PLACE) {
            String dir = settings.appPath();
            if (!isCheckout(dir)) {
                steps.add("clone " + display(settings.gitRepo()) + " into " + dir);
            } else if (!git.hasCommit(dir, sha)) {
                steps.add("fetch " + display(settings.gitRepo()) + " into " + dir);
            }
            steps.add("check out " + version.shortForm() + " (detached) in " + dir);
            installStep(dir).ifPresent(c -> steps.add("install in " + dir + ": " + c.display()));
        } else {
            String release = layout.release(sha);
            if (layout.hasRelease(sha)) {
                steps.add("reuse release " + release + " (no fetch)");
            } else {
                steps.add((layout.hasCache() ? "fetch " : "clone ") + display(settings.gitRepo()) + " into "
                        + layout.cache());
                steps.add("check out " + version.shortForm() + " into " + release);
            }
            installStep(release).ifPresent(c -> steps.add("install in " + release + ": " + c.display()));
            steps.add("switch " + layout.current() + " to " + release + " ("
                    + (host.remote() ? "ln -sfn + mv -T, atomic" : "atomic symlink rename") + ")");
        }
        restartStep().ifPresent(c -> steps.add("restart: " + c.display()));
        if (settings.strategy() == Strategy.RELEASES) {
            steps.add("keep the " + settings.keepReleases() + " newest releases (never the current or previous one)");
        }
        return steps;
    }

    @Override
    public void deploy(Version version, StepReporter steps) {
        host.connect(steps);
        String sha = (GitNames.isFullSha(version.value()) ? version : resolveTarget(version)).value();
        if (settings.strategy() == Strategy.IN_PLACE) {
            deployInPlace(sha, steps);
        } else {
            deployRelease(sha, steps);
        }
    }

    private void deployInPlace(String sha, StepReporter steps) {
        String dir = settings.appPath();
        if (!isCheckout(dir)) {
            requireEmptyOrAbsent(dir);
            createParent(dir);
            git.cloneInto(settings.gitRepo(), dir, false, steps);
        }
        if (!git.hasCommit(dir, sha)) {
            git.fetch(dir, settings.gitRepo(), "+refs/heads/*:refs/remotes/origin/*", steps);
            requireCommit(dir, sha);
        }
        git.checkout(dir, sha, steps);
        installStep(dir).ifPresent(c -> runStep(c, sha, steps));
        restartStep().ifPresent(c -> runStep(c, sha, steps));
    }

    private void deployRelease(String sha, StepReporter steps) {
        Optional<String> previous = layout.currentSha();
        String release = layout.release(sha);
        if (layout.hasRelease(sha)) {
            steps.step("release", "reusing " + release);
        } else {
            String cache = layout.cache();
            if (!layout.hasCache()) {
                createParent(cache);
                git.cloneInto(settings.gitRepo(), cache, true, steps);
            }
            if (!git.hasCommit(cache, sha)) {
                git.fetch(cache, settings.gitRepo(), "+refs/heads/*:refs/heads/*", steps);
                requireCommit(cache, sha);
            }
            String partial = layout.partial(sha);
            layout.delete(partial);
            steps.step("release", "creating " + release);
            git.cloneInto(cache, partial, false, StepReporter.NONE);
            git.checkout(partial, sha, steps);
            layout.publish(sha);
        }
        installStep(release).ifPresent(c -> runStep(c, sha, steps));
        steps.step(
                "switch",
                layout.current() + " -> " + HostReleases.RELEASES + "/" + sha
                        + previous.map(p -> " (was " + HostReleases.RELEASES + "/" + p + ")")
                                .orElse(""));
        layout.switchTo(sha);
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
        steps.step(spec.step(), spec.display() + (host.remote() ? " (on " + host.where() + ")" : ""));
        // the operator's command's output is followed as it comes (shown under -v), not only when it fails
        CommandResult result = runner.runOrFail(
                spec.withEnv(commandEnv(sha)),
                ErrorCode.DEPLOYMENT_FAILED,
                hintFor(spec.step()),
                line -> steps.output(spec.step(), line));
        // a service left writing to the command's output (a disk filling where du does not look): an event of the
        // step, stored with the deployment, not only a line of the console or of the daemon's log
        result.warnings().forEach(warning -> steps.warning(spec.step(), warning));
    }

    private Optional<CommandSpec> installStep(String dir) {
        return settings.installCommand()
                .map(c -> CommandSpec.shell("install", c, settings.commandTimeout())
                        .in(dir));
    }

    private Optional<CommandSpec> restartStep() {
        if (settings.restartCommand().isPresent()) {
            return Optional.of(
                    CommandSpec.shell("restart", settings.restartCommand().get(), settings.commandTimeout())
                            .in(settings.deployedDir()));
        }
        return settings.systemdService()
                .map(service -> systemctl("restart", "restart", service, settings.commandTimeout()));
    }

    private CommandSpec systemctl(String step, String verb, String service, Duration timeout) {
        List<String> argv = new ArrayList<>();
        if (settings.useSudo()) {
            argv.addAll(List.of("sudo", "-n"));
        }
        argv.addAll(List.of("systemctl", verb, service));
        return CommandSpec.of(step, argv, timeout);
    }

    private String hintFor(String step) {
        return switch (step) {
            case "install" ->
                "Fix install_command in " + settings.keyPath() + " or the code it builds"
                        + (host.remote() ? " (it ran on " + host.where() + ")" : "") + ", then deploy again.";
            case "restart" ->
                settings.systemdService().isPresent()
                        ? "Check `systemctl status " + settings.systemdService().get() + "`" + host.on()
                                + (settings.useSudo()
                                        ? sudoHint(settings.systemdService().get())
                                        : "") + "."
                        : "Fix restart_command in " + settings.keyPath() + ", then deploy again.";
            default -> "See the output above.";
        };
    }

    private String sudoHint(String service) {
        return host.remote()
                ? " and that sudoers lets " + host.account() + " run `systemctl restart " + service
                        + "` without a password"
                : " and that this user may run systemctl through sudo -n";
    }

    Map<String, String> commandEnv(@Nullable String sha) {
        return DeploymentEnvironment.of(target, sha);
    }

    /**
     * One health attempt: {@code systemctl is-active} on the host when a service is named, then the URL and
     * TCP checks from Fraisier's host and the health command on the deployed host. Never throws for an unreachable host: that
     * is an unhealthy verdict.
     */
    @Override
    public ProbeResult probe(HealthCheck check, Duration timeout) {
        long start = System.nanoTime();
        try {
            String active = "";
            if (settings.systemdService().isPresent()) {
                CommandResult result = runner.run(systemctl(
                        "health", "is-active", settings.systemdService().get(), timeout));
                active = "systemctl is-active: "
                        + (result.lastLine().isEmpty() ? "exit " + result.exitCode() : result.lastLine());
                if (!result.ok()) {
                    return ProbeResult.unhealthy(active, Duration.ofNanos(System.nanoTime() - start));
                }
            }
            String sha = check.command() == null
                    ? null
                    : currentVersion().map(Version::value).orElse(null);
            ProbeResult result = health().probe(check, timeout, settings.deployedDir(), commandEnv(sha));
            String detail = active.isEmpty() ? result.detail() : active + "; " + result.detail();
            return new ProbeResult(result.healthy(), detail, Duration.ofNanos(System.nanoTime() - start));
        } catch (FraisierException e) {
            if (e.code() == ErrorCode.INTERRUPTED) {
                throw e;
            }
            return ProbeResult.unhealthy(firstLine(e.getMessage()), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private HealthCheckProbe health() {
        if (httpProbe == null) {
            httpProbe = new HttpProbe();
        }
        return new HealthCheckProbe(httpProbe, new TcpProbe(), new CommandProbe(runner));
    }

    /**
     * The last {@code lines} lines of the service's log, for {@code fraisier status}: {@code log_command}
     * (run in the deployed folder with {@code FRAISIER_LOG_LINES} set), else
     * {@code journalctl -u <systemd_service> -n <lines> --no-pager}; empty when neither is configured.
     *
     * @throws FraisierException {@code DEPLOYMENT_FAILED} when the command fails, {@code PROVIDER_UNREACHABLE}
     *     when the host cannot be reached
     */
    @Override
    public List<String> recentLogs(int lines) {
        return new LogTail(
                        runner,
                        settings.keyPath(),
                        settings.logCommand(),
                        settings.systemdService(),
                        settings.deployedDir(),
                        "Let " + host.account()
                                + " read the journal (add it to the systemd-journal group), or set log_command.")
                .tail(lines);
    }

    @Override
    public List<CheckResult> selfTest() {
        return new HostSelfTest(settings, host, git, files).run();
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
        try {
            resolver.close();
        } finally {
            host.close();
        }
    }

    private Optional<String> hostRepository() {
        if (settings.strategy() == Strategy.IN_PLACE) {
            return isCheckout(settings.appPath()) ? Optional.of(settings.appPath()) : Optional.empty();
        }
        return layout.hasCache() ? Optional.of(layout.cache()) : Optional.empty();
    }

    private boolean isCheckout(String dir) {
        return files.exists("version", dir + "/.git");
    }

    private void createParent(String dir) {
        String parent = dir.substring(0, Math.max(1, dir.lastIndexOf('/')));
        files.require(
                "clone",
                HostFiles.MKDIR,
                "Create " + parent + (host.remote() ? " on the host" : "") + " and make it writable by "
                        + host.account() + ".",
                parent);
    }

    private void requireCommit(String repository, String sha) {
        if (!git.hasCommit(repository, sha)) {
            throw new FraisierException(
                    ErrorCode.DEPLOYMENT_FAILED,
                    "Commit " + sha + " is not in " + display(settings.gitRepo()) + " (fetched into " + repository
                            + host.on() + ")",
                    "Push the commit, or deploy a version that `git ls-remote " + display(settings.gitRepo())
                            + "` lists.");
        }
    }

    private void requireEmptyOrAbsent(String dir) {
        if (!files.test("clone", HostFiles.EMPTY_OR_ABSENT, dir)) {
            throw new FraisierException(
                    ErrorCode.DEPLOYMENT_FAILED,
                    "app_path " + dir + " exists, is not empty and is not a git checkout",
                    "Move its contents away or point app_path to an empty or missing folder; Fraisier clones there.");
        }
    }

    private static String firstLine(@Nullable String text) {
        return text == null ? "failed" : text.lines().findFirst().orElse(text);
    }

    private static String display(String repository) {
        return UrlCredentials.redact(repository);
    }
}
