package io.fraisier.providers.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.spi.HookRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hooks as real scripts on this host: environment, output as it comes, exit status, timeout. */
class LocalHookRunnerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void aHook_getsTheBasicsAndItsVariables_neverFraisiersSecrets_andRunsInItsOwnDirectory() throws IOException {
        Map<String, String> fraisiers = Map.of(
                "PATH", System.getenv("PATH"),
                "HOME", "/home/deploy",
                "FRAISIER_DATABASE_URL", "postgresql://fraisier:db-secret@db/fraisier",
                "GITHUB_WEBHOOK_SECRET", "hook-secret",
                "DEPLOY_KEY_PASSPHRASE", "passphrase-secret",
                "COOLIFY_TOKEN", "coolify-token");
        Path hook = script("env.sh", "pwd; env\n");
        List<String> lines = new CopyOnWriteArrayList<>();

        HookRunner.Result result = new LocalHookRunner(fraisiers)
                .run(
                        new HookRunner.Call(
                                "pre_deploy",
                                hook,
                                Map.of("FRAISIER_VERSION", "abc", "FRAISIER_FRAISE", "api"),
                                TIMEOUT),
                        lines::add);

        assertThat(result.ok()).isTrue();
        assertThat(lines.get(0)).isEqualTo(dir.toRealPath().toString());
        assertThat(lines).contains("HOME=/home/deploy", "FRAISIER_VERSION=abc", "FRAISIER_FRAISE=api");
        assertThat(String.join("\n", lines))
                .doesNotContain(
                        "db-secret",
                        "hook-secret",
                        "passphrase-secret",
                        "coolify-token",
                        "FRAISIER_DATABASE_URL",
                        "GITHUB_WEBHOOK_SECRET");
    }

    @Test
    void output_isHandedOverLineByLineWhileTheHookRuns() throws IOException {
        Path marker = dir.resolve("go");
        // the hook waits for the test to see its first line: it cannot finish before its output is followed
        Path hook = script(
                "slow.sh",
                "echo first\nwhile [ ! -e " + marker
                        + " ]; do sleep 0.05; done\nprintf 'second\\nno newline'\nexit 4\n");
        List<String> lines = new CopyOnWriteArrayList<>();

        HookRunner.Result result = new LocalHookRunner()
                .run(new HookRunner.Call("post_deploy", hook, Map.of(), TIMEOUT), line -> {
                    lines.add(line);
                    if (line.equals("first")) {
                        try {
                            Files.createFile(marker);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });

        assertThat(result.started()).isTrue();
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.ok()).isFalse();
        assertThat(lines).containsExactly("first", "second", "no newline");
        assertThat(result.tail()).containsExactly("first", "second", "no newline");
    }

    /** A hook that leaves a process writing to its output: the runner's warning comes back in the result. */
    @Test
    void aHookThatLeavesAProcessWritingToItsOutput_comesBackWithTheWarning() throws Exception {
        Path pidFile = dir.resolve("loop.pid");
        Path hook = script(
                "careless.sh", "(while true; do echo hook-loop-line; sleep 0.05; done) & echo $! > " + pidFile + "\n");

        HookRunner.Result result =
                new LocalHookRunner().run(new HookRunner.Call("post_deploy", hook, Map.of(), TIMEOUT), line -> {});
        try {
            assertThat(result.ok()).isTrue();
            long loop = Long.parseLong(Files.readString(pidFile).trim());
            assertThat(result.warnings())
                    .singleElement()
                    .satisfies(w -> assertThat(w).contains("left 1 process(es) running", "pid " + loop + " "));
        } finally {
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aHookThatOverrunsItsTimeout_isKilledWithWhatItStartedInTheBackground() throws Exception {
        Path pidFile = dir.resolve("bg.pid");
        Path hook = script("hang.sh", "(sleep 300 & echo $! > " + pidFile + ")\necho waiting\nsleep 300\n");

        long start = System.nanoTime();
        HookRunner.Result result = new LocalHookRunner()
                .run(new HookRunner.Call("on_failure", hook, Map.of(), Duration.ofSeconds(1)), line -> {});

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.ok()).isFalse();
        assertThat(result.tail()).containsExactly("waiting");
        long bg = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(gone(bg)).as("background sleep %d still running", bg).isTrue();
    }

    @Test
    void aScriptThatCannotStart_saysWhy() throws IOException {
        Path hook = dir.resolve("gone.sh");

        HookRunner.Result result =
                new LocalHookRunner().run(new HookRunner.Call("pre_deploy", hook, Map.of(), TIMEOUT), line -> {});

        assertThat(result.started()).isFalse();
        assertThat(result.detail()).contains("gone.sh");
    }

    private static boolean gone(long pid) throws InterruptedException {
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
}
