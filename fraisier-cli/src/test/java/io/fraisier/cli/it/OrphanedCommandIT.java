package io.fraisier.cli.it;

import static io.fraisier.cli.it.Deployable.ENVIRONMENT;
import static io.fraisier.cli.it.Deployable.FRAISE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.testkit.os.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI killed with {@code kill -9} while its restart command runs: {@code lock list} says its lock is
 * dead at once (not live until the lease ends), and the next deploy on this host kills the restart
 * command's process group, background children included, before it runs its own commands.
 */
class OrphanedCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aKilledCliLeavesADeadLock_andItsCommandsGroupIsKilledByTheNextDeploy() throws Exception {
        try (Deployable svc = new Deployable(dir)) {
            svc.commit("v1", true);
            Path bgPid = dir.resolve("bg.pid");
            Path shellPid = dir.resolve("shell.pid");
            String original = Files.readString(svc.config);
            svc.restartCommand("sleep 300 & echo $! > " + bgPid + "; echo $$ > " + shellPid + "; sleep 300");
            Map<String, String> env = svc.sqliteEnvironment(dir);
            // a lease far longer than the test: only the holder's death can make the lock free
            env.put("FRAISIER_LEASE_SECONDS", "300");
            // the registry of running commands lives under java.io.tmpdir: one of this test's own
            Path tmp = dir.resolve("tmp");
            Files.createDirectories(tmp);
            env.put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp);
            CliProcess cli = new CliProcess(dir, env);

            CliProcess.Running running = cli.start("deploy", FRAISE, ENVIRONMENT);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.exists(shellPid) || Files.readString(shellPid).isBlank()) {
                assertThat(running.process().isAlive())
                        .as("the deploy ended early")
                        .isTrue();
                assertThat(System.nanoTime()).as("the restart never started").isLessThan(deadline);
                Thread.sleep(50);
            }
            String registry;
            try (var files = Files.walk(tmp)) {
                registry = files.map(p -> {
                            try {
                                return p + (Files.isRegularFile(p) ? ": " + Files.readString(p) : "");
                            } catch (java.io.IOException e) {
                                return p.toString();
                            }
                        })
                        .toList()
                        .toString();
            }
            running.process().destroyForcibly(); // SIGKILL to the CLI alone: no shutdown hook runs
            running.process().waitFor();
            long bg = Long.parseLong(Files.readString(bgPid).trim());
            long shell = Long.parseLong(Files.readString(shellPid).trim());
            try {
                assertThat(Processes.running(bg))
                        .as("the restart's background child outlives the CLI")
                        .isTrue();

                JsonNode locks = json(cli.run("lock", "list", "--output", "json"));
                assertThat(locks.get("locks")).hasSize(1);
                assertThat(locks.at("/locks/0/state").asText()).isEqualTo("dead");
                CliProcess.Result table = cli.run("lock", "list");
                assertThat(table.out()).contains("dead").doesNotContain("live");

                CliProcess.Result released = cli.run("lock", "release", FRAISE, ENVIRONMENT);
                assertThat(released.exit()).as(released.toString()).isZero();
                Files.writeString(svc.config, original);
                CliProcess.Result again = cli.run("deploy", FRAISE, ENVIRONMENT, "--force");
                assertThat(again.exit()).as(again.toString()).isZero();

                assertThat(Processes.running(bg))
                        .as("the orphaned background sleep %d; %s; %s", bg, registry, again)
                        .isFalse();
                assertThat(Processes.running(shell))
                        .as("the orphaned restart shell %d", shell)
                        .isFalse();
                assertThat(svc.served()).contains("v1");
            } finally {
                ProcessHandle.of(bg).ifPresent(ProcessHandle::destroyForcibly);
                ProcessHandle.of(shell).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static JsonNode json(CliProcess.Result r) throws Exception {
        assertThat(r.exit()).as(r.toString()).isZero();
        return JSON.readTree(r.out());
    }
}
