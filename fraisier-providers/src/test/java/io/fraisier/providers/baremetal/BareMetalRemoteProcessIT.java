package io.fraisier.providers.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.testkit.git.TinyService;
import io.fraisier.testkit.os.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A remote command that runs out of time, or whose deployment is interrupted, is killed on the host with what it started. */
class BareMetalRemoteProcessIT extends InProcessSshFixture {
    @Test
    void deploy_whenACommandRunsOutOfTime_killsItsRemoteProcessTree() throws Exception {
        Path pidFile = root.resolve("child.pid");
        Map<String, Object> s = settings();
        s.put("install_command", "sleep 60 & echo $! > '" + pidFile + "'; wait");
        origin.commit("v1", TinyService.files(200, "v1"));
        try (var p = provider(s, Duration.ofSeconds(3), Map.of())) {
            Version v1 = p.resolveTarget(null);
            assertThatThrownBy(() -> p.deploy(v1, StepReporter.NONE))
                    .isInstanceOfSatisfying(FraisierException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
                        assertThat(e.getMessage()).contains("Step 'install' timed out after 3 s");
                    });
        }
        assertGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    @Test
    void deploy_whenInterrupted_killsTheRemoteCommandAndSaysSo() throws Exception {
        Path pidFile = root.resolve("child.pid");
        Map<String, Object> s = settings();
        s.put("install_command", "sleep 60 & echo $! > '" + pidFile + "'; wait");
        Version v1 = Version.of(origin.commit("v1", TinyService.files(200, "v1")));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (var p = provider(s, Duration.ofSeconds(60), Map.of())) {
            Thread deployment = Thread.ofPlatform().start(() -> {
                try {
                    p.deploy(v1, StepReporter.NONE);
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!(Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            deployment.interrupt();
            deployment.join(Duration.ofSeconds(15));
            assertThat(deployment.isAlive()).isFalse();
        }
        assertThat(failure.get()).isInstanceOfSatisfying(FraisierException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED);
            assertThat(e.getMessage()).contains("Step 'install' was interrupted", "was killed on deploy@127.0.0.1");
        });
        assertGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    private static void assertGone(long pid) throws InterruptedException {
        assertThat(Processes.awaitGone(pid, Duration.ofSeconds(5)))
                .as("process %d killed", pid)
                .isTrue();
    }
}
