package io.fraisier.cli.it;

import static io.fraisier.cli.it.Deployable.ENVIRONMENT;
import static io.fraisier.cli.it.Deployable.FRAISE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hooks:} through the real CLI (a JVM per command) with real scripts and the {@code local} provider
 * on SQLite: pre → deploy → post order under the lock, a failing pre_deploy that changes nothing (exit 6),
 * on_failure after a rollback, a timed-out hook killed with its process tree, the variables a hook gets
 * and those it never gets, install/hook output under {@code -v}, and a missing script caught by
 * {@code config validate}.
 */
class HooksIT {
    private static final String WEBHOOK_SECRET = "gh-hook-secret-4f9a2c";

    @TempDir
    Path dir;

    /**
     * Each hook appends {@code <hook> <epoch-ms>} to state/hooks.log and writes its environment to
     * state/<hook>.env; pre_deploy waits while state/block-pre exists (after touching state/at-pre), fails
     * while state/pre-fails exists, and hangs (leaving a background sleep whose pid is in state/bg.pid) while
     * state/pre-hangs exists. Every hook prints a line holding the configured webhook secret, read from a
     * file it owns, to prove it is scrubbed.
     */
    private Scenario scenario() throws IOException {
        Scenario s = new Scenario(Stores.SQLITE, dir, Map.of("GITHUB_WEBHOOK_SECRET", WEBHOOK_SECRET));
        Path state = s.service.state;
        Files.writeString(state.resolve("secret.txt"), WEBHOOK_SECRET);
        Path hooks = Files.createDirectories(dir.resolve("hooks"));
        for (String hook : List.of("pre_deploy", "post_deploy", "on_failure")) {
            String pre = hook.equals("pre_deploy") ? """
                    if [ -f "$S/block-pre" ]; then touch "$S/at-pre"; while [ -f "$S/block-pre" ]; do sleep 0.05; done; fi
                    if [ -f "$S/pre-hangs" ]; then (sleep 300 & echo $! > "$S/bg.pid"); echo hanging; sleep 300; fi
                    if [ -f "$S/pre-fails" ]; then echo "migrations pending" >&2; exit 5; fi
                    """ : "";
            Path script = hooks.resolve(hook + ".sh");
            Files.writeString(script, """
                    #!/bin/sh
                    S=%s
                    echo "%s $(date +%%s%%3N)" >> "$S/hooks.log"
                    env > "$S/%s.env"
                    echo "%s says hello for $FRAISIER_VERSION"
                    echo "token=$(cat "$S/secret.txt")"
                    %s
                    exit 0
                    """.formatted(state, hook, hook, hook, pre));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // relative paths: resolved against the directory of fraises.yaml
        Files.writeString(s.service.config, Files.readString(s.service.config) + """
                        hooks:
                          pre_deploy: ./hooks/pre_deploy.sh
                          post_deploy: hooks/post_deploy.sh
                          on_failure: ./hooks/on_failure.sh
                          timeout: 20
                git:
                  github: { webhook_secret: "${GITHUB_WEBHOOK_SECRET}" }
                """);
        return s;
    }

    @Test
    void hooksAroundRealDeployments() throws Exception {
        try (Scenario s = scenario()) {
            Deployable svc = s.service;
            Path state = svc.state;
            String v1 = svc.commit("v1", true);

            // pre_deploy runs with the target's lock held: seen from another process while it waits
            touch(state.resolve("block-pre"));
            CliProcess.Running deploy = s.cli.start("-v", "deploy", FRAISE, ENVIRONMENT);
            await(() -> Files.exists(state.resolve("at-pre")), deploy);
            JsonNode locks = s.json(0, "lock", "list").get("locks");
            assertThat(locks).hasSize(1);
            assertThat(svc.restarts())
                    .as("nothing deployed while pre_deploy runs")
                    .isEmpty();
            Files.delete(state.resolve("block-pre"));
            CliProcess.Result first = deploy.await();
            assertThat(first.exit()).as(first.toString()).isEqualTo(0);

            // order: pre_deploy, then the provider's restart, then post_deploy
            List<String[]> log = hookLog(state);
            assertThat(log).extracting(l -> l[0]).containsExactly("pre_deploy", "post_deploy");
            long restartStart = svc.restarts().getFirst().startMillis();
            assertThat(Long.parseLong(log.get(0)[1])).isLessThanOrEqualTo(restartStart);
            assertThat(Long.parseLong(log.get(1)[1]))
                    .isGreaterThanOrEqualTo(svc.restarts().getFirst().endMillis());
            JsonNode status = s.json(0, "status", FRAISE, ENVIRONMENT);
            List<String> steps = steps(status);
            assertThat(steps.indexOf("lock")).isLessThan(steps.indexOf("pre_deploy"));
            assertThat(steps.indexOf("pre_deploy")).isLessThan(steps.indexOf("deploy"));
            assertThat(steps.indexOf("restart")).isLessThan(steps.indexOf("post_deploy"));

            // the variables, and none of Fraisier's secrets
            String preEnv = Files.readString(state.resolve("pre_deploy.env"));
            assertThat(preEnv)
                    .contains(
                            "FRAISIER_FRAISE=" + FRAISE,
                            "FRAISIER_ENVIRONMENT=" + ENVIRONMENT,
                            "FRAISIER_VERSION=" + v1,
                            "FRAISIER_OLD_VERSION=\n",
                            "FRAISIER_DEPLOYMENT_ID=",
                            "FRAISIER_TRIGGER=cli")
                    .doesNotContain("FRAISIER_STATUS", WEBHOOK_SECRET, "FRAISIER_DATABASE_URL", "FRAISIER_HOME");
            assertThat(Files.readString(state.resolve("post_deploy.env")))
                    .contains("FRAISIER_STATUS=success")
                    .doesNotContain(WEBHOOK_SECRET);

            // -v: hook and install output as it came, the secret scrubbed; the events keep the tail, scrubbed
            assertThat(first.err())
                    .contains("pre_deploy   | pre_deploy says hello for " + v1)
                    .contains("pre_deploy   | token=***")
                    .contains("install      | installing " + v1)
                    .contains("post_deploy  | post_deploy says hello")
                    .doesNotContain(WEBHOOK_SECRET);
            assertThat(status.toString())
                    .contains("pre_deploy says hello for " + v1, "last output:")
                    .doesNotContain(WEBHOOK_SECRET);
            CliProcess.Result text = s.run(0, "status", FRAISE, ENVIRONMENT);
            assertThat(text.out())
                    .contains("| post_deploy says hello for " + v1)
                    .doesNotContain(WEBHOOK_SECRET);

            // a failing pre_deploy: failed, exit 6, nothing changed, on_failure told so
            String v2 = svc.commit("v2", true);
            touch(state.resolve("pre-fails"));
            JsonNode refused = s.json(6, "deploy", FRAISE, ENVIRONMENT);
            assertThat(refused.at("/deployment/status").asText()).isEqualTo("failed");
            assertThat(refused.toString()).contains("pre_deploy hook", "exited 5", "nothing was changed");
            assertThat(svc.checkout()).isEqualTo(v1);
            assertThat(svc.served()).contains("v1");
            assertThat(svc.restarts()).hasSize(1);
            assertThat(hookLog(state)).extracting(l -> l[0]).endsWith("pre_deploy", "on_failure");
            assertThat(Files.readString(state.resolve("on_failure.env")))
                    .contains("FRAISIER_STATUS=failed", "FRAISIER_VERSION=" + v2, "FRAISIER_OLD_VERSION=" + v1);
            Files.delete(state.resolve("pre-fails"));

            // an unhealthy version is rolled back, then on_failure runs with status rolled_back
            String v3 = svc.commit("v3", false);
            JsonNode rolledBack = s.json(6, "deploy", FRAISE, ENVIRONMENT);
            assertThat(rolledBack.at("/deployment/status").asText()).isEqualTo("rolled_back");
            assertThat(svc.served()).contains("v1");
            assertThat(hookLog(state)).extracting(l -> l[0]).endsWith("pre_deploy", "on_failure");
            long onFailureAt = Long.parseLong(hookLog(state).getLast()[1]);
            assertThat(onFailureAt)
                    .isGreaterThanOrEqualTo(svc.restarts().getLast().endMillis());
            assertThat(Files.readString(state.resolve("on_failure.env")))
                    .contains("FRAISIER_STATUS=rolled_back", "FRAISIER_VERSION=" + v3);

            // a pre_deploy that overruns its (now) 3 s is killed with what it started; nothing deployed
            Files.writeString(svc.config, Files.readString(svc.config).replace("timeout: 20\n", "timeout: 3\n"));
            touch(state.resolve("pre-hangs"));
            long asked = System.nanoTime();
            JsonNode hung = s.json(6, "deploy", FRAISE, ENVIRONMENT);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(25));
            assertThat(hung.at("/deployment/status").asText()).isEqualTo("failed");
            assertThat(hung.toString()).contains("did not finish within 3 s: killed with its process tree");
            long bg = Long.parseLong(Files.readString(state.resolve("bg.pid")).strip());
            assertThat(gone(bg))
                    .as("the hook's background sleep %d still runs", bg)
                    .isTrue();
            assertThat(svc.served()).contains("v1");
            assertThat(s.json(0, "lock", "list").get("locks")).isEmpty();
            Files.delete(state.resolve("pre-hangs"));
        }
    }

