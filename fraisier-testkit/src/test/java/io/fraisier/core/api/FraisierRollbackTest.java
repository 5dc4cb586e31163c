package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.RollbackRequest;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import org.junit.jupiter.api.Test;

class FraisierRollbackTest {
    private static final Version V1 = Version.of("v1");
    private static final Version V2 = Version.of("v2");
    private static final Version V3 = Version.of("v3");

    private final EngineHarness h = new EngineHarness();

    private Fraisier deployed(Version... versions) {
        Fraisier fraisier = h.fraisier();
        for (Version v : versions) {
            h.target().defaultTarget(v);
            assertThat(fraisier.deploy(h.request())).isInstanceOf(DeploymentOutcome.Succeeded.class);
        }
        return fraisier;
    }

    @Test
    void rollback_withoutTo_goesToTheNewestSuccessfulVersionOtherThanTheCurrentOne() {
        Fraisier fraisier = deployed(V1, V2, V3);

        DeploymentOutcome outcome = fraisier.rollback(new RollbackRequest(TARGET, null, false, "dave"));

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Succeeded.class))
                .satisfies(s -> {
                    assertThat(s.deployment().trigger()).isEqualTo(Trigger.ROLLBACK);
                    assertThat(s.deployment().requestedVersion()).isEqualTo(V2);
                    assertThat(s.deployment().triggeredBy()).isEqualTo("dave");
                    assertThat(s.direction()).isEqualTo(Version.Direction.DOWNGRADE);
                });
        assertThat(h.target().runningVersion()).isEqualTo(V2);
        assertThat(h.store.states().find(TARGET).orElseThrow().currentVersion()).isEqualTo(V2);
    }

    @Test
    void rollback_twice_goesBackAndForthBetweenTheLastTwoVersions() {
        Fraisier fraisier = deployed(V1, V2);

        fraisier.rollback(RollbackRequest.of(TARGET));
        DeploymentOutcome again = fraisier.rollback(RollbackRequest.of(TARGET));

        assertThat(again)
                .asInstanceOf(type(DeploymentOutcome.Succeeded.class))
                .extracting(s -> s.deployment().newVersion())
                .isEqualTo(V2);
    }

    @Test
    void rollback_withTo_deploysThatVersion() {
        Fraisier fraisier = deployed(V1, V2, V3);

        DeploymentOutcome outcome = fraisier.rollback(new RollbackRequest(TARGET, V1, false, null));

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().runningVersion()).isEqualTo(V1);
    }

    @Test
    void rollback_withNoEarlierVersion_failsClearlyAndWritesNothing() {
        Fraisier fraisier = deployed(V1);

        assertThatThrownBy(() -> fraisier.rollback(RollbackRequest.of(TARGET)))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("No earlier version of my_api/production");
                    assertThat(e.hint()).contains("--to <version>");
                });
        assertThat(h.store.allDeployments()).hasSize(1);
    }

    @Test
    void rollback_dryRun_plansWithoutWriting() {
        Fraisier fraisier = deployed(V1, V2);
        int rows = h.store.allDeployments().size();

        DeploymentOutcome outcome = fraisier.rollback(new RollbackRequest(TARGET, null, true, null));

        assertThat(outcome).asInstanceOf(type(DeploymentOutcome.Planned.class)).satisfies(p -> {
            assertThat(p.current()).isEqualTo(V2);
            assertThat(p.targetVersion()).isEqualTo(V1);
            assertThat(p.direction()).isEqualTo(Version.Direction.DOWNGRADE);
        });
        assertThat(h.store.allDeployments()).hasSize(rows);
    }

    @Test
    void rollback_whoseVersionIsUnhealthy_isItselfRolledBack() {
        Fraisier fraisier = deployed(V1, V2);
        h.target().unhealthyWhileRunning(V1);

        DeploymentOutcome outcome = fraisier.rollback(RollbackRequest.of(TARGET));

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.RolledBack.class))
                .extracting(DeploymentOutcome.RolledBack::restored)
                .isEqualTo(V2);
        assertThat(h.store.allDeployments())
                .last()
                .extracting(Deployment::trigger)
                .isEqualTo(Trigger.ROLLBACK);
    }
}
