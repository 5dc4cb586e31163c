package io.fraisier.providers.fleet;

import static org.assertj.core.api.Assertions.assertThat;
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
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.RecordingListener;
import io.fraisier.testkit.git.GitOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of three checkouts on this machine (the {@code local} provider, one app directory per host),
 * rolled out by the real engine with real git and real health commands: each commit says which hosts it
 * is healthy on (a file {@code ok-<host>} the health command looks for in the deployed checkout).
 */
class LocalFleetIT {
    private static final Target TARGET = Target.of("demo", "production");

    @TempDir
    Path dir;

    private GitOrigin origin;
    private final InMemoryStore store = new InMemoryStore();
    private final RecordingListener listener = new RecordingListener();

    private String commit(String version, String... healthyOn) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("VERSION", version + "\n");
        for (String host : List.of("web1", "web2", "web3")) {
            if (List.of(healthyOn).contains(host)) {
                files.put("ok-" + host, "ok\n");
            } else if (Files.exists(origin.dir().resolve("ok-" + host))) {
                origin.git("rm", "-q", "ok-" + host);
            }
        }
        return origin.commit(version, files);
    }

    private Fraisier fraisier(int canary, int batchSize) throws Exception {
        String yaml = """
                fraises:
                  demo:
                    type: api
                    environments:
                      production:
                        provider: local
                        branch: main
                        git_repo: %1$s
                        hosts:
                          - { host: web1, app_path: %2$s/web1 }
                          - { host: web2, app_path: %2$s/web2 }
                          - { host: web3, app_path: %2$s/web3 }
                        health_check_command: "test -f ok-{host}"
                        health_check_retries: 1
                        health_check_interval: 1
                        rollout:
                          canary: %3$d
                          batch_size: %4$d
                """.formatted(origin.dir(), dir, canary, batchSize);
        FraisierConfig config = new ConfigParser(Map.of()).parse(yaml, dir.resolve("fraises.yaml"));
        return Fraisier.builder()
                .config(config)
                .store(store)
                .listener(listener)
                .discoverListeners(false)
                .environment(Map.of())
                .build();
    }

    private String checkout(String host) {
        return GitOrigin.run(List.of("git", "-C", dir.resolve(host).toString(), "rev-parse", "HEAD"))
                .strip();
    }

    @Test
    void v1ToAll_v2WithACanary_v3UnhealthyOnTheSecondHost_rollsBackTheTwo_thenRollback() throws Exception {
        origin = GitOrigin.create(Files.createDirectories(dir.resolve("repo")));
        String v1 = commit("v1", "web1", "web2", "web3");

        DeploymentOutcome first = fraisier(0, 1).deploy(DeployRequest.of(TARGET));
        assertThat(first).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(List.of("web1", "web2", "web3"))
                .allSatisfy(h -> assertThat(checkout(h)).isEqualTo(v1));

        String v2 = commit("v2", "web1", "web2", "web3");
        DeploymentOutcome second = fraisier(1, 2).deploy(DeployRequest.of(TARGET));
        assertThat(second).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(List.of("web1", "web2", "web3"))
                .allSatisfy(h -> assertThat(checkout(h)).isEqualTo(v2));
        assertThat(events(second, "batch")).containsExactly("batch 1/2: web1", "batch 2/2: web2, web3");

        String v3 = commit("v3", "web1", "web3");
        DeploymentOutcome third = fraisier(1, 1).deploy(DeployRequest.of(TARGET));
        assertThat(third).asInstanceOf(type(DeploymentOutcome.RolledBack.class)).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(6);
            assertThat(r.deployment().status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
            assertThat(r.reason()).contains("web2: health check of " + v3);
        });
        assertThat(checkout("web1")).isEqualTo(v2);
        assertThat(checkout("web2")).isEqualTo(v2);
        assertThat(checkout("web3")).isEqualTo(v2);
        assertThat(events(third, "deploy")).as("web3 was never deployed to").noneMatch(m -> m.startsWith("web3"));
        assertThat(events(third, "fleet").getLast())
                .isEqualTo("hosts now: web1 at " + v2 + ", web2 at " + v2 + ", web3 at " + v2);

        DeploymentOutcome back = fraisier(1, 2).rollback(RollbackRequest.of(TARGET));
        assertThat(back).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(List.of("web1", "web2", "web3"))
                .allSatisfy(h -> assertThat(checkout(h)).isEqualTo(v1));
    }

    /** A webhook push of {@code commit} to main, as the daemon queues it. */
    private static DeployRequest push(String commit) {
        return DeployRequest.of(TARGET)
                .withVersion(Version.of(commit))
                .by(Trigger.WEBHOOK, "octocat")
                .fromGit("main", commit, null);
    }

    @Test
    void aReplayedWebhookPush_isSkippedAsStale_andNoHostMovesBack() throws Exception {
        // a host signs only the body: v1's push, replayed under a new delivery id after v2's, verifies
        origin = GitOrigin.create(Files.createDirectories(dir.resolve("repo")));
        String v1 = commit("v1", "web1", "web2", "web3");
        Fraisier fraisier = fraisier(0, 3);
        assertThat(fraisier.deploy(push(v1))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        String v2 = commit("v2", "web1", "web2", "web3");
        assertThat(fraisier.deploy(push(v2))).isInstanceOf(DeploymentOutcome.Succeeded.class);

        DeploymentOutcome replay = fraisier.deploy(push(v1));

        assertThat(replay)
                .asInstanceOf(type(DeploymentOutcome.Skipped.class))
                .extracting(DeploymentOutcome.Skipped::reason)
                .isEqualTo("stale: " + v1.substring(0, 12) + " is no longer the head of branch main (now "
                        + v2.substring(0, 12) + "), which already runs");
        assertThat(List.of("web1", "web2", "web3"))
                .allSatisfy(h -> assertThat(checkout(h)).isEqualTo(v2));
    }

    private List<String> events(DeploymentOutcome outcome, String step) {
        long id = switch (outcome) {
            case DeploymentOutcome.Succeeded s -> s.deployment().id();
            case DeploymentOutcome.RolledBack r -> r.deployment().id();
            default -> throw new AssertionError("unexpected outcome " + outcome.summary());
        };
        return store.events().list(id).stream()
                .filter(e -> e.step().equals(step))
                .map(DeploymentEvent::message)
                .toList();
    }
}