    @Test
    void killMinus9DuringAHook_leavesTheLockToExpireWithItsLease_andTheNextDeployRuns() throws Exception {
        try (Scenario s = scenario()) {
            Deployable svc = s.service;
            Path state = svc.state;
            String v1 = svc.commit("v1", true);
            touch(state.resolve("block-pre"));
            CliProcess.Running deploy = s.cli.start("deploy", FRAISE, ENVIRONMENT);
            await(() -> Files.exists(state.resolve("at-pre")), deploy);

            deploy.process().destroyForcibly(); // SIGKILL: no finally block, no lock release
            deploy.process().waitFor();
            long killed = System.nanoTime();

            // the lease (4 s here) is no longer renewed: the lock is free within about a lease
            Duration lease = Duration.ofSeconds(Long.parseLong(Scenario.LEASE_SECONDS));
            while (true) {
                JsonNode locks = s.json(0, "lock", "list").get("locks");
                if (locks.isEmpty() || !locks.get(0).get("state").asText().equals("live")) {
                    break;
                }
                assertThat(Duration.ofNanos(System.nanoTime() - killed))
                        .as("the killed deployment's lock is still live: %s", locks)
                        .isLessThan(lease.plusSeconds(10));
                Thread.sleep(200);
            }
            Files.delete(state.resolve("block-pre"));
            JsonNode next = s.json(0, "deploy", FRAISE, ENVIRONMENT);
            assertThat(next.at("/deployment/status").asText()).isEqualTo("success");
            assertThat(svc.served()).contains("v1");
            assertThat(s.history()).extracting(r -> r.get("status").asText()).containsExactly("success", "interrupted");
            assertThat(svc.checkout()).isEqualTo(v1);
        }
    }

