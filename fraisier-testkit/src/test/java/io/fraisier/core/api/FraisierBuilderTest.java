package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.Version;
import io.fraisier.testkit.fake.ConfigFixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FraisierBuilderTest {
    @Test
    void build_withoutConfig_isAUsageError() {
        assertThatThrownBy(() -> Fraisier.builder().build())
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
    }

    @Test
    void build_withoutStoreAndNoneOnTheClassPath_namesTheArtifactToAdd() {
        assertThatThrownBy(() -> Fraisier.builder()
                        .config(ConfigFixtures.config(ConfigFixtures.environment(TARGET, "scripted")))
                        .build())
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_AVAILABLE);
                    assertThat(e.hint()).contains("fraisier-persistence");
                });
    }

    @Test
    void build_withoutProvidersAndNoneOnTheClassPath_deployFailsWithProviderUnknown() {
        EngineHarness h = new EngineHarness();
        Fraisier fraisier = Fraisier.builder()
                .config(ConfigFixtures.config(h.env))
                .store(h.store)
                .clock(h.clock)
                .sleeper(h.sleeper)
                .build();

        assertThatThrownBy(() -> fraisier.deploy(h.request())).isInstanceOfSatisfying(FraisierException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNKNOWN);
            assertThat(e.getMessage()).contains("found: none");
        });
    }

    @Test
    void lease_shorterThanThreeSeconds_isRefused() {
        assertThatThrownBy(() -> Fraisier.builder().lease(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultHolderId_isHostColonPid() {
        EngineHarness h = new EngineHarness();
        Fraisier fraisier = Fraisier.builder()
                .config(ConfigFixtures.config(h.env))
                .store(h.store)
                .environment(java.util.Map.of("HOSTNAME", "box1"))
                .build();

        assertThat(fraisier.holderId())
                .isEqualTo("box1:" + ProcessHandle.current().pid());
    }

    @Test
    void twoInstancesInOneJvm_doNotSeeEachOther() {
        EngineHarness a = new EngineHarness();
        EngineHarness b = new EngineHarness();
        a.target().running(Version.of("v1")).defaultTarget(Version.of("v2"));
        Fraisier first = a.fraisier();
        Fraisier second = b.fraisier();

        assertThat(first.deploy(a.request())).isInstanceOf(DeploymentOutcome.Succeeded.class);

        assertThat(second.history(HistoryQuery.latest(10))).isEmpty();
        assertThat(b.target().calls()).isEmpty();
        assertThat(b.listener.events()).isEmpty();
        assertThat(a.listener.events()).isNotEmpty();
    }

    @Test
    void close_closesOnlyAStoreItOpenedItself() {
        EngineHarness h = new EngineHarness();

        h.fraisier().close();

        assertThat(h.store.isClosed()).isFalse();
    }
}
