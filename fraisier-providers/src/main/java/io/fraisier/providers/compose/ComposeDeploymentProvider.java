package io.fraisier.providers.compose;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.health.CommandProbe;
import io.fraisier.providers.health.HealthCheckProbe;
import io.fraisier.providers.health.HttpProbe;
import io.fraisier.providers.health.TcpProbe;
import io.fraisier.providers.shell.CommandFailure;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.ssh.SshConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Deploys one service of a compose project by changing the tag variable its image reads
 * ({@code image: app:${IMAGE_TAG}}): {@code pull} then {@code up -d --no-deps <service>} with the variable
 * set, and the tag recorded next to the compose file. All commands (compose, docker, the state file) go
 * through a {@link io.fraisier.providers.shell.CommandRunner}: this host, or {@code host:} over one SSH
 * connection. HTTP and TCP health checks run from here; command checks run in the service's container
 * ({@code compose exec}, on the compose host).
 *
 * <p>Not thread-safe: the engine uses one instance per deployment.
 */
public final class ComposeDeploymentProvider implements DeploymentProvider {
    public static final String TYPE = "docker_compose";
    private static final int MAX_LOG_LINES = 10_000;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private final ComposeSettings settings;
    private final ComposeCli cli;
    private final TagStateFile state;
    private final HttpProbe http = new HttpProbe();
    private final @Nullable SshConnection ssh;
    private boolean closed;

    /** @param ssh the connection {@code cli} runs through when compose runs on another host, else null */
    ComposeDeploymentProvider(ComposeSettings settings, ComposeCli cli, @Nullable SshConnection ssh) {
        this.settings = settings;
        this.cli = cli;
        this.ssh = ssh;
        this.state = new TagStateFile(cli.runner(), cli.composeDir(), settings.service());
    }

