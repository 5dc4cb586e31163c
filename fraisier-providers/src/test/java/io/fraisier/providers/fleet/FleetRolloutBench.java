package io.fraisier.providers.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.Target;
import io.fraisier.providers.baremetal.OpenSshd;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.git.GitOrigin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark of bench/FLEET.md, not a test: its name matches neither surefire's nor failsafe's
 * patterns, so a build never runs it (nor reports it skipped); run it by name with {@code
 * -Dit.test=FleetRolloutBench}. Nine real sshd on loopback; for 3 and 9 hosts, each round commits a new version and times
 * (a) the single-host deploy run once per host in sequence (one environment per host), (b) a fleet rolled
 * out one host at a time, (c) a fleet with a canary of one then the rest at once. Prints one line per
 * measurement and the medians.
 */
class FleetRolloutBench {
    private static final int ROUNDS = Integer.getInteger("fraisier.bench.rounds", 3);

    @Test
    void rolloutTimes() throws IOException {
        assumeThat(OpenSshd.unavailable()).as(OpenSshd.unavailable().orElse("")).isEmpty();
        List<OpenSshd> sshd = new ArrayList<>();
        try {
            for (int i = 0; i < 9; i++) {
                sshd.add(OpenSshd.start());
            }
            GitOrigin origin = GitOrigin.withBare(sshd.getFirst().newFolder("git"));
            for (int n : List.of(3, 9)) {
                Path base = OpenSshd.ownedByTestUser(sshd.getFirst().newFolder("bench-" + n));
                InMemoryStore store = new InMemoryStore();
                Fraisier fraisier = Fraisier.builder()
                        .config(new ConfigParser(Map.of())
                                .parse(config(sshd.subList(0, n), base, origin), Path.of("f.yaml")))
                        .store(store)
                        .discoverListeners(false)
                        .environment(Map.of())
                        .build();
                long[][] ms = new long[3][ROUNDS];
                for (int r = 0; r < ROUNDS; r++) {
                    origin.commit("v" + n + "-" + r, Map.of("VERSION", n + "-" + r + "\n"));
                    long t0 = System.nanoTime();
                    for (int h = 0; h < n; h++) {
                        assertThat(fraisier.deploy(DeployRequest.of(Target.of("bench", "single" + h))))
                                .isInstanceOf(DeploymentOutcome.Succeeded.class);
                    }
                    long t1 = System.nanoTime();
                    assertThat(fraisier.deploy(DeployRequest.of(Target.of("bench", "one_at_a_time"))))
                            .isInstanceOf(DeploymentOutcome.Succeeded.class);
                    long t2 = System.nanoTime();
                    assertThat(fraisier.deploy(DeployRequest.of(Target.of("bench", "canary_then_all"))))
                            .isInstanceOf(DeploymentOutcome.Succeeded.class);
                    long t3 = System.nanoTime();
                    ms[0][r] = (t1 - t0) / 1_000_000;
                    ms[1][r] = (t2 - t1) / 1_000_000;
                    ms[2][r] = (t3 - t2) / 1_000_000;
                    System.out.printf(
                            "bench hosts=%d round=%d single-host-x%d=%d ms fleet-batch1=%d ms fleet-canary1-then-100%%=%d ms%n",
                            n, r, n, ms[0][r], ms[1][r], ms[2][r]);
                }
                System.out.printf(
                        "bench hosts=%d MEDIAN single-host-x%d=%d ms fleet-batch1=%d ms fleet-canary1-then-100%%=%d ms%n",
                        n, n, median(ms[0]), median(ms[1]), median(ms[2]));
            }
        } finally {
            for (OpenSshd s : sshd) {
                s.close();
            }
        }
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static String config(List<OpenSshd> sshd, Path base, GitOrigin origin) {
        StringBuilder envs = new StringBuilder();
        String common = """
                        provider: bare_metal
                        branch: main
                        git_repo: %s
                        user: %s
                        health_check_command: "test -f VERSION"
                        health_check_retries: 0
                """.formatted(origin.url(), OpenSshd.USER);
        for (int h = 0; h < sshd.size(); h++) {
            OpenSshd s = sshd.get(h);
            envs.append("      single%d:\n%s        host: 127.0.0.1\n        port: %d\n        key_path: %s\n"
                            .formatted(h, common, s.port(), s.clientKey()))
                    .append("        known_hosts: %s\n        app_path: %s/single/h%d\n"
                            .formatted(s.knownHosts(), base, h));
        }
        for (String fleet : List.of("one_at_a_time", "canary_then_all")) {
            envs.append("      ").append(fleet).append(":\n").append(common);
            envs.append(
                    fleet.equals("one_at_a_time")
                            ? "        rollout: { batch_size: 1 }\n"
                            : "        rollout: { canary: 1, batch_size: 100% }\n");
            envs.append("        hosts:\n");
            for (int h = 0; h < sshd.size(); h++) {
                OpenSshd s = sshd.get(h);
                envs.append(
                        "          - { host: 127.0.0.1, port: %d, key_path: %s, known_hosts: %s, app_path: %s/%s/h%d }\n"
                                .formatted(s.port(), s.clientKey(), s.knownHosts(), base, fleet, h));
            }
        }
        return "fraises:\n  bench:\n    type: api\n    environments:\n" + envs;
    }
}
