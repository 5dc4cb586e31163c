package io.fraisier.providers.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.host.HostDeploymentProvider;
import io.fraisier.testkit.git.GitOrigin;
import io.fraisier.testkit.git.TinyService;
import io.fraisier.testkit.os.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Releases, rollback, refusals, timeouts, a dropped connection and the systemd path against a real
 * OpenSSH server. systemd does not run here: a stand-in systemctl first on the test user's PATH really
 * restarts the service process and answers is-active from its pid.
 */
class BareMetalOpenSshIT {
    private static OpenSshd sshd;
    private static int targets;

    private GitOrigin origin;
    private TinyService service;
    private Path appPath;
    private Path run;

    @BeforeAll
    static void startSshd() throws IOException {
        assumeTrue(OpenSshd.unavailable().isEmpty(), OpenSshd.unavailable().orElse(""));
        sshd = OpenSshd.start();
    }

    @AfterAll
    static void stopSshd() throws IOException {
        if (sshd != null) {
            sshd.close();
        }
    }

    @BeforeEach
    void freshTarget() throws IOException {
        Path dir = sshd.newFolder("it-" + ++targets);
        origin = GitOrigin.withBare(dir.resolve("git"));
        run = OpenSshd.ownedByTestUser(dir.resolve("run"));
        service = new TinyService(run);
        appPath = OpenSshd.ownedByTestUser(dir.resolve("srv")).resolve("my app");
    }

    @AfterEach
    void stopService() {
        service.stop(run.resolve("pid"), sshd.bin().resolve("state").resolve("it.service.pid"));
    }

    private Map<String, Object> settings(String strategy) {
        Map<String, Object> s = BareMetalOpenSshContractIT.sshSettings(sshd);
        s.put("app_path", appPath.toString());
        s.put("git_repo", origin.url());
        s.put("strategy", strategy);
        s.put("keep_releases", 2L);
        s.put("restart_command", service.restartCommand());
        return s;
    }

    /** In-place settings whose {@code key} command is {@code command}. */
    private Map<String, Object> inPlaceWith(String key, String command) {
        Map<String, Object> s = settings("in_place");
        s.put(key, command);
        return s;
    }

    private Version publishV1() {
        return Version.of(origin.commit("v1", TinyService.files(200, "v1")));
    }

    private HostDeploymentProvider provider(Map<String, Object> s, Duration timeout) {
        return BareMetalTargets.provider(BareMetalTargets.environment(timeout, check(), s), Map.of());
    }

    private HealthCheck check() {
        return BareMetalTargets.httpCheck(service.healthUrl());
    }

    private ProbeResult healthyWithin(HostDeploymentProvider p, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        ProbeResult verdict = p.probe(check(), Duration.ofSeconds(2));
        while (!verdict.healthy() && System.nanoTime() < deadline) {
            verdict = p.probe(check(), Duration.ofSeconds(2));
        }
        return verdict;
    }

    @Test
    void releases_deployTwice_thenRollBackWithoutFetching_andPruneOld() throws Exception {
        Version v1 = publishV1();
        try (var p = provider(settings("releases"), Duration.ofSeconds(60))) {
            p.deploy(v1, StepReporter.NONE);
            Version v2 = Version.of(origin.commit("v2", TinyService.files(200, "v2")));
            p.deploy(v2, StepReporter.NONE);
            assertThat(Files.readSymbolicLink(appPath.resolve("current"))).isEqualTo(Path.of("releases", v2.value()));
            Version v3 = Version.of(origin.commit("v3", TinyService.files(200, "v3")));
            p.deploy(v3, StepReporter.NONE);
            assertThat(appPath.resolve("releases").resolve(v1.value()))
                    .as("pruned")
                    .doesNotExist();

            // the git host goes away: a rollback to a release on the host still works
            Path gitDir = Path.of(origin.url());
            Files.move(gitDir, gitDir.resolveSibling("gone.git"));
            List<String> steps = new CopyOnWriteArrayList<>();
            p.deploy(v2, (step, message) -> steps.add(step));

            assertThat(p.currentVersion()).contains(v2);
            assertThat(steps).contains("release", "switch", "restart").doesNotContain("fetch", "clone");
            assertThat(healthyWithin(p, Duration.ofSeconds(10)).healthy()).isTrue();
            assertThat(appPath.resolve("current/VERSION")).hasContent("v2");
        }
    }

