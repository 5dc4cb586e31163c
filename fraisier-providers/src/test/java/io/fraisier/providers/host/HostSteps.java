package io.fraisier.providers.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Operator commands for the host providers' contract cases, the same on this host and over SSH: a log
 * command, an install that fails, a restart that never ends on its own.
 */
public final class HostSteps {
    /** What the test services' install command writes to their log, whatever the version. */
    public static final String INSTALL_LOG_LINE = " demo test ";

    /** An install_command that prints, then fails with status 3. */
    public static final String FAILING = "echo compiling; echo 'error: missing dependency foo' >&2; exit 3";

    /** What the error of {@link #FAILING} says. */
    public static final List<String> FAILING_MESSAGE =
            List.of("Step 'install' failed", "exited with status 3", "compiling", "error: missing dependency foo");

    private static final String HUNG_PID = "hung.pid";

    private HostSteps() {}

    /** A log_command showing the last {@code FRAISIER_LOG_LINES} installs the test service recorded. */
    public static String logCommand(Path runDir) {
        return "tail -n \"$FRAISIER_LOG_LINES\" '" + runDir.resolve("installs") + "'";
    }

    /** A restart_command that starts a long sleep, records its pid and waits for it. */
    public static String hanging(Path runDir) {
        return "sleep 600 & echo $! > '" + runDir.resolve(HUNG_PID) + "'; wait";
    }

    /** Asserts that the sleep {@link #hanging} started is gone (killed, not left behind). */
    public static void assertHangingStepKilled(Path runDir) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(runDir.resolve(HUNG_PID)).trim());
        } catch (IOException e) {
            throw new AssertionError("the hanging step recorded no pid in " + runDir, e);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (running(pid) && System.nanoTime() < deadline) {
            pause();
        }
        assertThat(running(pid))
                .as("the hanging step's sleep (pid %d) was killed", pid)
                .isFalse();
    }

    /** Whether {@code pid} runs: alive and not a zombie waiting for a parent that never reaps it. */
    private static boolean running(long pid) {
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
