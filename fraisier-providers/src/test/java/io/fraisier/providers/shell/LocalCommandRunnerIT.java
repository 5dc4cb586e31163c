package io.fraisier.providers.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCommandRunnerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final LocalCommandRunner runner = new LocalCommandRunner();

    @Test
    void run_passesArgumentsAsTheyAre_withoutAShell() {
        CommandResult result = runner.run(
                CommandSpec.of("t", List.of("printf", "%s|", "$(touch /tmp/x)", "a b", "--flag", ";ls"), TIMEOUT));
        assertThat(result.ok()).isTrue();
        assertThat(result.output()).isEqualTo("$(touch /tmp/x)|a b|--flag|;ls|");
    }

    @Test
    void run_addsTheEnvironment_andClosesStdin() {
        CommandResult result = runner.run(CommandSpec.shell("t", "cat; echo \"$FRAISIER_VERSION\"", TIMEOUT)
                .withEnv(Map.of("FRAISIER_VERSION", "abc")));
        assertThat(result.ok()).isTrue();
        assertThat(result.output().trim()).isEqualTo("abc");
    }

    @Test
    void run_startsFromTheBasicsOnly_neverFraisiersOwnEnvironment() {
        Map<String, String> fraisiers = Map.of(
                "PATH", System.getenv("PATH"),
                "HOME", "/home/deploy",
                "LANG", "C.UTF-8",
                "LC_TIME", "C",
                "https_proxy", "http://proxy:3128",
                "FRAISIER_DATABASE_URL", "postgresql://fraisier:db-secret@db/fraisier",
                "GITHUB_WEBHOOK_SECRET", "hook-secret",
                "COOLIFY_TOKEN", "coolify-token",
                "SOMETHING_ELSE", "x");
        CommandResult result = new LocalCommandRunner(fraisiers)
                .run(CommandSpec.shell("t", "env", TIMEOUT).withEnv(Map.of("FRAISIER_VERSION", "abc")));
        assertThat(result.ok()).isTrue();
        assertThat(result.output())
                .contains("HOME=/home/deploy", "LANG=C.UTF-8", "LC_TIME=C", "https_proxy=http://proxy:3128")
                .contains("FRAISIER_VERSION=abc")
                .doesNotContain("db-secret", "hook-secret", "coolify-token", "SOMETHING_ELSE", "FRAISIER_DATABASE_URL");
    }

    @Test
    void run_givesSecretVariables_toThatCommandOnly() {
        CommandResult result = runner.run(CommandSpec.shell("t", "echo \"[$GIT_PASSWORD_FOR_TEST]\"", TIMEOUT)
                .withSecretEnv(Map.of("GIT_PASSWORD_FOR_TEST", io.fraisier.core.config.Secret.of("s3cr3t"))));
        assertThat(result.output().trim()).isEqualTo("[s3cr3t]");
        assertThat(runner.run(CommandSpec.shell("t", "echo \"[$GIT_PASSWORD_FOR_TEST]\"", TIMEOUT))
                        .output()
                        .trim())
                .isEqualTo("[]");
    }

    @Test
    void run_afterATimeout_killsWhatTheCommandLeftInTheBackground_evenOnceReparented(@TempDir Path dir)
            throws Exception {
        Path pidFile = dir.resolve("bg.pid");
        // the subshell exits at once: its sleep is no descendant of the command any more, only of its group
        CommandResult result = runner.run(
                CommandSpec.shell("t", "(sleep 300 & echo $! > " + pidFile + "); sleep 300", Duration.ofSeconds(1)));
        assertThat(result.timedOut()).isTrue();
        long bg = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(waitUntilGone(bg))
                .as("background sleep %d still running", bg)
                .isTrue();
    }

    @Test
    void reapOrphans_trustsNoRegistryThatOthersCanWrite_soAPlantedRecordKillsNothing(@TempDir Path dir)
            throws Exception {
        Path registry = dir.resolve("groups");
        Files.createDirectories(registry);
        Files.setPosixFilePermissions(registry, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Process victim = new ProcessBuilder("setsid", "sleep", "300").start();
        try {
            Files.writeString(
                    registry.resolve(Long.toString(victim.pid())),
                    "owner=" + dead.pid() + "\nowner_start=\nleader_start=\ncommand=planted\n");

            assertThat(new ProcessGroups(registry).reapOrphans()).isEmpty();
            assertThat(victim.isAlive()).as("a group named by a planted record").isTrue();
        } finally {
            victim.destroyForcibly();
        }
    }

    @Test
    void run_killsTheGroupOfACommandWhoseFraisierDied_butNotAGroupWhoseCommandEnded(@TempDir Path dir)
            throws Exception {
        Path registry = dir.resolve("groups");
        Files.createDirectories(registry);
        Files.setPosixFilePermissions(registry, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        ProcessGroups groups = new ProcessGroups(registry);
        LocalCommandRunner local = new LocalCommandRunner(System.getenv(), groups);
        // a command that left a daemon and ended normally: its group is not an orphan
        Path daemonPid = dir.resolve("daemon.pid");
        assertThat(local.run(CommandSpec.shell("t", "sleep 300 & echo $! > " + daemonPid, TIMEOUT))
                        .ok())
                .isTrue();
        long daemon = Long.parseLong(Files.readString(daemonPid).trim());
        // a command whose Fraisier was killed -9: its group leader still runs, its owner is gone
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Process orphan = new ProcessBuilder("setsid", "sleep", "300").start();
        Files.writeString(
                registry.resolve(Long.toString(orphan.pid())),
                "owner=" + dead.pid() + "\nowner_start=\nleader_start="
                        + orphan.toHandle()
                                .info()
                                .startInstant()
                                .map(Object::toString)
                                .orElse("")
                        + "\ncommand=sleep 300\n");
        try {
            assertThat(local.run(CommandSpec.of("t", List.of("true"), TIMEOUT)).ok())
                    .isTrue();
            assertThat(orphan.waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the orphaned group was killed")
                    .isTrue();
            assertThat(Files.exists(registry.resolve(Long.toString(orphan.pid()))))
                    .isFalse();
            assertThat(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false)
                            && !ProcessGroups.isZombie(daemon))
                    .as("the daemon a command started on purpose runs on")
                    .isTrue();
            try (var left = Files.list(registry)) {
                assertThat(left).isEmpty();
            }
        } finally {
            orphan.destroyForcibly();
            ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean waitUntilGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true) || ProcessGroups.isZombie(pid)) {
                return true;
            }
            Thread.sleep(50);
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return false;
    }

    @Test
    void run_reportsTheExitStatus_andCombinedOutput() {
        CommandResult result = runner.run(CommandSpec.shell("t", "echo out; echo err >&2; exit 7", TIMEOUT));
        assertThat(result.ok()).isFalse();
        assertThat(result.started()).isTrue();
        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.lastLines(5)).containsExactly("out", "err");
    }

    @Test
    void run_ofAMissingProgram_saysItDidNotStart() {
        CommandResult result = runner.run(CommandSpec.of("t", List.of("/no/such/program"), TIMEOUT));
        assertThat(result.started()).isFalse();
        assertThat(result.ok()).isFalse();
        assertThat(result.output()).contains("/no/such/program");
    }

    @Test
    void run_keepsOnlyTheEndOfLongOutput() {
        CommandResult result = runner.run(
                CommandSpec.shell("t", "i=0; while [ $i -lt 5000 ]; do echo line-$i; i=$((i+1)); done", TIMEOUT));
        assertThat(result.output().length()).isLessThanOrEqualTo(LocalCommandRunner.TAIL_BYTES);
        assertThat(result.lastLine()).isEqualTo("line-4999");
    }

    @Test
    void run_ofACommandLeavingADaemonBehind_returnsWhenTheCommandExits() {
        CommandResult result = runner.run(CommandSpec.shell("t", "sleep 5 & echo started", TIMEOUT));
        assertThat(result.ok()).isTrue();
        assertThat(result.took()).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void run_redactsCredentialsInOutput() {
        CommandResult result =
                runner.run(CommandSpec.shell("t", "echo fatal: https://me:tok3n@git.example/r.git", TIMEOUT));
        assertThat(result.output()).contains("https://***@git.example/r.git").doesNotContain("tok3n");
    }

    /**
     * Waits until its own output file has lost its name (the link in /proc then ends in " (deleted)"), then
     * prints more: what a kill -9 of Fraisier could leave behind is gone before the command does anything.
     */
    private static final String AWAIT_UNLINKED = String.join(
            "\n",
            "i=0",
            "while [ $i -lt 200 ]; do",
            "  case \"$(readlink /proc/$$/fd/1)\" in *' (deleted)') echo unlinked; break;; esac",
            "  sleep 0.05; i=$((i+1))",
            "done",
            "[ $i -lt 200 ] || { echo \"still named $(readlink /proc/$$/fd/1)\"; exit 1; }",
            "j=0; while [ $j -lt 3000 ]; do echo after-$j; j=$((j+1)); done");

    @Test
    void run_removesItsOutputFilesName_onceTheCommandHasStarted_yetKeepsItsOutput() {
        CommandResult result = runner.run(CommandSpec.shell("t", AWAIT_UNLINKED, TIMEOUT));
        assertThat(result.output()).as(result.output()).doesNotContain("still named");
        assertThat(result.ok()).isTrue();
        assertThat(result.lastLine()).isEqualTo("after-2999");
    }

    @Test
    void run_followsTheOutputOfACommandWhoseFileHasNoNameAnyMore() {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        CommandResult result = runner.run(CommandSpec.shell("t", AWAIT_UNLINKED, TIMEOUT), lines::add);
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(lines).hasSize(3001).startsWith("unlinked", "after-0").endsWith("after-2999");
    }
}
