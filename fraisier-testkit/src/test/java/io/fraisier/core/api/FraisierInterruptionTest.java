package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FraisierInterruptionTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    @Test
    void deploy_interruptedWhileWaitingForTheLock_cancelsTheRowAndSaysSo() {
        h.store.locks().tryAcquire(TARGET, "host-b:1", 42, h.clock.instant(), Duration.ofHours(1));
        Fraisier fraisier = h.fraisier();

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> fraisier.deploy(h.request())).isInstanceOfSatisfying(FraisierException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED);
            assertThat(e.code().exitCode()).isEqualTo(130);
        });

        assertThat(h.store.allDeployments())
                .singleElement()
                .extracting(Deployment::status)
                .isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(h.store.locks().find(TARGET).orElseThrow().deploymentId()).isEqualTo(42);
    }

    /** Deploys v2 over v1, interrupted (Ctrl-C) at the first health attempt, which fails; expects it said. */
    private void deployInterruptedAtTheFirstHealthAttempt() {
        h.target().running(Version.of("v1")).defaultTarget(Version.of("v2")).failHealth(1);
        DeploymentListener interrupter = new DeploymentListener() {
            @Override
            public void onHealthAttempt(Deployment d, ProbeResult r) {
                Thread.currentThread().interrupt();
            }
        };
        Fraisier fraisier = h.builder().listener(interrupter).build();

        assertThatThrownBy(() -> fraisier.deploy(h.request()))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED));
    }

    @Test
    void deploy_interruptedDuringHealthBackoff_cancelsTheRowAndReleasesTheLock() {
        deployInterruptedAtTheFirstHealthAttempt();

        Deployment row = h.store.allDeployments().getFirst();
        assertThat(row.status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(row.errorType()).isEqualTo("interrupted");
        // the operator sees what was running and what was being deployed when it stopped
        assertThat(row.oldVersion()).isEqualTo(Version.of("v1"));
        assertThat(row.newVersion()).isEqualTo(Version.of("v2"));
        assertThat(row.errorMessage()).contains("interrupted while deploying v2 over v1");
        assertThat(h.store.locks().list()).isEmpty();
        assertThat(h.target().closes()).isEqualTo(1);
    }

    @Test
    void deploy_interrupted_recordsItsEndAndReleasesTheLock_evenWhereTheStoreRefusesInterruptedCallers() {
        // a connection pool does not wait for a connection on an interrupted thread: the run's last writes
        // hold the interrupt back, and set it again after
        h.store.refuseInterruptedCallers(true);

        deployInterruptedAtTheFirstHealthAttempt();

        assertThat(Thread.currentThread().isInterrupted())
                .as("the interrupt stays set")
                .isTrue();
        Thread.interrupted();
        assertThat(h.store.allDeployments().getFirst().status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(h.store.locks().list()).isEmpty();
    }

    @Test
    void aListenerThatThrows_doesNotBreakTheDeployment() {
        h.target().running(Version.of("v1")).defaultTarget(Version.of("v2"));
        DeploymentListener broken = new DeploymentListener() {
            @Override
            public void onEvent(Deployment d, DeploymentEvent e) {
                throw new IllegalStateException("display crashed");
            }
        };

        DeploymentOutcome outcome = h.builder().listener(broken).build().deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.listener.events()).isNotEmpty();
    }

    @Test
    void deploy_supersededWhileWaitingForTheLock_doesNotRunAndReleasesTheLock() {
        h.store.locks().tryAcquire(TARGET, "host-b:1", 42, h.clock.instant(), Duration.ofSeconds(5));
        java.util.concurrent.atomic.AtomicReference<Fraisier> self =
                new java.util.concurrent.atomic.AtomicReference<>();
        AtomicBoolean first = new AtomicBoolean(true);
        Fraisier fraisier = h.builder()
                .sleeper(d -> {
                    if (first.getAndSet(false)) {
                        self.get().enqueue(h.request());
                    }
                    h.clock.advance(d);
                })
                .build();
        self.set(fraisier);

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Superseded.class);
        assertThat(outcome.exitCode()).isZero();
        assertThat(h.target().deployed()).isEmpty();
        assertThat(h.store.locks().list()).isEmpty();
    }
}
