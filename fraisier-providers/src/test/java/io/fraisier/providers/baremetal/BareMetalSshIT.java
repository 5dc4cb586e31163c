package io.fraisier.providers.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.ssh.SshConnection;
import io.fraisier.testkit.git.GitOrigin;
import io.fraisier.testkit.git.TinyService;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;

/** Host keys, authentication, quoting, timeouts, dropped connections and systemd, against an in-process SSH server. */
class BareMetalSshIT extends InProcessSshFixture {
    @Test
    void connect_whenHostKeyIsUnknown_refusesShowingTheFingerprintAndHowToTrustIt() throws Exception {
        Files.writeString(knownHosts, "");
        try (var p = provider(settings())) {
            assertThatThrownBy(p::currentVersion).isInstanceOfSatisfying(FraisierException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
                assertThat(e.getMessage())
                        .contains("deploy@127.0.0.1:" + server.port())
                        .contains("is not known")
                        .contains(fingerprintUnchecked());
                assertThat(e.hint())
                        .contains("ssh-keyscan -p " + server.port() + " 127.0.0.1 >> " + knownHosts)
                        .contains("host_key_fingerprint: \"" + fingerprintUnchecked() + "\"");
            });
        }
    }

    @Test
    void connect_whenKnownHostsHoldsAnotherKey_refusesAsChanged() throws Exception {
        Files.writeString(
                knownHosts,
                "[127.0.0.1]:" + server.port() + " "
                        + PublicKeyEntry.toString(SshTestServer.generate().getPublic()) + "\n");
        try (var p = provider(settings())) {
            assertThatThrownBy(p::currentVersion)
                    .isInstanceOf(FraisierException.class)
                    .hasMessageContaining("CHANGED")
                    .hasMessageContaining(fingerprint());
        }
    }

    @Test
    void connect_withPinnedFingerprint_acceptsWithoutKnownHosts() throws Exception {
        Map<String, Object> s = settings();
        s.put("known_hosts", root.resolve("absent").toString());
        s.put("host_key_fingerprint", fingerprint());
        try (var p = provider(s)) {
            assertThat(p.currentVersion()).isEmpty();
            assertThat(BareMetalTargets.connection(p).hostKeyFingerprint()).isEqualTo(fingerprint());
        }
    }

    @Test
    void connect_withHashedKnownHostsEntry_trustsTheHost() throws Exception {
        GitOrigin.run(List.of("ssh-keygen", "-q", "-H", "-f", knownHosts.toString()));
        assertThat(Files.readString(knownHosts)).startsWith("|1|");
        try (var p = provider(settings())) {
            assertThat(p.currentVersion()).isEmpty();
        }
    }

    @Test
    void deploy_intoANonEmptyFolderThatIsNoCheckout_refusesNamingIt() throws Exception {
        Files.createDirectories(appPath);
        Files.writeString(appPath.resolve("precious.txt"), "keep me");
        origin.commit("v1", TinyService.files(200, "v1"));
        try (var p = provider(settings())) {
            assertThatThrownBy(() -> p.deploy(p.resolveTarget(null), StepReporter.NONE))
                    .isInstanceOfSatisfying(FraisierException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
                        assertThat(e.getMessage()).contains(appPath + " exists, is not empty");
                    });
        }
        assertThat(appPath.resolve("precious.txt")).hasContent("keep me");
    }

    @Test
    void connect_withWrongPinnedFingerprint_refusesShowingBoth() throws Exception {
        String wrong = "SHA256:" + "A".repeat(43);
        Map<String, Object> s = settings();
        s.put("host_key_fingerprint", wrong);
        try (var p = provider(s)) {
            assertThatThrownBy(p::currentVersion)
                    .isInstanceOfSatisfying(
                            FraisierException.class,
                            e -> assertThat(e.getMessage())
                                    .contains("does not match host_key_fingerprint")
                                    .contains(wrong)
                                    .contains(fingerprintUnchecked()));
        }
    }

    @Test
    void connect_toRefusedPort_namesEndpointAndHint() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, Object> s = settings();
        s.put("port", (long) closed);
        try (var p = provider(s)) {
            assertThatThrownBy(p::currentVersion).isInstanceOfSatisfying(FraisierException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
                assertThat(e.getMessage()).contains("deploy@127.0.0.1:" + closed, "connection refused");
                assertThat(e.hint()).contains("sshd", "port " + closed);
            });
        }
    }

    @Test
    void connect_toUnknownHost_saysDnsFailed() {
        Map<String, Object> s = settings();
        s.put("host", "no-such-host.invalid");
        try (var p = provider(s)) {
            assertThatThrownBy(p::currentVersion).isInstanceOfSatisfying(FraisierException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
                assertThat(e.getMessage()).contains("deploy@no-such-host.invalid:", "unknown host");
            });
        }
    }

    @Test
    void connect_withKeyTheServerRefuses_failsAuthenticationNamingTheKey() throws Exception {
        Path other = new SshTestServer(bin).writeClientKey(root.resolve("id_other"), null);
        Map<String, Object> s = settings();
        s.put("key_path", other.toString());
        try (var p = provider(s)) {
            assertThatThrownBy(p::currentVersion).isInstanceOfSatisfying(FraisierException.class, e -> {
                assertThat(e.getMessage()).contains("Authentication of deploy@127.0.0.1", other.toString());
                assertThat(e.hint()).contains("authorized_keys");
            });
            List<CheckResult> checks = p.selfTest();
            assertThat(checks).extracting(CheckResult::name).containsExactly("connect", "host key", "authentication");
            assertThat(checks).extracting(CheckResult::ok).containsExactly(true, true, false);
        }
    }

    @Test
    void connect_withEncryptedKey_readsThePassphraseFromTheNamedVariable() throws Exception {
        key = server.writeClientKey(root.resolve("id_encrypted"), "s3cret pass");
        Map<String, Object> s = settings();
        s.put("key_passphrase_env", "DEPLOY_KEY_PASSPHRASE");
        try (var p = provider(s, Duration.ofSeconds(30), Map.of("DEPLOY_KEY_PASSPHRASE", "s3cret pass"))) {
            assertThat(p.currentVersion()).isEmpty();
        }
        assertThatThrownBy(() -> provider(s, Duration.ofSeconds(30), Map.of()))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MISSING);
                    assertThat(e.getMessage()).contains("DEPLOY_KEY_PASSPHRASE").doesNotContain("s3cret");
                });
        try (var p = provider(s, Duration.ofSeconds(30), Map.of("DEPLOY_KEY_PASSPHRASE", "wrong"))) {
            assertThatThrownBy(p::currentVersion)
                    .isInstanceOf(FraisierException.class)
                    .hasMessageContaining("cannot use the private key")
                    .hasMessageNotContaining("wrong");
        }
    }

    @Test
    void deploy_reusesOneConnection_andQuotesHostileValues() throws Exception {
        Path marker = root.resolve("it's \"quoted\" $HOME `x`");
        Map<String, Object> s = settings();
        s.put(
                "install_command",
                "printf '%s|%s' \"it's\" \"$FRAISIER_FRAISE\" > " + "'"
                        + marker.toString().replace("'", "'\\''") + "'");
        Version v1 = Version.of(origin.commit("v1", TinyService.files(200, "v1")));
        List<String> steps = new CopyOnWriteArrayList<>();
        try (var p = provider(s)) {
            p.deploy(p.resolveTarget(null), (step, message) -> steps.add(step + ": " + message));
            assertThat(p.currentVersion()).contains(v1);
            assertThat(BareMetalTargets.connection(p).connectionsOpened()).isEqualTo(1);
        }
        assertThat(Files.readString(marker)).isEqualTo("it's|demo");
        assertThat(appPath.resolve("VERSION")).hasContent("v1");
        assertThat(steps).first().asString().startsWith("connect: deploy@127.0.0.1:" + server.port());
    }

    @Test
    void deploy_whenTheConnectionDropsMidStep_failsCleanly_andALaterCallReconnects() throws Exception {
        Path slow = root.resolve("slow");
        Map<String, Object> s = settings();
        s.put("install_command", "if [ -f '" + slow + "' ]; then sleep 20 > /dev/null 2>&1; fi");
        Version v1 = Version.of(origin.commit("v1", TinyService.files(200, "v1")));
        try (var p = provider(s)) {
            p.deploy(v1, StepReporter.NONE);
            Files.writeString(slow, "");
            Version v2 = Version.of(origin.commit("v2", TinyService.files(200, "v2")));
            List<Thread> dropper = new CopyOnWriteArrayList<>();
            StepReporter dropDuringInstall = (step, message) -> {
                if (step.equals("install")) {
                    dropper.add(Thread.ofVirtual().start(() -> {
                        try {
                            Thread.sleep(300);
                            server.stop();
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
            };
            assertThatThrownBy(() -> p.deploy(v2, dropDuringInstall))
                    .isInstanceOfSatisfying(FraisierException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
                        assertThat(e.getMessage())
                                .contains("Step 'install'", "deploy@127.0.0.1:" + server.port(), "was lost");
                    });

            for (Thread t : dropper) {
                t.join();
            }
            Files.delete(slow);
            server.start();
            p.deploy(v1, StepReporter.NONE);

            assertThat(p.currentVersion()).contains(v1);
            assertThat(BareMetalTargets.connection(p).connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void systemdService_isRestartedWithSystemctl_probedWithIsActive_andItsJournalRead() throws Exception {
        Map<String, Object> s = settings();
        s.remove("restart_command");
        s.put("systemd_service", "demo.service");
        s.put("strategy", "releases");
        StandInSystemd.install(service, bin, "demo.service", appPath + "/current");
        origin.commit("v1", TinyService.files(200, "v1"));
        try (var p = provider(s)) {
            assertThat(p.probe(BareMetalTargets.httpCheck(service.healthUrl()), Duration.ofSeconds(2))
                            .detail())
                    .contains("systemctl is-active: inactive");
            p.deploy(p.resolveTarget(null), StepReporter.NONE);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            var verdict = p.probe(BareMetalTargets.httpCheck(service.healthUrl()), Duration.ofSeconds(2));
            while (!verdict.healthy() && System.nanoTime() < deadline) {
                verdict = p.probe(BareMetalTargets.httpCheck(service.healthUrl()), Duration.ofSeconds(2));
            }
            assertThat(verdict.healthy()).as("%s", verdict).isTrue();
            assertThat(verdict.detail()).contains("systemctl is-active: active", "HTTP 200");
            assertThat(p.recentLogs(50)).anySatisfy(line -> assertThat(line).contains("restarted demo.service"));
            assertThat(p.selfTest())
                    .allMatch(CheckResult::ok)
                    .extracting(CheckResult::name)
                    .contains("connect", "host key", "authentication", "git", "app_path", "git_repo", "systemd");
        }
    }

    @Test
    void recentLogs_runsLogCommandWithTheLineCount() throws Exception {
        Map<String, Object> s = settings();
        s.put("log_command", "seq 1 \"$((FRAISIER_LOG_LINES * 2))\"");
        Files.createDirectories(appPath);
        try (var p = provider(s)) {
            assertThat(p.recentLogs(3)).containsExactly("4", "5", "6");
        }
        try (var p = provider(settings())) {
            assertThat(p.recentLogs(3))
                    .as("no log_command, no systemd_service: no log source")
                    .isEmpty();
        }
    }

    @Test
    void recentLogs_whenLogCommandFails_namesTheKeyToFix() throws Exception {
        Map<String, Object> s = settings();
        s.put("log_command", "echo 'no such log' >&2; exit 3");
        Files.createDirectories(appPath);
        try (var p = provider(s)) {
            assertThatThrownBy(() -> p.recentLogs(3)).isInstanceOfSatisfying(FraisierException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
                assertThat(e.getMessage()).contains("no such log");
                assertThat(e.hint()).contains("log_command");
            });
        }
    }

    @Test
    void selfTest_whenHostKeyIsUnknown_passesConnectAndFailsHostKey() throws Exception {
        Files.writeString(knownHosts, "");
        try (var p = provider(settings())) {
            List<CheckResult> checks = p.selfTest();
            assertThat(checks).extracting(CheckResult::name).containsExactly("connect", "host key");
            assertThat(checks.get(0).ok()).isTrue();
            assertThat(checks.get(1).ok()).isFalse();
            assertThat(checks.get(1).detail()).contains(fingerprint(), "ssh-keyscan");
        }
    }

    @Test
    void close_closesTheConnection() throws Exception {
        var p = provider(settings());
        p.currentVersion();
        SshConnection connection = BareMetalTargets.connection(p);
        assertThat(connection.stage()).isEqualTo(SshConnection.Stage.READY);
        p.close();
        p.close();
        assertThat(connection.connectionsOpened()).isEqualTo(1);
    }

    private String fingerprintUnchecked() {
        try {
            return fingerprint();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
