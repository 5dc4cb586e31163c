package io.fraisier.providers.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.config.Secret;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.testkit.os.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quoted values reach the program as they are, whatever shell syntax they contain (checked with the real /bin/sh). */
class PosixShellTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "with space",
                "it's",
                "'; rm -rf / #",
                "$(touch /tmp/fraisier-pwned) `id` ${HOME}",
                "\"double\" and \\backslash\\",
                "new\nline",
                "*?[glob]",
                "-n",
                ""
            })
    void quote_keepsTheValueOneWordAndLiteral(String hostile) throws Exception {
        String line = "printf '%s' " + PosixShell.quote(hostile);
        assertThat(sh(line)).isEqualTo(hostile);
    }

    @Test
    void commandLine_exportsEnvironment_entersTheFolder_andPrintsThePidFirst() throws Exception {
        CommandSpec spec = CommandSpec.of(
                        "x", List.of("/bin/sh", "-c", "printf '%s|%s' \"$PWD\" \"$V\""), Duration.ofSeconds(5))
                .in("/tmp")
                .withEnv(Map.of("V", "a'b $c"));
        String out = sh(PosixShell.commandLine(spec));
        assertThat(out).startsWith(PosixShell.PID_MARKER).endsWith("\n/tmp|a'b $c");
    }

    @Test
    void commandLine_refusesAnEnvironmentNameThatIsNotAName() {
        CommandSpec spec =
                CommandSpec.of("x", List.of("true"), Duration.ofSeconds(5)).withEnv(Map.of("A;rm", "x"));
        assertThatThrownBy(() -> PosixShell.commandLine(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandLine_readsSecretVariablesFromStdin_andNeverCarriesTheirValues() throws Exception {
        CommandSpec spec = CommandSpec.of(
                        "x", List.of("/bin/sh", "-c", "printf '%s|%s' \"$U\" \"$P\""), Duration.ofSeconds(5))
                .withSecretEnv(Map.of("U", Secret.of("oauth2"), "P", Secret.of("tok'en $x")));
        String line = PosixShell.commandLine(spec);
        assertThat(line).doesNotContain("tok'en").doesNotContain("oauth2");
        // the remote login shell, simulated: the line as its argument, the secrets on its stdin
        Process p = new ProcessBuilder("/bin/sh", "-c", line)
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write(PosixShell.stdin(spec));
        p.getOutputStream().flush();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        p.getOutputStream().close();
        assertThat(out).startsWith(PosixShell.PID_MARKER).endsWith("\noauth2|tok'en $x");
    }

    @Test
    void stdin_refusesASecretWithALineBreak() {
        CommandSpec spec = CommandSpec.of("x", List.of("true"), Duration.ofSeconds(5))
                .withSecretEnv(Map.of("P", Secret.of("a\nb")));
        assertThatThrownBy(() -> PosixShell.stdin(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quote_refusesNul() {
        assertThatThrownBy(() -> PosixShell.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The end of stdin stands for the connection to Fraisier dropping (the SSH server closes it then): the
     * watcher kills the program, its process group when the line's shell leads one (as under OpenSSH),
     * else the program's process tree.
     */
    @ParameterizedTest(name = "session leader: {0}")
    @ValueSource(booleans = {true, false})
    void commandLine_whenItsStdinEndsWhileTheProgramRuns_killsTheProgramAndWhatItStarted(
            boolean sessionLeader, @TempDir Path dir) throws Exception {
        assumeTrue(!sessionLeader || Files.isExecutable(Path.of("/usr/bin/setsid")), "needs util-linux's setsid");
        Path pidFile = dir.resolve("child.pid");
        CommandSpec spec = CommandSpec.shell(
                "install", "sleep 60 & echo $! > " + PosixShell.quote(pidFile.toString()) + "; wait", TIMEOUT);
        Process p = start(PosixShell.commandLine(spec), sessionLeader);
        long child = awaitPid(pidFile, p);

        p.getOutputStream().close(); // the connection is gone

        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("the line's shell ended").isTrue();
        assertThat(Processes.awaitGone(child, Duration.ofSeconds(5)))
                .as("the program's background sleep %d killed", child)
                .isTrue();
    }

    @Test
    void commandLine_whenTheProgramEnds_leavesWhatItStartedOnPurpose_andItsStatusIsTheLines(@TempDir Path dir)
            throws Exception {
        Path pidFile = dir.resolve("daemon.pid");
        CommandSpec spec = CommandSpec.shell(
                "restart",
                "sleep 60 >/dev/null 2>&1 & echo $! > " + PosixShell.quote(pidFile.toString()) + "; exit 3",
                TIMEOUT);
        Process p = start(PosixShell.commandLine(spec), Files.isExecutable(Path.of("/usr/bin/setsid")));
        long daemon = awaitPid(pidFile, p);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        try {
            p.getOutputStream().close(); // the channel closes after the command's end
            Thread.sleep(500);
            assertThat(Processes.running(daemon))
                    .as("the daemon %d it started", daemon)
                    .isTrue();
        } finally {
            ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void commandLine_givesTheProgramAnEmptyStdin() throws Exception {
        CommandSpec spec = CommandSpec.shell("x", "cat; echo done", TIMEOUT);
        assertThat(sh(PosixShell.commandLine(spec))).endsWith("\ndone\n");
    }

    private static Process start(String line, boolean sessionLeader) throws IOException {
        List<String> argv = sessionLeader
                ? List.of("/usr/bin/setsid", "--wait", "/bin/sh", "-c", line)
                : List.of("/bin/sh", "-c", line);
        return new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static long awaitPid(Path pidFile, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"))) {
            assertThat(System.nanoTime()).as("the program never started: %s", p).isLessThan(deadline);
            Thread.sleep(20);
        }
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    /** Runs {@code line} as an SSH server does: stdin stays open until the command has ended. */
    private static String sh(String line) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", line)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        p.getOutputStream().close();
        return out;
    }
}
