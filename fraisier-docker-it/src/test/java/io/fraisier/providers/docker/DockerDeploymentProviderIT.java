package io.fraisier.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.StepReporter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the docker provider promises beyond the contract, against a real dockerd. */
class DockerDeploymentProviderIT {
    @TempDir
    static Path daemonDir;

    static DockerDaemon daemon;

    private int port;
    private final List<DockerDeploymentProvider> opened = new ArrayList<>();

    @BeforeAll
    static void startDaemon() {
        daemon = DockerDaemon.startOrSkip(daemonDir);
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.clean();
            daemon.stop();
        }
    }

    @BeforeEach
    void choosePort() {
        port = DockerDaemon.freePort();
    }

    @AfterEach
    void cleanDaemon() {
        opened.forEach(DockerDeploymentProvider::close);
        daemon.clean();
    }

    @Test
    void rollback_restartsTheKeptPreviousContainer_withoutPulling() {
        daemon.buildApp("v1", true);
        daemon.buildApp("v2", true);
        DockerDeploymentProvider provider = provider(Map.of(), Duration.ofSeconds(2));
        provider.deploy(Version.of("v1"), StepReporter.NONE);
        String v1Container = inspect("demo-test", "{{.Id}}");
        provider.deploy(Version.of("v2"), StepReporter.NONE);

        assertThat(inspect("demo-test-previous", "{{.Id}}")).isEqualTo(v1Container);
        assertThat(inspect("demo-test-previous", "{{.State.Running}}")).isEqualTo("false");

        List<String> steps = new CopyOnWriteArrayList<>();
        provider.deploy(Version.of("v1"), (step, message) -> steps.add(step + ": " + message));

        assertThat(inspect("demo-test", "{{.Id}}"))
                .as("the very same container")
                .isEqualTo(v1Container);
        assertThat(provider.currentVersion()).contains(Version.of("v1"));
        assertThat(inspect("demo-test-previous", "{{.Config.Image}}")).isEqualTo(DockerDaemon.REPO + ":v2");
        assertThat(steps).anyMatch(s -> s.contains("no download")).noneMatch(s -> s.startsWith("pull"));
        assertThat(provider.plan(Version.of("v1"), Version.of("v2"))).anyMatch(s -> s.contains("no download"));
        assertHealthy(provider);
    }

    @Test
    void deploy_givesTheOldContainerItsGracePeriod_thenKillsIt() {
        // busybox httpd as PID 1 ignores SIGTERM: only the kill after the grace period stops it
        daemon.buildApp(DockerDaemon.REPO, "s1", true, false);
        daemon.buildApp(DockerDaemon.REPO, "s2", true, false);
        DockerDeploymentProvider provider = provider(Map.of(), Duration.ofSeconds(3));
        provider.deploy(Version.of("s1"), StepReporter.NONE);
        List<String> steps = new CopyOnWriteArrayList<>();

        long start = System.nanoTime();
        provider.deploy(Version.of("s2"), (step, message) -> steps.add(step + ": " + message));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(9));
        assertThat(steps).anyMatch(s -> s.startsWith("stop: stopped demo-test") && s.contains("grace period 3 s"));
        assertThat(inspect("demo-test-previous", "{{.State.ExitCode}}")).isEqualTo("137"); // SIGKILL
        assertHealthy(provider);
    }

    @Test
    void deploy_ofAServiceThatStopsOnSigterm_doesNotWaitForTheGracePeriod() {
        daemon.buildApp("v1", true);
        daemon.buildApp("v2", true);
        DockerDeploymentProvider provider = provider(Map.of(), Duration.ofSeconds(10));
        provider.deploy(Version.of("v1"), StepReporter.NONE);

        long start = System.nanoTime();
        provider.deploy(Version.of("v2"), StepReporter.NONE);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(inspect("demo-test-previous", "{{.State.ExitCode}}")).isEqualTo("0");
    }

    @Test
    void deploy_prunesTagsBeyondKeepImages_butNeverTheCurrentOrPreviousOne() {
        for (String tag : List.of("v1", "v2", "v3", "v4")) {
            daemon.buildApp(tag, true);
        }
        DockerDeploymentProvider provider = provider(Map.of("keep_images", 1L), Duration.ofSeconds(2));
        provider.deploy(Version.of("v1"), StepReporter.NONE);
        provider.deploy(Version.of("v2"), StepReporter.NONE);
        List<String> steps = new CopyOnWriteArrayList<>();

        provider.deploy(Version.of("v3"), (step, message) -> steps.add(step + ": " + message));

        String tags = daemon.docker("images", DockerDaemon.REPO, "--format", "{{.Tag}}")
                .output();
        assertThat(tags.lines().map(String::strip).toList())
                .as("v4 is the newest; v3 current; v2 previous")
                .containsExactlyInAnyOrder("v2", "v3", "v4");
        assertThat(steps).anyMatch(s -> s.startsWith("prune") && s.contains(DockerDaemon.REPO + ":v1"));
    }

    @Test
    void ports_withoutAnAddress_arePublishedOnLoopbackOnly() {
        daemon.buildApp("v1", true);
        int other = DockerDaemon.freePort();
        DockerDeploymentProvider provider = provider(
                Map.of("ports", List.of("127.0.0.1:" + port + ":8000", other + ":8000/tcp")), Duration.ofSeconds(2));

        provider.deploy(Version.of("v1"), StepReporter.NONE);

        String bindings = inspect("demo-test", "{{json .HostConfig.PortBindings}}");
        assertThat(bindings)
                .contains("\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + port + "\"")
                .contains("\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + other + "\"")
                .doesNotContain("0.0.0.0")
                .doesNotContain("\"HostIp\":\"\"");
        assertHealthy(provider);
    }

    @Test
    void deploy_labelsTheContainer_andAppliesEnvAndLabels() {
        daemon.buildApp("v1", true);
        DockerDeploymentProvider provider = provider(
                Map.of("env", Map.of("APP_ENV", "staging"), "labels", Map.of("team", "fraises")),
                Duration.ofSeconds(2));

        provider.deploy(Version.of("v1"), StepReporter.NONE);

        assertThat(inspect("demo-test", "{{json .Config.Labels}}"))
                .contains("\"fraisier.fraise\":\"demo\"")
                .contains("\"fraisier.environment\":\"test\"")
                .contains("\"fraisier.version\":\"v1\"")
                .contains("\"team\":\"fraises\"");
        assertThat(inspect("demo-test", "{{json .Config.Env}}")).contains("APP_ENV=staging");
    }

    @Test
    void probe_withACommand_runsItInsideTheContainer() {
        daemon.buildApp("v1", true);
        daemon.buildApp("broken", false);
        DockerDeploymentProvider provider = provider(Map.of(), Duration.ofSeconds(2));
        HealthCheck inContainer = new HealthCheck(
                null, null, "test -f /www/health", null, Duration.ofSeconds(5), 0, Duration.ofSeconds(1));
        provider.deploy(Version.of("v1"), StepReporter.NONE);

        assertThat(provider.probe(inContainer, Duration.ofSeconds(5)).healthy()).isTrue();

        provider.deploy(Version.of("broken"), StepReporter.NONE);
        ProbeResult broken = provider.probe(inContainer, Duration.ofSeconds(5));
        assertThat(broken.healthy()).isFalse();
        assertThat(broken.detail()).startsWith("exit 1");
    }

    @Test
    void deploy_whenTheNewContainerCannotStart_putsTheOldOneBack() throws IOException {
        daemon.buildApp("v1", true);
        daemon.buildApp("v2", true);
        int taken = port; // the first container's port, freed when it stops
        DockerDeploymentProvider first = provider(Map.of(), Duration.ofSeconds(2));
        first.deploy(Version.of("v1"), StepReporter.NONE);
        int blocked = DockerDaemon.freePort();
        try (ServerSocket squatter = new ServerSocket(blocked, 1, InetAddress.getLoopbackAddress())) {
            DockerDeploymentProvider second = provider(
                    Map.of("ports", List.of("127.0.0.1:" + taken + ":8000", "127.0.0.1:" + blocked + ":8000")),
                    Duration.ofSeconds(2));

            assertThatThrownBy(() -> second.deploy(Version.of("v2"), StepReporter.NONE))
                    .isInstanceOf(FraisierException.class)
                    .satisfies(e -> assertThat(((FraisierException) e).code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED))
                    .hasMessageContaining("starting container demo-test");
            assertThat(second.currentVersion()).contains(Version.of("v1"));
        }
        assertThat(inspect("demo-test", "{{.State.Running}}")).isEqualTo("true");
        assertHealthy(first);
    }

    @Test
    void resolveTarget_ofAMissingTag_namesImageAndTag() {
        DockerDeploymentProvider provider = provider(Map.of(), Duration.ofSeconds(2));

        assertThatThrownBy(() -> provider.resolveTarget(Version.of("v404")))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining(DockerDaemon.REPO + ":v404")
                .satisfies(e -> assertThat(((FraisierException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void deploy_whenThePullFails_usesTheLocalImage_andSaysSo() {
        daemon.buildApp("v1", true);
        List<String> steps = new CopyOnWriteArrayList<>();

        provider(Map.of(), Duration.ofSeconds(2)).deploy(Version.of("v1"), (s, m) -> steps.add(s + ": " + m));

        assertThat(steps)
                .anyMatch(s -> s.startsWith("pull: pull of " + DockerDaemon.REPO + ":v1 failed")
                        && s.contains("using the local image sha256:"));
    }

    @Test
    void selfTest_ofAnImageOnTheDaemon_passesEveryCheck() {
        daemon.buildApp("v1", true);
        DockerDeploymentProvider provider = provider(Map.of("tag", "v1"), Duration.ofSeconds(2));

        List<CheckResult> checks = provider.selfTest();

        assertThat(checks).extracting(CheckResult::name).containsExactly("daemon", "version", "image");
        assertThat(checks).allMatch(CheckResult::ok);
        assertThat(checks.get(1).detail()).startsWith("Docker 20.").contains("API 1.");
        assertThat(checks.get(2).detail()).startsWith(DockerDaemon.REPO + ":v1 is present (");
    }

    @Test
    void selfTest_ofAnImageNotOnTheDaemon_asksItsRegistryThroughTheDaemon_andFailsWhenItIsUnreachable() {
        // nothing can be pulled on the test machines: the daemon cannot reach the image's registry
        DockerDeploymentProvider provider = provider(Map.of("tag", "v404"), Duration.ofSeconds(2));

        List<CheckResult> checks = provider.selfTest();

        assertThat(checks).extracting(CheckResult::name).containsExactly("daemon", "version", "image");
        assertThat(checks.get(2).ok()).isFalse();
        assertThat(checks.get(2).detail())
                .startsWith(DockerDaemon.REPO + ":v404 is not on the daemon, and asking its registry through the"
                        + " daemon at " + daemon.host() + " (GET /distribution/" + DockerDaemon.REPO
                        + ":v404/json) failed: ")
                .contains("push " + DockerDaemon.REPO + ":v404")
                .doesNotContainIgnoringCase("image not found");
    }

    @Test
    void recentLogs_areTheContainersOutput_andEmptyWithoutAContainer() {
        daemon.buildApp("v1", true);
        DockerDeploymentProvider provider = provider(Map.of(), Duration.ofSeconds(2));
        assertThat(provider.recentLogs(5)).isEmpty();

        provider.deploy(Version.of("v1"), StepReporter.NONE);

        assertThat(provider.recentLogs(5)).containsExactly("app v1 starting");
    }

    private DockerDeploymentProvider provider(Map<String, Object> overrides, Duration grace) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("docker_host", daemon.host());
        settings.put("image", DockerDaemon.REPO);
        settings.put("ports", List.of("127.0.0.1:" + port + ":8000"));
        settings.putAll(overrides);
        DockerDeploymentProvider provider = DockerTargets.provider(
                DockerTargets.environment(DockerTargets.httpCheck(healthUrl()), settings), grace);
        opened.add(provider);
        return provider;
    }

    private String healthUrl() {
        return "http://127.0.0.1:" + port + "/health";
    }

    private String inspect(String container, String format) {
        return daemon.docker("inspect", "--format", format, container).output().strip();
    }

    private void assertHealthy(DockerDeploymentProvider provider) {
        HealthCheck check = DockerTargets.httpCheck(healthUrl());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ProbeResult last;
        do {
            last = provider.probe(check, Duration.ofSeconds(2));
            if (last.healthy()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        assertThat(last.healthy()).as("healthy within 20 s, last: %s", last).isTrue();
    }
}