    @Test
    void aMissingOrNonExecutableHook_isAConfigProblem_namingTheKeyAndPath() throws Exception {
        try (Scenario s = scenario()) {
            Path post = dir.resolve("hooks/post_deploy.sh");
            Files.setPosixFilePermissions(post, PosixFilePermissions.fromString("rw-r--r--"));
            Files.delete(dir.resolve("hooks/on_failure.sh"));

            CliProcess.Result validate = s.run(3, "config", "validate");

            String all = validate.out() + validate.err();
            assertThat(all)
                    .contains("hooks.post_deploy", "is not executable", "chmod +x " + post)
                    .contains("hooks.on_failure", dir.resolve("hooks/on_failure.sh") + " does not exist")
                    .doesNotContain("Exception", "\tat ");
            // a deployment is refused the same way, before anything runs
            s.run(3, "deploy", FRAISE, ENVIRONMENT);
            assertThat(s.service.restarts()).isEmpty();
        }
    }

    private static List<String> steps(JsonNode status) {
        List<String> steps = new ArrayList<>();
        status.get("latest_events").forEach(e -> steps.add(e.get("step").asText()));
        return steps;
    }

    private static List<String[]> hookLog(Path state) throws IOException {
        return Files.readAllLines(state.resolve("hooks.log")).stream()
                .map(l -> l.split(" "))
                .toList();
    }

    private static void touch(Path p) {
        try {
            Files.writeString(p, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, CliProcess.Running process)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(process.process().isAlive())
                    .as("the command ended first: %s", process.description())
                    .isTrue();
            assertThat(System.nanoTime()).as("timed out waiting").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static boolean gone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(50);
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return false;
    }
}
