package io.fraisier.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a failing step printed reaches the store and the listeners without the secrets Fraisier knows. */
class FraisierScrubbingTest {
    private static final String TOKEN = "tok-0123456789abcdef";
    private static final String DB_PASSWORD = "db-pass-word-42";

    private final EngineHarness h = new EngineHarness();

    @Test
    void aFailedStepsOutput_isStoredAndShown_withoutTheSecrets() {
        h.target().running(null).defaultTarget(Version.of("v1"));
        h.target()
                .failBeforeSwitch(
                        "restart",
                        "restart printed:\nAPI_TOKEN=" + TOKEN + "\nFRAISIER_DATABASE_URL=postgresql://u:" + DB_PASSWORD
                                + "@db/fraisier\nPASSWORD_AGAIN=" + DB_PASSWORD);

        DeploymentOutcome outcome = h.builder()
                .environment(Map.of(
                        "API_TOKEN", TOKEN, "FRAISIER_DATABASE_URL", "postgresql://u:" + DB_PASSWORD + "@db/fraisier"))
                .build()
                .deploy(h.request());

        assertThat(outcome.exitCode()).isNotZero();
        Deployment row = h.store.allDeployments().getFirst();
        assertThat(row.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(row.errorMessage()).contains("restart printed").contains("API_TOKEN=***");
        assertThat(row.errorMessage()).doesNotContain(TOKEN).doesNotContain(DB_PASSWORD);
        assertThat(h.store.allEvents()).isNotEmpty();
        for (DeploymentEvent e : h.store.allEvents()) {
            assertThat(e.message()).doesNotContain(TOKEN).doesNotContain(DB_PASSWORD);
        }
        assertThat(h.store.allEvents()).anyMatch(e -> e.message().contains("API_TOKEN=***"));
        for (DeploymentEvent e : h.listener.events()) {
            assertThat(e.message()).doesNotContain(TOKEN).doesNotContain(DB_PASSWORD);
        }
    }
}
