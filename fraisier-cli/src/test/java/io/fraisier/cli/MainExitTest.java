package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The executable's own exit: a broken installation must fail at once, not hang in the shutdown hook. */
class MainExitTest {
    @Test
    void anErrorEscapingTheCommandLine_exitsAtOnce_notAfterTheShutdownGrace() throws Exception {
        // an installation whose lib/ lost picocli: Main starts, the command line cannot be built
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("picocli"))
                .collect(Collectors.joining(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", classPath, Main.class.getName(), "list"))
                .redirectErrorStream(true)
                .start();

        // the grace a command gets to record a cancellation is Main.GRACE_SECONDS (30 s): none is owed here
        boolean ended = process.waitFor(Main.GRACE_SECONDS / 2, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String output = new String(process.getInputStream().readAllBytes());

        assertThat(ended)
                .as("ended before the shutdown grace; output:\n" + output)
                .isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("NoClassDefFoundError", "picocli");
    }

    @Test
    void aLiveNonDaemonThread_makesMainExit_ratherThanReturn() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread worker = new Thread(
                () -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "non-daemon");
        worker.start();
        try {
            // returning would leave the JVM waiting for it: Main calls System.exit then
            assertThat(Main.aloneAlive()).isFalse();
        } finally {
            release.countDown();
            worker.join();
        }
    }

    @Test
    void aSuccessfulRun_ofTheExecutable_returnsFromMain_andExitsZero() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "--help")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Usage: fraisier");
    }
}
