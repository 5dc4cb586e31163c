package io.fraisier.providers.baremetal;

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
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.shell.DeploymentEnvironment;
import io.fraisier.providers.shell.UrlCredentials;
import io.fraisier.providers.ssh.SshConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Deploys a git checkout on a remote host over one SSH connection: {@code in_place} (clone once, then
 * fetch + detached checkout of {@code app_path}) or {@code releases} ({@code app_path/releases/<sha>} and
 * an atomically switched {@code current} symlink), then the install command and a restart through
 * {@code systemctl restart} or {@code restart_command}. Git runs on the host, with the host's access to
 * git_repo. Versions are full commit SHAs.
 *
 * <p>Every remote command is an argument list quoted word by word ({@link io.fraisier.providers.ssh.PosixShell});
 * only {@code install_command}, {@code restart_command}, {@code health_check_command} and
 * {@code log_command} are shell, passed as the one quoted argument of {@code /bin/sh -c}.
 *
 * <p>Not thread-safe: the engine uses one instance per deployment.
 */
public final class BareMetalDeploymentProvider implements DeploymentProvider {
    static final String TYPE = "bare_metal";

    private final Target target;
    private final BareMetalSettings settings;
    private final SshConnection ssh;
    private final Git git;
    private final RemoteFiles files;
    private final RemoteReleases layout;
    private final RemoteVersionResolver resolver;
    private @Nullable HttpProbe httpProbe;
    private boolean connectReported;
    private boolean closed;

    BareMetalDeploymentProvider(Target target, BareMetalSettings settings, SshConnection ssh) {
        this.target = target;
        this.settings = settings;
        this.ssh = ssh;
        this.git = new Git(ssh, settings.commandTimeout(), Map.of());
        this.files = new RemoteFiles(ssh);
        this.layout = new RemoteReleases(settings.appPath(), files);
        this.resolver = new RemoteVersionResolver(settings, git, ssh, this::hostRepository);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The connection this provider uses (one per provider; reopened when it breaks). */
    SshConnection connection() {
        return ssh;
    }

    @Override
    public Optional<Version> currentVersion() {
        if (settings.strategy() == Strategy.RELEASES) {
            return layout.currentSha().map(Version::of);
        }
        String dir = settings.appPath();
        // a clone whose first checkout failed has no index yet; its HEAD names a commit that is not deployed
        return files.test("version", RemoteFiles.CHECKED_OUT, dir)
                ? git.head(dir).map(Version::of)
                : Optional.empty();
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
        steps.add("connect to " + ssh.endpoint() + " (one SSH connection for every step)");
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
            steps.add("switch " + layout.current() + " to " + release + " (ln -sfn + mv -T, atomic)");
        }
        restartStep().ifPresent(c -> steps.add("restart: " + c.display()));
        if (settings.strategy() == Strategy.RELEASES) {
            steps.add("keep the " + settings.keepReleases() + " newest releases (never the current or previous one)");
        }
        return steps;
    }

    @Override
    public void deploy(Version version, StepReporter steps) {
        connect(steps);
        String sha = (GitNames.isFullSha(version.value()) ? version : resolveTarget(version)).value();
        if (settings.strategy() == Strategy.IN_PLACE) {
            deployInPlace(sha, steps);
        } else {
            deployRelease(sha, steps);
        }
    }

    private void connect(StepReporter steps) {
        int before = ssh.connectionsOpened();
        ssh.connect();
        if (!connectReported || ssh.connectionsOpened() != before) {
            connectReported = true;
            steps.step("connect", ssh.endpoint() + " (host key " + ssh.hostKeyFingerprint() + ")");
        }
    }

    private void deployInPlace(String sha, StepReporter steps) {
        String dir = settings.appPath();
        if (!isCheckout(dir)) {
            files.require(
                    "clone",
                    RemoteFiles.EMPTY_OR_ABSENT,
                    "Move its contents away or point app_path to an empty or missing folder; Fraisier clones there.",
                    dir);
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
                layout.current() + " -> " + RemoteReleases.RELEASES + "/" + sha
                        + previous.map(p -> " (was " + RemoteReleases.RELEASES + "/" + p + ")")
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
        steps.step(spec.step(), spec.display() + " (on " + ssh.endpoint() + ")");
        ssh.runOrFail(spec.withEnv(commandEnv(sha)), ErrorCode.DEPLOYMENT_FAILED, hintFor(spec.step()));
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
        String host = ssh.endpoint().toString();
        return switch (step) {
            case "install" ->
                "Fix install_command in " + settings.keyPath() + " or the code it builds (it ran on " + host
                        + "), then deploy again.";
            case "restart" ->
                settings.systemdService().isPresent()
                        ? "Check `systemctl status " + settings.systemdService().get() + "` on " + host
                                + (settings.useSudo()
                                        ? " and that sudoers lets "
                                                + settings.ssh().endpoint().user()
                                                + " run `systemctl restart "
                                                + settings.systemdService().get()
                                                + "` without a password"
                                        : "")
                                + "."
                        : "Fix restart_command in " + settings.keyPath() + ", then deploy again.";
            default -> "See the output above.";
        };
    }

    Map<String, String> commandEnv(@Nullable String sha) {
        return DeploymentEnvironment.of(target, sha);
    }

    /**
     * One health attempt: {@code systemctl is-active} on the host when a service is named, then the URL and
     * TCP checks from here and the health command on the host. Never throws for an unreachable host: that
     * is an unhealthy verdict.
     */
    @Override
    public ProbeResult probe(HealthCheck check, Duration timeout) {
        long start = System.nanoTime();
        try {
            String active = "";
            if (settings.systemdService().isPresent()) {
                CommandResult result = ssh.run(systemctl(
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
        return new HealthCheckProbe(httpProbe, new TcpProbe(), new CommandProbe(ssh));
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
        return new ServiceLogs(settings, ssh).tail(lines);
    }

    @Override
    public List<CheckResult> selfTest() {
        return new BareMetalSelfTest(settings, ssh, git, files).run();
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
            ssh.close();
        }
    }

    private Optional<String> hostRepository() {
        if (settings.strategy() == Strategy.IN_PLACE) {
            return isCheckout(settings.appPath()) ? Optional.of(settings.appPath()) : Optional.empty();
        }
        return layout.hasCache() ? Optional.of(layout.cache()) : Optional.empty();
    }

    private boolean isCheckout(String dir) {
        return files.test("version", RemoteFiles.EXISTS, dir + "/.git");
    }

    private void createParent(String dir) {
        String parent = dir.substring(0, Math.max(1, dir.lastIndexOf('/')));
        files.require(
                "clone",
                RemoteFiles.MKDIR,
                "Create " + parent + " on the host and make it writable by "
                        + settings.ssh().endpoint().user() + ".",
                parent);
    }

    private void requireCommit(String repository, String sha) {
        if (!git.hasCommit(repository, sha)) {
            throw new FraisierException(
                    ErrorCode.DEPLOYMENT_FAILED,
                    "Commit " + sha + " is not in " + display(settings.gitRepo()) + " (fetched into " + repository
                            + " on " + ssh.endpoint() + ")",
                    "Push the commit, or deploy a version that `git ls-remote " + display(settings.gitRepo())
                            + "` lists.");
        }
    }

    private static String firstLine(@Nullable String text) {
        return text == null ? "failed" : text.lines().findFirst().orElse(text);
    }

    private static String display(String repository) {
        return UrlCredentials.redact(repository);
    }
}