    /** The SSH connection every command goes through, or null when compose runs on this host. */
    @Nullable
    SshConnection connection() {
        return ssh;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Version> currentVersion() {
        List<String> ids = cli.containerIds();
        if (!ids.isEmpty()) {
            CommandResult image = cli.docker("inspect", "inspect", "--format", "{{.Config.Image}}", ids.get(0));
            if (image.ok()) {
                Optional<Version> running = ComposeCli.tagOf(image.lastLine().strip())
                        .filter(t -> t.matches(Version.GRAMMAR))
                        .map(Version::of);
                if (running.isPresent()) {
                    return running;
                }
            }
        }
        // no docker CLI, or the service is down: what Fraisier deployed last
        return state.current().filter(t -> t.matches(Version.GRAMMAR)).map(Version::of);
    }

    @Override
    public Version resolveTarget(@Nullable Version requested) {
        String tag;
        if (requested == null) {
            String image = cli.image(null).orElseThrow(() -> noImage());
            tag = ComposeCli.tagOf(image)
                    .orElseThrow(() -> new FraisierException(
                            ErrorCode.NOT_FOUND,
                            "Service " + settings.service() + " of " + settings.composeFile() + " has no default tag ("
                                    + settings.tagVariable() + " is not set): its image reads '" + image + "'",
                            "Set " + settings.tagVariable() + " in the .env file next to the compose file, write ${"
                                    + settings.tagVariable() + ":-latest} in it, or pass --version."));
        } else {
            tag = requested.value();
        }
        if (!TAG.matcher(tag).matches()) {
            throw new FraisierException(
                    ErrorCode.NOT_FOUND,
                    "'" + tag + "' cannot be an image tag of service " + settings.service(),
                    "A tag is up to 128 letters, digits, '_', '.' and '-'.");
        }
        String reference = reference(tag);
        if (cli.docker("image", "image", "inspect", reference).ok()) {
            return Version.of(tag);
        }
        CommandResult pull = cli.compose("pull", tag, settings.timeout(), "pull", settings.service());
        if (pull.ok()) {
            return Version.of(tag);
        }
        throw new FraisierException(
                ErrorCode.NOT_FOUND,
                "Image " + reference + " of service " + settings.service()
                        + " is not on the Docker daemon and could not be pulled: " + pull.lastLine(),
                "Build or push " + reference + ", or pass an existing tag with --version.");
    }

    @Override
    public List<String> plan(@Nullable Version current, Version target) {
        String compose =
                String.join(" ", settings.composeCommand() == null ? List.of("compose") : settings.composeCommand());
        List<String> steps = new ArrayList<>();
        if (ssh != null) {
            steps.add("connect to " + ssh.endpoint() + " (one SSH connection for every step)");
        }
        steps.add(compose + " pull " + settings.service() + " with " + settings.tagVariable() + "=" + target
                + " (the local image is used when the registry cannot be reached)");
        steps.add(compose + " up -d --no-deps " + settings.service() + " with " + settings.tagVariable() + "=" + target
                + (current == null ? "" : " (replacing " + current + ")"));
        steps.add("record " + target + " in " + state.path()
                + (current == null || current.equals(target) ? "" : " and " + current + " as the previous tag"));
        return steps;
    }

    @Override
    public void deploy(Version version, StepReporter steps) {
        String tag = version.value();
        Optional<String> before = currentVersion().map(Version::value);
        String reference = reference(tag);
        CommandResult pull = cli.compose("pull", tag, settings.timeout(), "pull", settings.service());
        if (pull.ok()) {
            steps.step("pull", "pulled " + reference);
        } else {
            CommandResult local = cli.docker("image", "image", "inspect", reference);
            if (local.ok()) {
                steps.step("pull", "pull of " + reference + " failed (" + pull.lastLine() + "); using the local image");
            } else if (!local.started()) {
                steps.step(
                        "pull",
                        "pull of " + reference + " failed (" + pull.lastLine()
                                + "); no docker CLI to look for a local image, `up` will tell");
            } else {
                throw new FraisierException(
                        ErrorCode.DEPLOYMENT_FAILED,
                        "Image " + reference + " of service " + settings.service()
                                + " is neither on the Docker daemon nor pullable: " + pull.lastLine(),
                        "Push " + reference + " to its registry or build it on the Docker host.");
            }
        }
        CommandSpec up = cli.composeSpec("up", tag, settings.timeout(), "up", "-d", "--no-deps", settings.service());
        CommandResult result = cli.runner().run(up);
        if (!result.ok()) {
            throw CommandFailure.of(
                    ErrorCode.DEPLOYMENT_FAILED,
                    up,
                    result,
                    "Run it by hand in " + cli.composeDir() + " with " + settings.tagVariable() + "=" + tag + ".");
        }
        steps.step("up", "service " + settings.service() + " runs " + reference + " (`" + up.display() + "`)");
        state.record(tag, before);
        steps.step(
                "state",
                "recorded " + tag + " in " + state.path()
                        + before.filter(b -> !b.equals(tag))
                                .map(b -> "; previous: " + b)
                                .orElse(""));
    }

    @Override
    public ProbeResult probe(HealthCheck check, Duration timeout) {
        CommandProbe inService = new CommandProbe(new ComposeExecRunner(cli, settings.service()));
        return new HealthCheckProbe(http, new TcpProbe(), inService).probe(check, timeout, null, Map.of());
    }

    /**
     * The service's last {@code lines} log lines: {@code compose logs --no-color --no-log-prefix --tail N
     * <service>}, compose's own warnings left out.
     *
     * @throws FraisierException {@code DEPLOYMENT_FAILED} when compose fails, {@code PROVIDER_UNREACHABLE}
     *     when the compose host cannot be reached
     */
    @Override
    public List<String> recentLogs(int lines) {
        int n = Math.max(1, Math.min(lines, MAX_LOG_LINES));
        CommandSpec spec = cli.composeSpec(
                "logs",
                null,
                ComposeCli.SHORT,
                "logs",
                "--no-color",
                "--no-log-prefix",
                "--tail",
                Integer.toString(n),
                settings.service());
        CommandResult result = cli.runner().run(spec);
        if (!result.ok()) {
            throw CommandFailure.of(
                    ErrorCode.DEPLOYMENT_FAILED,
                    spec,
                    result,
                    "Run it by hand in " + cli.composeDir() + cli.where()
                            + " (compose 1.29 or later knows --no-log-prefix).");
        }
        List<String> all = result.output()
                .lines()
                .filter(l -> !ComposeCli.isComposeWarning(l))
                // compose v1 announces the containers it reads before their lines
                .dropWhile(l -> l.startsWith("Attaching to "))
                .toList();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    @Override
    public List<CheckResult> selfTest() {
        List<CheckResult> checks = new ArrayList<>();
        if (ssh != null) {
            try {
                ssh.connect();
                checks.add(CheckResult.pass(
                        "ssh", ssh.endpoint() + " logged in (host key " + ssh.hostKeyFingerprint() + ")"));
            } catch (FraisierException e) {
                checks.add(CheckResult.fail("ssh", e.getMessage() + (e.hint() == null ? "" : " — " + e.hint())));
                return checks;
            }
        }
        try {
            checks.add(CheckResult.pass("compose", String.join(" ", cli.command()) + ": " + cli.version()));
        } catch (FraisierException e) {
            checks.add(CheckResult.fail("compose", e.getMessage()));
            return checks;
        }
        CommandResult file = cli.runner()
                .run(CommandSpec.of("check", List.of("test", "-f", settings.composeFile()), ComposeCli.SHORT));
        if (!file.ok()) {
            checks.add(CheckResult.fail("compose file", settings.composeFile() + " does not exist" + cli.where()));
            return checks;
        }
        checks.add(CheckResult.pass("compose file", settings.composeFile()));
        try {
            String image = cli.image(null).orElse("no image");
            checks.add(CheckResult.pass("service", settings.service() + " uses " + image));
            int running = cli.containerIds().size();
            checks.add(CheckResult.pass(
                    "daemon",
                    "compose reaches the Docker daemon; " + running + " container(s) of " + settings.service()
                            + " exist"));
        } catch (FraisierException e) {
            checks.add(CheckResult.fail("service", e.getMessage()));
        }
        return checks;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            http.close();
            if (ssh != null) {
                ssh.close();
            }
        }
    }

    /** The service's image for {@code tag}; refuses a compose file whose image ignores the tag variable. */
    private String reference(String tag) {
        String image = cli.image(tag).orElseThrow(this::noImage);
        if (!ComposeCli.tagOf(image).filter(tag::equals).isPresent()) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    "Service " + settings.service() + " of " + settings.composeFile() + " does not take its tag from ${"
                            + settings.tagVariable() + "}: with " + settings.tagVariable() + "=" + tag
                            + " its image is '" + image + "'",
                    "Write `image: <repository>:${" + settings.tagVariable()
                            + "}` for the service, or set tag_variable.");
        }
        return image;
    }

    private FraisierException noImage() {
        return new FraisierException(
                ErrorCode.CONFIG_INVALID,
                "Service " + settings.service() + " of " + settings.composeFile() + " has no image: (it builds?)",
                "docker_compose deploys image tags: give the service `image: <repository>:${" + settings.tagVariable()
                        + "}`.");
    }
}