    @Test
    void connect_whenHostKeyIsUnknown_refusesWithTheFingerprint() throws Exception {
        Path empty = Files.writeString(sshd.root().resolve("empty_known_hosts_" + targets), "");
        Map<String, Object> s = settings("in_place");
        s.put("known_hosts", empty.toString());
        String hostKey = Files.readString(sshd.knownHosts()).split(" ")[2].strip();
        try (var p = provider(s, Duration.ofSeconds(30))) {
            assertThatThrownBy(p::currentVersion).isInstanceOfSatisfying(FraisierException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
                assertThat(e.getMessage()).contains("is not known", "ssh-ed25519 SHA256:");
                assertThat(e.hint()).contains("ssh-keyscan -p " + sshd.port() + " 127.0.0.1");
            });
            assertThat(hostKey).isNotBlank();
        }
    }

    /**
     * A restart command that leaves its service in the background with the command's output ({@code ./server &},
     * no redirection) kept the SSH channel open for as long as the service ran: the step waited for its timeout
     * and failed without a word of why, and the service ran on. The wrapper's exit line now ends the step when
     * the command itself ends: it succeeds, and its warning names the cause and the fix.
     */
    @Test
    void deploy_whoseRestartLeavesAProcessHoldingItsOutput_endsWithTheCommand_andWarnsWhy() throws Exception {
        Path loopPid = run.resolve("loop.pid");
        Map<String, Object> s = inPlaceWith(
                "restart_command", "(while true; do echo careless-loop; sleep 1; done) & echo $! > '" + loopPid + "'");
        Version v1 = publishV1();
        List<String> warnings = new CopyOnWriteArrayList<>();
        StepReporter steps = new StepReporter() {
            @Override
            public void step(String step, String message) {}

            @Override
            public void warning(String step, String message) {
                warnings.add(step + ": " + message);
            }
        };
        long start = System.nanoTime();
        try (var p = provider(s, Duration.ofSeconds(20))) {
            p.deploy(v1, steps);

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("the step ended with its command, not at its timeout")
                    .isLessThan(Duration.ofSeconds(15));
            assertThat(warnings)
                    .singleElement()
                    .satisfies(w -> assertThat(w)
                            .startsWith("restart: [fraisier] warning: `(while true;")
                            .contains("ended with status 0", "the SSH channel", "systemd_service"));
        } finally {
            if (Files.exists(loopPid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(loopPid).strip()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void deploy_whenACommandRunsOutOfTime_killsItsProcessGroupOnTheHost() throws Exception {
        Path pidFile = run.resolve("child.pid");
        Map<String, Object> s = inPlaceWith("install_command", "sleep 60 & echo $! > '" + pidFile + "'; wait");
        Version v1 = publishV1();
        try (var p = provider(s, Duration.ofSeconds(4))) {
            assertThatThrownBy(() -> p.deploy(v1, StepReporter.NONE))
                    .hasMessageContaining("Step 'install' timed out after 4 s");
        }
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(Processes.awaitGone(child, Duration.ofSeconds(5)))
                .as("process %d killed", child)
                .isTrue();
    }

    /**
     * A Fraisier killed outright mid-step (kill -9, the OOM killer, its host's power) cannot kill its remote
     * command; the host must, or the step would run on beside the next deployment once the lock expires.
     */
    @Test
    void deploy_whenFraisierIsKilledMidStep_theHostKillsTheStepsProcesses() throws Exception {
        Path pidFile = run.resolve("child.pid");
        Map<String, Object> s = settings("in_place");
        s.put("install_command", "sleep 120 & echo $! > '" + pidFile + "'; wait");
        origin.commit("v1", TinyService.files(200, "v1"));
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DeployInThisProcess.class.getName()));
        s.forEach((key, value) -> argv.add(key + "=" + value));
        Path log = run.resolve("fraisier.log");
        Process fraisier = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"))) {
                assertThat(fraisier.isAlive())
                        .as("the deploy ended before its install: %s", Files.readString(log))
                        .isTrue();
                assertThat(System.nanoTime()).as("the install never started").isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            fraisier.destroyForcibly(); // SIGKILL: no finally block, no SSH disconnect message
            fraisier.waitFor();
        }
        long child = Long.parseLong(Files.readString(pidFile).strip());
        try {
            assertThat(Processes.awaitGone(child, Duration.ofSeconds(10)))
                    .as("the install's sleep %d on the host, after its Fraisier was killed", child)
                    .isTrue();
        } finally {
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void deploy_whenSshdDiesMidStep_failsNamingTheHost_thenRollbackReconnects() throws Exception {
        Path slow = run.resolve("slow");
        Map<String, Object> s = settings("in_place");
        s.put("install_command", "if [ -f '" + slow + "' ]; then sleep 20 > /dev/null 2>&1; fi");
        Version v1 = publishV1();
        try (var p = provider(s, Duration.ofSeconds(60))) {
            p.deploy(v1, StepReporter.NONE);
            Files.writeString(slow, "");
            Version v2 = Version.of(origin.commit("v2", TinyService.files(200, "v2")));
            List<Thread> killer = new CopyOnWriteArrayList<>();
            StepReporter killSshdDuringInstall = (step, message) -> {
                if (step.equals("install")) {
                    killer.add(Thread.ofVirtual().start(() -> {
                        try {
                            Thread.sleep(500);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        sshd.stop();
                    }));
                }
            };
            try {
                assertThatThrownBy(() -> p.deploy(v2, killSshdDuringInstall))
                        .isInstanceOfSatisfying(FraisierException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
                            assertThat(e.getMessage())
                                    .contains("Step 'install'", OpenSshd.USER + "@127.0.0.1:" + sshd.port());
                        });
            } finally {
                for (Thread t : killer) {
                    t.join();
                }
                Files.deleteIfExists(slow);
                sshd.startAgain();
            }
            p.deploy(v1, StepReporter.NONE);
            assertThat(p.currentVersion()).contains(v1);
            assertThat(BareMetalTargets.connection(p).connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void systemdService_withStandInSystemctl_restartsProbesAndReadsTheJournal() throws Exception {
        Map<String, Object> s = settings("releases");
        s.remove("restart_command");
        s.put("systemd_service", "it.service");
        StandInSystemd.install(service, sshd.bin(), "it.service", appPath + "/current");
        OpenSshd.ownedByTestUser(sshd.bin().resolve("state"));
        origin.commit("v1", TinyService.files(200, "v1"));
        try (var p = provider(s, Duration.ofSeconds(60))) {
            p.deploy(p.resolveTarget(null), StepReporter.NONE);
            ProbeResult verdict = healthyWithin(p, Duration.ofSeconds(10));
            assertThat(verdict.healthy()).as("%s", verdict).isTrue();
            assertThat(verdict.detail()).contains("systemctl is-active: active");
            assertThat(p.recentLogs(20)).anySatisfy(l -> assertThat(l).contains("restarted it.service"));
            List<CheckResult> checks = p.selfTest();
            assertThat(checks).allMatch(CheckResult::ok, "all ok: " + checks);
            assertThat(checks).extracting(CheckResult::name).contains("systemd");
        }
    }
}
