package io.fraisier.testkit.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether a process still runs, as a test that killed it must ask: the JDK calls a zombie alive (a killed
 * process whose parent has not reaped it yet), and a killed grandchild's new parent is the machine's init,
 * which may reap late or never (a container's, a micro-VM's). A zombie runs nothing: it is gone.
 */
public final class Processes {
    private Processes() {}

    /** Whether {@code pid} exists and is not a zombie (Linux's {@code /proc/PID/stat} state {@code Z}). */
    public static boolean running(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone between the two looks
        }
    }

    /** Waits up to {@code timeout} for {@code pid} to stop running; whether it did. */
    public static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(pid)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
