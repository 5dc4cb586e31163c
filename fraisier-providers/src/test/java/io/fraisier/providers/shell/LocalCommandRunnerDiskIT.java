package io.fraisier.providers.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder that keeps commands' output ({@code java.io.tmpdir}) running out of room: a command is not
 * started on a full one, a command that failed on one says so, and a command that leaves a process writing
 * to its (deleted, invisible) output file is warned of, since that is how such a folder fills up.
 */
class LocalCommandRunnerDiskIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private LocalCommandRunner runnerIn(Path dir, LocalCommandRunner.FreeSpace freeSpace) throws IOException {
        Path registry = Files.createDirectories(tmp.resolve("groups"));
        Files.setPosixFilePermissions(registry, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return new LocalCommandRunner(System.getenv(), new ProcessGroups(registry), dir, freeSpace);
    }

    @Test
    void aCommandIsNotStarted_whenItsOutputFolderHasAlmostNoRoom() throws Exception {
        Path marker = tmp.resolve("ran");
        LocalCommandRunner runner = runnerIn(tmp, dir -> 12 * 1024);

        assertThatThrownBy(() -> runner.run(CommandSpec.shell("install", "touch " + marker, TIMEOUT)))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
                    assertThat(e.getMessage())
                            .contains("Step 'install' was not started", tmp.toString(), "12 KiB free");
                    assertThat(e.hint()).contains("lsof +L1", "java.io.tmpdir");
                });
        assertThat(marker).doesNotExist();
    }

    @Test
    void onARealFullDisk_aCommandIsRefused_andOneThatFillsItSaysWhyItFailed() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        mountTmpfs(disk, "4m");
        try {
            LocalCommandRunner runner = runnerIn(disk, LocalCommandRunner.FreeSpace.REAL);
            Path filler = disk.resolve("filler");
            // 1.5 MiB left: enough to start, not for 3 MB of output
            fill(filler, Files.getFileStore(disk).getUsableSpace() - 1536 * 1024);

            CommandResult chatty =
                    runner.run(CommandSpec.shell("install", "yes fraisier-output-line | head -c 3000000", TIMEOUT));

            // head's writes failed with "no space left": the command fails, and its output says why
            assertThat(chatty.ok()).isFalse();
            assertThat(chatty.lastLine()).contains("[fraisier] " + disk, "is full", "which may be why it failed");

            fill(disk.resolve("filler-2"), Long.MAX_VALUE);
            assertThatThrownBy(() -> runner.run(CommandSpec.of("install", List.of("true"), TIMEOUT)))
                    .isInstanceOfSatisfying(
                            FraisierException.class,
                            e -> assertThat(e.getMessage()).contains("was not started", disk.toString()));
        } finally {
            new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor();
        }
    }

    @Test
    void aCommandThatLeavesAProcessWritingToItsOutput_isWarnedOf_andOneThatRedirectedIsNot() throws Exception {
        LocalCommandRunner runner = runnerIn(tmp, LocalCommandRunner.FreeSpace.REAL);
        List<String> lines = new CopyOnWriteArrayList<>();
        Path quietPid = tmp.resolve("quiet.pid");
        // each records its loop's pid, so that the loops are stopped even when an assertion below fails
        Path carelessPid = tmp.resolve("careless.pid");

        CommandResult redirected = runner.run(
                CommandSpec.shell(
                        "restart",
                        "(while true; do echo log; sleep 0.05; done) >/dev/null 2>&1 & echo $! > " + quietPid,
                        TIMEOUT),
                lines::add);
        CommandResult careless = runner.run(
                CommandSpec.shell(
                        "restart",
                        "(while true; do echo service-log-line; sleep 0.05; done) & echo $! > " + carelessPid,
                        TIMEOUT),
                lines::add);

        long quiet = Long.parseLong(Files.readString(quietPid).trim());
        long leftover = Long.parseLong(Files.readString(carelessPid).trim());
        try {
            assertThat(redirected.ok()).isTrue();
            assertThat(careless.ok()).isTrue();
            assertThat(lines)
                    .filteredOn(l -> l.contains("[fraisier] warning"))
                    .singleElement()
                    .satisfies(w -> {
                        assertThat(w).contains("left 1 process(es) running that write to its output", "du and ls");
                        assertThat(w).contains(">>/var/log/app.log 2>&1 &");
                    });
            Matcher pid = Pattern.compile("pid (\\d+)")
                    .matcher(lines.stream()
                            .filter(l -> l.contains("[fraisier] warning"))
                            .findFirst()
                            .orElseThrow());
            assertThat(pid.find()).isTrue();
            assertThat(Long.parseLong(pid.group(1))).as("the process named").isEqualTo(leftover);
            assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive))
                    .as("the process named")
                    .contains(true);
        } finally {
            for (long loop : new long[] {quiet, leftover}) {
                ProcessHandle.of(loop).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static void mountTmpfs(Path disk, String size) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", disk.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(mount.getInputStream().readAllBytes());
        Assumptions.assumeTrue(
                mount.waitFor() == 0,
                "skipped: mounting a " + size + " tmpfs for the full-disk test needs root (run the tests as root, as"
                        + " CI does): " + out.strip());
    }

    /** Writes up to {@code bytes} into {@code file}, or until the disk is full. */
    private static void fill(Path file, long bytes) {
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = bytes;
            for (int chunk : new int[] {65_536, 4_096, 1}) {
                byte[] block = new byte[chunk];
                while (left >= chunk) {
                    out.write(block);
                    out.flush();
                    left -= chunk;
                }
            }
        } catch (IOException full) {
            // the disk is full
        }
    }
}
