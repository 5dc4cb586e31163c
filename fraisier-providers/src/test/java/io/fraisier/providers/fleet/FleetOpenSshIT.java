package io.fraisier.providers.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.RollbackRequest;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.TargetStatus;
import io.fraisier.providers.baremetal.OpenSshd;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.git.GitOrigin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet of three real OpenSSH servers on loopback (three sshd on three ports, three app directories),
 * rolled out over SSH by the real engine. Each host's health command reads a file of its own
 * ({@code ../unhealthy-versions}, next to its checkout): a version listed there is unhealthy on that host
 * only.
 */
class FleetOpenSshIT {
    private static final Target TARGET = Target.of("demo", "production");
    private static final List<OpenSshd> SSHD = new ArrayList<>();
    private static final List<Path> HOMES = new ArrayList<>();

    private static GitOrigin origin;
    private final InMemoryStore store = new InMemoryStore();

    @BeforeAll
    static void startThreeSshd() throws IOException {
        assumeThat(OpenSshd.unavailable()).as(OpenSshd.unavailable().orElse("")).isEmpty();
        for (int i = 0; i < 3; i++) {
            OpenSshd sshd = OpenSshd.start();
            SSHD.add(sshd);
            HOMES.add(OpenSshd.ownedByTestUser(sshd.newFolder("host").resolve("srv")));
        }
        origin = GitOrigin.withBare(SSHD.getFirst().newFolder("git"));
    }

    @AfterAll
    static void stopThem() throws IOException {
        for (OpenSshd sshd : SSHD) {
            sshd.close();
        }
    }

    private static String commit(String version) {
        return origin.commit(version, Map.of("VERSION", version + "\n"));
    }

    private Fraisier fraisier(int canary, int batchSize) {
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            OpenSshd s = SSHD.get(i);
            hosts.append("          - { host: 127.0.0.1, port: %d, key_path: %s, known_hosts: %s, app_path: %s }\n"
                    .formatted(
                            s.port(),
                            s.clientKey(),
                            s.knownHosts(),
                            HOMES.get(i).resolve("app")));
        }
        String yaml = """
                fraises:
                  demo:
                    type: api
                    environments:
                      production:
                        provider: bare_metal
                        branch: main
                        git_repo: %s
                        user: %s
                        timeout: 60
                        health_check_command: '! grep -qxF "$(cat VERSION)" ../unhealthy-versions'
                        health_check_retries: 0
                        rollout:
                          canary: %d
                          batch_size: %d
                        hosts:
                %s""".formatted(origin.url(), OpenSshd.USER, canary, batchSize, hosts);
        FraisierConfig config = new ConfigParser(Map.of()).parse(yaml, Path.of("fraises.yaml"));
        return Fraisier.builder()
                .config(config)
                .store(store)
                .discoverListeners(false)
                .environment(Map.of())
                .build();
    }

    /** The VERSION checked out on a host ("nothing" before its first deployment). */
    private static String running(int host) throws IOException {
        Path version = HOMES.get(host).resolve("app").resolve("VERSION");
        return Files.exists(version) ? Files.readString(version).strip() : "nothing";
    }

    private static String name(int host) {
        return "127.0.0.1:" + SSHD.get(host).port();
    }

    @Test
    void rollout_canaryAndBatches_thenAVersionUnhealthyOnTheSecondHost_thenRollback() throws Exception {
        commit("v1");
        assertThat(fraisier(0, 1).deploy(DeployRequest.of(TARGET))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        for (int i = 0; i < 3; i++) {
            assertThat(running(i)).isEqualTo("v1");
        }

        commit("v2");
        DeploymentOutcome v2 = fraisier(1, 2).deploy(DeployRequest.of(TARGET));
        assertThat(v2).isInstanceOf(DeploymentOutcome.Succeeded.class);
        for (int i = 0; i < 3; i++) {
            assertThat(running(i)).isEqualTo("v2");
        }
        assertThat(messages(v2, "batch"))
                .containsExactly("batch 1/2: " + name(0), "batch 2/2: " + name(1) + ", " + name(2));

        Files.writeString(HOMES.get(1).resolve("unhealthy-versions"), "v3\n");
        String v3 = commit("v3");
        DeploymentOutcome third = fraisier(1, 1).deploy(DeployRequest.of(TARGET));
        assertThat(third).asInstanceOf(type(DeploymentOutcome.RolledBack.class)).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(6);
            assertThat(r.deployment().status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
            assertThat(r.reason()).contains(name(1) + ": health check of " + v3);
        });
        assertThat(running(0)).isEqualTo("v2");
        assertThat(running(1)).isEqualTo("v2");
        assertThat(running(2)).as("the third host was never touched").isEqualTo("v2");
        assertThat(messages(third, "deploy")).noneMatch(m -> m.startsWith(name(2)));

        TargetStatus status = fraisier(1, 1).status(TARGET);
        assertThat(status.hosts())
                .hasSize(3)
                .allSatisfy(h -> assertThat(h.error()).isNull());
        assertThat(status.hosts())
                .allSatisfy(h -> assertThat(h.health().healthy()).isTrue());

        DeploymentOutcome back = fraisier(1, 2).rollback(RollbackRequest.of(TARGET));
        assertThat(back).isInstanceOf(DeploymentOutcome.Succeeded.class);
        for (int i = 0; i < 3; i++) {
            assertThat(running(i)).isEqualTo("v1");
        }
    }

    @Test
    void rollout_whenAHostIsDown_failsBeforeChangingAnyHost() throws Exception {
        commit("v4");
        int port = SSHD.get(2).port();
        String before0 = running(0);
        Path thirdHostKnownHosts = SSHD.get(2).knownHosts();
        String saved = Files.readString(thirdHostKnownHosts);
        // an unknown host key: the host cannot be reached safely, as if it were down
        Files.writeString(thirdHostKnownHosts, "");
        try {
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                            io.fraisier.core.error.FraisierException.class,
                            () -> fraisier(0, 3).deploy(DeployRequest.of(TARGET))))
                    .satisfies(e -> {
                        assertThat(e.code().exitCode()).isEqualTo(5);
                        assertThat(e.getMessage()).contains("127.0.0.1:" + port).contains("no host was changed");
                    });
        } finally {
            Files.writeString(thirdHostKnownHosts, saved);
        }
        assertThat(running(0)).isEqualTo(before0).isNotEqualTo("v4");
        assertThat(running(1)).isNotEqualTo("v4");
    }

    private List<String> messages(DeploymentOutcome outcome, String step) {
        long id = switch (outcome) {
            case DeploymentOutcome.Succeeded s -> s.deployment().id();
            case DeploymentOutcome.RolledBack r -> r.deployment().id();
            default -> throw new AssertionError(outcome.summary());
        };
        return store.events().list(id).stream()
                .filter(e -> e.step().equals(step))
                .map(DeploymentEvent::message)
                .toList();
    }
}
