package io.fraisier.providers.coolify;

import com.fasterxml.jackson.databind.JsonNode;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.Sleeper;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.health.CommandProbe;
import io.fraisier.providers.health.HealthCheckProbe;
import io.fraisier.providers.health.HttpProbe;
import io.fraisier.providers.health.TcpProbe;
import io.fraisier.providers.shell.LocalCommandRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Deploys a Coolify v4 application through its API: pins the application's {@code git_commit_sha},
 * triggers a deployment and polls it until Coolify is done. Versions are commit SHAs or {@code HEAD}
 * (see {@link CoolifyVersions}).
 *
 * <ul>
 *   <li>current version: the commit of the newest {@code finished} deployment Coolify lists (a failed
 *       build leaves the previous container running);
 *   <li>target without a version: the application's configured {@code git_commit_sha} ({@code HEAD} when
 *       it follows its branch, which never equals a deployed SHA, so such deployments are never skipped);
 *   <li>rollback: the same pin, trigger and poll with the previous commit.
 * </ul>
 *
 * <p>Not thread-safe: the engine uses one instance per deployment.
 */
final class CoolifyDeploymentProvider implements DeploymentProvider {
    static final String TYPE = "coolify";
    private static final int HISTORY = 20;

    private final CoolifySettings settings;
    private final CoolifyApi api;
    private final Sleeper sleeper;
    private final Clock clock;
    private @Nullable HttpProbe httpProbe;
    private boolean closed;

