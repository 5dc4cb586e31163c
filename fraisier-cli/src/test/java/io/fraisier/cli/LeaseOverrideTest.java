package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaseOverrideTest {
    private static FraisierCommand withEnv(Map<String, String> env) {
        return new FraisierCommand(env, Path.of("."));
    }

    @Test
    void leaseOverride_whenUnset_keepsTheEngineDefault() {
        assertThat(withEnv(Map.of()).leaseOverride()).isEmpty();
        assertThat(withEnv(Map.of(FraisierCommand.LEASE_VARIABLE, " ")).leaseOverride())
                .isEmpty();
    }

    @Test
    void leaseOverride_readsWholeSeconds() {
        assertThat(withEnv(Map.of(FraisierCommand.LEASE_VARIABLE, "4")).leaseOverride())
                .contains(Duration.ofSeconds(4));
    }

    @Test
    void leaseOverride_belowThreeSecondsOrNotANumber_isAUsageErrorNamingTheVariable() {
        for (String bad : new String[] {"2", "abc", "-5", "1.5"}) {
            assertThatThrownBy(() ->
                            withEnv(Map.of(FraisierCommand.LEASE_VARIABLE, bad)).leaseOverride())
                    .isInstanceOfSatisfying(
                            FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                    .hasMessageContaining("FRAISIER_LEASE_SECONDS=" + bad);
        }
    }

    @Test
    void deploy_withABadLease_exitsWithTheUsageCode(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("fraises.yaml"), """
                fraises:
                  my_api:
                    type: api
                    environments:
                      production:
                        provider: local
                        app_path: /srv/my-api
                """);
        CliRun.Result r =
                new CliRun(dir).env(FraisierCommand.LEASE_VARIABLE, "1").run("status", "my_api", "production");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertThat(r.err()).contains("FRAISIER_LEASE_SECONDS");
    }
}
