package io.fraisier.providers.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.ProbeResult;
import io.fraisier.providers.shell.LocalCommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandProbeIT {
    private final CommandProbe probe = new CommandProbe(new LocalCommandRunner());

    @TempDir
    Path dir;

    @Test
    void probe_ofACommandExiting0_isHealthy() {
        ProbeResult result = probe.probe("echo fine", null, Map.of(), Duration.ofSeconds(5));
        assertThat(result.healthy()).isTrue();
        assertThat(result.detail()).isEqualTo("exit 0: fine");
    }

    @Test
    void probe_ofAFailingCommand_isUnhealthy_withItsLastLine() {
        ProbeResult result =
                probe.probe("echo checking; echo 'db down' >&2; exit 1", null, Map.of(), Duration.ofSeconds(5));
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).isEqualTo("exit 1: db down");
    }

    @Test
    void probe_runsInTheGivenFolder_withTheGivenEnvironment() {
        ProbeResult result = probe.probe(
                "test \"$(pwd -P)\" = \"$EXPECTED\"",
                dir.toString(),
                Map.of("EXPECTED", realPath()),
                Duration.ofSeconds(5));
        assertThat(result.healthy()).as(result.detail()).isTrue();
    }

    @Test
    void probe_ofACommandThatHangs_isKilledAndUnhealthy() {
        ProbeResult result = probe.probe("sleep 30", null, Map.of(), Duration.ofMillis(300));
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).isEqualTo("command timed out after 300 ms");
        assertThat(result.took()).isLessThan(Duration.ofSeconds(10));
    }

    private String realPath() {
        try {
            return dir.toRealPath().toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
