package io.fraisier.testkit.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A zombie is not running, though the JDK calls it alive; a live process is; a reaped one is not. */
class ProcessesTest {
    @Test
    void aZombie_isNotRunning_aLiveProcessIs_aReapedOneIsNot() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
        // the child ends half a second later, when its parent has become a sleep that never reaps it; a child
        // that ended at once (sleep 0) could be reaped by the shell itself before its exec, and then no zombie
        // ever appeared (one CI run failed so)
        Process parent = new ProcessBuilder("/bin/sh", "-c", "sleep 0.5 & echo $!; exec sleep 30").start();
        try {
            long zombie;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
                zombie = Long.parseLong(out.readLine().strip());
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!isZombie(zombie) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            assertThat(isZombie(zombie)).as("the child is a zombie").isTrue();
            assertThat(ProcessHandle.of(zombie).map(ProcessHandle::isAlive).orElse(false))
                    .as("what the JDK says of it")
                    .isTrue();

            assertThat(Processes.running(zombie)).isFalse();
            assertThat(Processes.awaitGone(zombie, Duration.ZERO)).isTrue();
            assertThat(Processes.running(parent.pid())).isTrue();
            assertThat(Processes.awaitGone(parent.pid(), Duration.ofMillis(50))).isFalse();
        } finally {
            parent.destroyForcibly().waitFor();
        }
        assertThat(Processes.running(parent.pid())).as("killed and reaped").isFalse();
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
