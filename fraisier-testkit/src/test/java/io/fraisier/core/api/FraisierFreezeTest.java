package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FraisierFreezeTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void deploy_ofAFrozenTarget_isRefusedBeforeAnyRowOrLock_namingTheFreeze() {
        h.target().running(Version.of("v1")).defaultTarget(Version.of("v2"));
        Fraisier fraisier = h.fraisier();
        fraisier.freeze(TARGET, h.clock.instant().plus(Duration.ofHours(2)), "incident 42", "alice@ops1");

        assertThatThrownBy(() -> fraisier.deploy(h.request().by(Trigger.CLI, "bob")))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FROZEN);
                    assertThat(e.code().exitCode()).isEqualTo(4);
                    assertThat(e.getMessage()).contains("manual freeze", "alice@ops1", "incident 42", "until ");
                });
        assertThat(h.store.allDeployments()).isEmpty();
        assertThat(h.store.locks().list()).isEmpty();
        assertThat(h.target().deployed()).isEmpty();
    }

    @Test
    void rollback_ofAFrozenTarget_isRefused() {
        Fraisier fraisier = h.fraisier();
        fraisier.freeze(TARGET, null, "release", "alice@ops1");

        assertThatThrownBy(() -> fraisier.rollback(io.fraisier.core.model.RollbackRequest.of(TARGET)))
                .isInstanceOfSatisfying(
                        FraisierException.class,
                        e -> assertThat(e.getMessage()).contains("rollback refused", "no end"));
    }

    @Test
    void deploy_withOverride_goesAhead_andRecordsWhoWhyAndTheFreeze() {
        h.target().running(Version.of("v1")).defaultTarget(Version.of("v2"));
        Fraisier fraisier = h.fraisier();
        fraisier.freeze(TARGET, null, "incident 42", "alice@ops1");

        DeploymentOutcome out = fraisier.deploy(h.request().by(Trigger.CLI, "bob@ops2"), "hotfix for incident 42");

        assertThat(out).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.store.allEvents())
                .filteredOn(e -> e.step().equals("freeze"))
                .singleElement()
                .extracting(DeploymentEvent::message)
                .asString()
                .contains("overridden by bob@ops2", "hotfix for incident 42", "alice@ops1", "incident 42");
    }

    @Test
    void unfreeze_thenDeploy_works_andAnEndedFreezeNoLongerHolds() {
        h.target().running(Version.of("v1")).defaultTarget(Version.of("v2"));
        Fraisier fraisier = h.fraisier();
        fraisier.freeze(TARGET, null, "pause", "alice@ops1");

        assertThat(fraisier.unfreeze(TARGET)).get().extracting(Freeze::reason).isEqualTo("pause");
        assertThat(fraisier.freezes(TARGET)).isEmpty();
        assertThat(fraisier.deploy(h.request())).isInstanceOf(DeploymentOutcome.Succeeded.class);

        fraisier.freeze(TARGET, h.clock.instant().plus(Duration.ofMinutes(30)), "short", "alice@ops1");
        assertThat(fraisier.freezes(TARGET)).hasSize(1);
        h.clock.advance(Duration.ofMinutes(31));
        assertThat(fraisier.freezes(TARGET)).isEmpty();
        assertThat(fraisier.freezes()).isEmpty();
    }

    @Test
    void freeze_withoutReason_orEndingInThePast_isAUsageError() {
        Fraisier fraisier = h.fraisier();
        assertThatThrownBy(() -> fraisier.freeze(TARGET, null, " ", "a"))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
        assertThatThrownBy(() -> fraisier.freeze(TARGET, h.clock.instant().minusSeconds(1), "r", "a"))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
    }

    @Test
    void queuedRow_whoseTargetIsFrozenBeforeItRuns_isCancelledAsFrozen_andNothingIsDeployed() {
        h.target().running(Version.of("v1")).defaultTarget(Version.of("v2"));
        Fraisier fraisier = h.fraisier();
        io.fraisier.core.model.Deployment queued = fraisier.enqueue(h.request().by(Trigger.WEBHOOK, "octocat"));
        fraisier.freeze(TARGET, null, "incident 42", "alice@ops1");

        DeploymentOutcome out = fraisier.runPending(queued);

        assertThat(out).isInstanceOf(DeploymentOutcome.Superseded.class);
        assertThat(h.store.deployments().find(queued.id()).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(io.fraisier.core.model.DeploymentStatus.CANCELLED);
            assertThat(d.errorType()).isEqualTo("frozen");
            assertThat(d.errorMessage()).contains("incident 42");
        });
        assertThat(h.target().deployed()).isEmpty();
        assertThat(h.store.locks().list()).isEmpty();
    }
}
