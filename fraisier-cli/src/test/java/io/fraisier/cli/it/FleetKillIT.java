package io.fraisier.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.testkit.git.GitOrigin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the real CLI in the middle of a fleet's second batch (three checkouts on this
 * machine, the {@code local} provider, SQLite): no lock outlives its lease, the next command marks the row
 * {@code interrupted} and writes on it which host ran which version, and the next deploy finishes the
 * rollout.
 */
class FleetKillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE = Duration.ofSeconds(Long.parseLong(Scenario.LEASE_SECONDS));
    private static final List<String> HOSTS = List.of("web1", "web2", "web3");

    @TempDir
    Path dir;

    private Path state;
    private CliProcess cli;

    private void setUp(GitOrigin origin) throws IOException {
        state = Files.createDirectories(dir.resolve("state"));
        Path restart = dir.resolve("restart.sh");
        // touches at-<host>, then waits while block-<host> exists: the test kills the CLI there
        Files.writeString(restart, """
                #!/bin/sh
                touch "%1$s/at-$1"
                while [ -f "%1$s/block-$1" ]; do sleep 0.05; done
                """.formatted(state));
        StringBuilder hosts = new StringBuilder();
        for (String h : HOSTS) {
            hosts.append("          - { host: %1$s, app_path: %2$s/%1$s, restart_command: \"sh %3$s %1$s\" }\n"
                    .formatted(h, dir, restart));
        }
        Path config = dir.resolve("fraises.yaml");
        Files.writeString(config, """
                fraises:
                  demo:
                    type: api
                    environments:
                      production:
                        provider: local
                        branch: main
                        git_repo: %s
                        timeout: 120
                        rollout:
                          canary: 1
                          batch_size: 2
                        hosts:
                %s""".formatted(origin.dir(), hosts));
        Map<String, String> env = new HashMap<>(Stores.SQLITE.environment(dir));
        env.put("FRAISIER_CONFIG", config.toString());
        env.put("FRAISIER_LEASE_SECONDS", Scenario.LEASE_SECONDS);
        cli = new CliProcess(dir, env);
    }

    private JsonNode json(int exit, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--output");
        all.add("json");
        CliProcess.Result r = cli.run(all.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        return JSON.readTree(r.out());
    }

    private String checkout(String host) {
        return GitOrigin.run(List.of("git", "-C", dir.resolve(host).toString(), "rev-parse", "HEAD"))
                .strip();
    }

    @Test
    void killedInTheSecondBatch_leavesNoLockPastItsLease_namesEachHostsVersion_andTheNextDeployFinishes()
            throws Exception {
        GitOrigin origin = GitOrigin.create(Files.createDirectories(dir.resolve("repo")));
        String v1 = origin.commit("v1", Map.of("VERSION", "v1\n"));
        setUp(origin);
        assertThat(json(0, "deploy", "demo", "production").get("outcome").asText())
                .isEqualTo("succeeded");

        String v2 = origin.commit("v2", Map.of("VERSION", "v2\n"));
        Files.writeString(state.resolve("block-web2"), "");
        Files.deleteIfExists(state.resolve("at-web2"));
        CliProcess.Running running = cli.start("deploy", "demo", "production");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(state.resolve("at-web2"))) {
            assertThat(running.process().isAlive()).as("the deploy ended early").isTrue();
            assertThat(System.nanoTime())
                    .as("the deploy never reached web2's restart")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        List<ProcessHandle> children = running.process().descendants().toList();
        running.process().destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        running.process().waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
        Instant killedAt = Instant.now();
        Files.delete(state.resolve("block-web2"));
        assertThat(checkout("web1")).isEqualTo(v2);

        Thread.sleep(Duration.between(Instant.now(), killedAt.plus(LEASE).plusMillis(500))
                .toMillis());
        JsonNode status = json(0, "status", "demo", "production");
        assertThat(status.at("/recent/0/status").asText()).isEqualTo("interrupted");
        assertThat(status.get("lock").isNull()).as(status.toPrettyString()).isTrue();
        List<String> recovery = new ArrayList<>();
        status.get("latest_events").forEach(e -> {
            if (e.get("step").asText().equals("recovery")) {
                recovery.add(e.get("message").asText());
            }
        });
        assertThat(recovery)
                .anySatisfy(m -> assertThat(m)
                        .contains("web1 at " + v2)
                        .contains("web2 at " + v1 + ", being changed to " + v2)
                        .contains("web3 at " + v1 + ", being changed to " + v2));

        JsonNode next = json(0, "deploy", "demo", "production");
        assertThat(next.get("outcome").asText()).isEqualTo("succeeded");
        for (String h : HOSTS) {
            assertThat(checkout(h)).as(h).isEqualTo(v2);
        }
        JsonNode after = json(0, "status", "demo", "production");
        assertThat(after.get("hosts"))
                .extracting(h -> h.get("running_version").asText())
                .containsExactly(v2, v2, v2);
    }
}