    CoolifyDeploymentProvider(CoolifySettings settings, OkHttpClient client, Sleeper sleeper, Clock clock) {
        this.settings = settings;
        this.api = new CoolifyApi(settings, client, sleeper, clock);
        this.sleeper = sleeper;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Version> currentVersion() {
        JsonNode answer = api.deployments(HISTORY);
        // Coolify answers {count, deployments: [...]}, newest first; the published spec says a bare array
        JsonNode list = answer.isArray() ? answer : answer.path("deployments");
        if (!list.isArray() || list.isEmpty()) {
            return Optional.empty();
        }
        List<JsonNode> deployments = StreamSupport.stream(list.spliterator(), false)
                .filter(d -> d.hasNonNull("status"))
                .sorted(Comparator.comparingLong((JsonNode d) -> d.path("id").asLong(0))
                        .reversed())
                .toList();
        return deployments.stream()
                .map(d -> CoolifyDeployment.from(d.path("deployment_uuid").asText(""), d))
                .filter(d -> d.status().equals(CoolifyDeployment.FINISHED))
                .findFirst()
                .flatMap(CoolifyDeployment::commitSha)
                .map(Version::of);
    }

    @Override
    public Version resolveTarget(@Nullable Version requested) {
        if (requested != null) {
            // Coolify cannot tell beforehand whether a commit exists; its build fails when it does not
            return CoolifyVersions.canonical(requested, settings.keyPath());
        }
        String configured = CoolifyDeployment.text(api.application(), "git_commit_sha")
                .orElse("")
                .trim();
        if (CoolifyVersions.isHead(configured)) {
            return Version.of(CoolifyVersions.HEAD);
        }
        if (CoolifyVersions.isSha(configured)) {
            return Version.of(configured.toLowerCase(Locale.ROOT));
        }
        throw new FraisierException(
                ErrorCode.DEPLOYMENT_FAILED,
                "Coolify application " + settings.applicationUuid() + " at " + settings.apiUrl() + " is set to commit '"
                        + api.scrub(configured) + "', which is not a commit SHA",
                "Set its commit to HEAD or a SHA in Coolify, or pass a version to fraisier deploy.");
    }

    @Override
    public List<String> plan(@Nullable Version current, Version target) {
        Version version = CoolifyVersions.canonical(target, settings.keyPath());
        String app = settings.applicationUuid();
        List<String> steps = new ArrayList<>();
        if (version.equals(current)) {
            steps.add("redeploy " + version.shortForm() + " (already current)");
        }
        steps.add("set application " + app + " git_commit_sha to " + version.value() + " (PATCH "
                + api.display("applications", app) + ")");
        steps.add("trigger a deployment (POST " + api.display("deploy") + "?uuid=" + app + "&force=false)");
        steps.add("poll " + api.display("deployments", "<uuid>") + " every 1 s to 10 s until finished, failed or"
                + " cancelled, for at most " + settings.timeout().toSeconds() + " s");
        return steps;
    }

    @Override
    public void deploy(Version version, StepReporter steps) {
        Instant deadline = clock.instant().plus(settings.timeout());
        Version target = CoolifyVersions.canonical(version, settings.keyPath());
        String before = CoolifyDeployment.text(api.application(), "git_commit_sha")
                .filter(s -> !s.isBlank())
                .orElse(CoolifyVersions.HEAD);
        boolean pinned = !before.equalsIgnoreCase(target.value());
        if (pinned) {
            steps.step(
                    "pin",
                    "application " + settings.applicationUuid() + ": git_commit_sha " + api.scrub(before) + " -> "
                            + target.value());
            api.setCommit(target.value());
        }
        String deploymentUuid;
        try {
            deploymentUuid = trigger(target, steps);
        } catch (RuntimeException e) {
            restore(pinned, before, steps);
            throw e;
        }
        CoolifyDeployment end = new CoolifyPolling(api, sleeper, clock).await(deploymentUuid, deadline, steps);
        if (end.status().equals(CoolifyDeployment.FINISHED)) {
            steps.step(
                    "deployed",
                    "deployment " + deploymentUuid + " finished"
                            + end.commitSha().map(c -> " (commit " + c + ")").orElse(""));
            return;
        }
        if (!end.isOver()) {
            cancel(deploymentUuid, steps);
            restore(pinned, before, steps);
            throw new FraisierException(
                    ErrorCode.DEPLOYMENT_TIMEOUT,
                    "Coolify deployment " + deploymentUuid + " of " + target.value() + " for application "
                            + settings.applicationUuid() + " at " + settings.apiUrl() + " was still '" + end.status()
                            + "' after " + settings.timeout().toSeconds() + " s",
                    "Raise timeout in " + settings.keyPath() + " if builds take longer, or look at the deployment"
                            + " in Coolify.");
        }
        restore(pinned, before, steps);
        List<String> tail = end.logTail().stream().map(api::scrub).toList();
        throw new FraisierException(
                ErrorCode.DEPLOYMENT_FAILED,
                "Coolify deployment " + deploymentUuid + " of " + target.value() + " for application "
                        + settings.applicationUuid() + " at " + settings.apiUrl() + " ended '" + end.status() + "'"
                        + (tail.isEmpty() ? "" : "; last log lines:\n  " + String.join("\n  ", tail)),
                end.status().equals(CoolifyDeployment.CANCELLED)
                        ? "Someone cancelled it in Coolify; deploy again when ready."
                        : "Fix the build (see the log in Coolify's Deployments tab), or check that commit "
                                + target.value() + " is pushed to the application's repository.");
    }

    private String trigger(Version target, StepReporter steps) {
        JsonNode answer = api.deploy(false);
        JsonNode first = answer.path("deployments").path(0);
        Optional<String> uuid = CoolifyDeployment.text(first, "deployment_uuid").filter(u -> !u.isBlank());
        if (uuid.isEmpty()) {
            throw new FraisierException(
                    ErrorCode.DEPLOYMENT_FAILED,
                    "Coolify at " + settings.apiUrl() + " queued no deployment of " + target.value()
                            + " for application " + settings.applicationUuid() + ": "
                            + CoolifyApi.message(answer.toString()).orElse("no answer"),
                    "Check the application in Coolify (is it a git-based application?).");
        }
        steps.step(
                "trigger",
                "deployment " + uuid.get() + " queued"
                        + CoolifyDeployment.text(first, "message")
                                .map(m -> ": " + api.scrub(m))
                                .orElse(""));
        return uuid.get();
    }

    private void cancel(String deploymentUuid, StepReporter steps) {
        try {
            api.cancel(deploymentUuid);
            steps.step("cancel", "cancelled deployment " + deploymentUuid);
        } catch (FraisierException e) {
            steps.step("cancel", "could not cancel deployment " + deploymentUuid + ": " + e.getMessage());
        }
    }

    /** Puts the application's pin back after a failed attempt, so Coolify's own redeploys build what runs. */
    private void restore(boolean pinned, String before, StepReporter steps) {
        if (!pinned) {
            return;
        }
        try {
            api.setCommit(before);
            steps.step(
                    "unpin",
                    "application " + settings.applicationUuid() + ": git_commit_sha back to " + api.scrub(before));
        } catch (FraisierException e) {
            steps.step("unpin", "could not set git_commit_sha back to " + api.scrub(before) + ": " + e.getMessage());
        }
    }

    /** HTTP and TCP checks from this host; a health command cannot run inside Coolify's containers. */
    @Override
    public ProbeResult probe(HealthCheck check, Duration timeout) {
        if (check.command() != null) {
            return ProbeResult.unhealthy(
                    "health_check_command is not supported by the coolify provider; use health_check_url or"
                            + " health_check_tcp",
                    Duration.ZERO);
        }
        if (httpProbe == null) {
            httpProbe = new HttpProbe();
        }
        return new HealthCheckProbe(httpProbe, new TcpProbe(), new CommandProbe(new LocalCommandRunner()))
                .probe(check, timeout, null, Map.of());
    }

    @Override
    public List<CheckResult> selfTest() {
        return selfTest(CoolifySelfTest.CHECK_WITHIN);
    }

    /** The checks, each call tried once and answered within {@code within}. */
    List<CheckResult> selfTest(Duration within) {
        return new CoolifySelfTest(settings, api.forChecks(within)).run();
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
        api.close();
    }
}
