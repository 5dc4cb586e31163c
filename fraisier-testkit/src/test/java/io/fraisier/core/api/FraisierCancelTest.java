package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentListener;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.testkit.fake.ConfigFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code fraisier cancel}: a request recorded by one front door stops the run of another. */
class FraisierCancelTest {
    private static final Version V1 = Version.of("v1");
    private static final Version V2 = Version.of("v2");

    private final EngineHarness h = new EngineHarness();

    /** The deployment running now (the only one). */
    private long runningId() {
        return h.store.allDeployments().getFirst().id();
    }

    @Test
    void aRunningStepIsStopped_theTargetRolledBack_andTheRowEndsCancelledNamingWhoAndWhy() {
        h.env = ConfigFixtures.withTimeouts(h.env, Duration.ofSeconds(300), Duration.ofSeconds(600));
        h.sleeper.realGrace(Duration.ofMillis(20));
        Fraisier other = h.fraisier();
        h.target()
                .running(V1)
                .defaultTarget(V2)
                .hang()
                .duringDeploy(() -> other.cancel(runningId(), "alice@ops1", "wrong build"));

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Cancelled.class))
                .satisfies(c -> {
                    assertThat(c.request().requestedBy()).isEqualTo("alice@ops1");
                    assertThat(c.restored()).isEqualTo(V1);
                    assertThat(c.exitCode()).isEqualTo(130);
                });
        Deployment row = h.store.allDeployments().getFirst();
        assertThat(row.status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(row.errorType()).isEqualTo("cancelled");
        assertThat(row.errorMessage()).contains("alice@ops1", "wrong build", "rolled back to v1");
        // the hung step was interrupted (not waited out for its 600 s timeout), then v1 deployed again
        assertThat(h.target().calls()).contains("interrupted");
        assertThat(h.target().deployed()).containsExactly("v2", "v1");
        assertThat(h.target().runningVersion()).isEqualTo(V1);
        assertThat(h.store.locks().list()).isEmpty();
        assertThat(h.store.states().find(TARGET).orElseThrow().currentVersion()).isEqualTo(V1);
        assertThat(h.listener.events())
                .anySatisfy(e -> assertThat(e.message()).contains("cancel requested by alice@ops1: wrong build"));
    }

    @Test
    void aRequestDuringTheHealthCheck_rollsBackToo() {
        AtomicReference<Fraisier> other = new AtomicReference<>();
        AtomicBoolean asked = new AtomicBoolean();
        h.target().running(V1).defaultTarget(V2).failHealth(2);
        Fraisier fraisier = h.builder()
                .sleeper(d -> {
                    // the health policy's first backoff: the operator gives up on this deployment
                    if (!asked.getAndSet(true)) {
                        other.get().cancel(runningId(), "bob@ops2", "taking too long");
                    }
                    h.clock.advance(d);
                })
                .build();
        other.set(h.fraisier());

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Cancelled.class);
        assertThat(h.target().deployed()).containsExactly("v2", "v1");
        assertThat(h.store.allDeployments().getFirst().status()).isEqualTo(DeploymentStatus.CANCELLED);
    }

    @Test
    void aRequestDuringALongHealthBackoff_isSeenWithinSeconds_notAtTheNextAttempt() {
        h.env = ConfigFixtures.withHealth(
                h.env,
                new HealthCheck(
                        "http://localhost:8000/health",
                        null,
                        null,
                        null,
                        Duration.ofSeconds(5),
                        2,
                        Duration.ofSeconds(30)));
        h.target().running(V1).defaultTarget(V2).failHealth(1);
        Fraisier other = h.fraisier();
        AtomicReference<Instant> askedAt = new AtomicReference<>();
        h.sleeper.onSleep(d -> {
            // the first wait between attempts of v2's check: the operator gives up on this deployment
            if (d.equals(Duration.ofSeconds(30)) && askedAt.get() == null) {
                askedAt.set(h.clock.instant());
                other.cancel(runningId(), "bob@ops2", "taking too long");
            }
        });

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Cancelled.class))
                .satisfies(c -> assertThat(c.restored()).isEqualTo(V1));
        Deployment row = h.store.allDeployments().getFirst();
        assertThat(row.status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(row.errorMessage()).contains("bob@ops2", "taking too long", "rolled back to v1");
        // seen within the watch's poll, not after the 30 s backoff and a second probe of v2
        assertThat(Duration.between(askedAt.get(), row.completedAt())).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(h.target().calls().stream().filter(c -> c.startsWith("probe")))
                .as("one probe of v2, one of v1 after the rollback")
                .hasSize(2);
        // the sleeper still sees the backoff as the policy asked it, not in slices
        assertThat(h.sleeper.sleeps()).containsExactly(Duration.ofSeconds(30));
        assertThat(h.target().deployed()).containsExactly("v2", "v1");
        assertThat(h.store.locks().list()).isEmpty();
    }

    @Test
    void aQueuedRowIsCancelledAtOnce_andNeverRuns() {
        Fraisier fraisier = h.fraisier();
        Deployment queued = fraisier.enqueue(h.request());

        Deployment after = fraisier.cancel(queued.id(), "alice@ops1", null);

        assertThat(after.status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(after.errorMessage()).contains("alice@ops1", "no reason given", "before it started");
        DeploymentOutcome outcome = fraisier.runPending(queued);
        assertThat(outcome).isInstanceOf(DeploymentOutcome.Superseded.class);
        assertThat(outcome.exitCode()).isEqualTo(130);
        assertThat(h.target().deployed()).isEmpty();
    }

    @Test
    void aDeploymentWaitingForTheLock_stopsWaitingWhenCancelled() {
        h.store.locks().tryAcquire(TARGET, "host-b:1", 42, h.clock.instant(), Duration.ofHours(1));
        AtomicReference<Fraisier> self = new AtomicReference<>();
        AtomicBoolean first = new AtomicBoolean(true);
        Fraisier fraisier = h.builder()
                .sleeper(d -> {
                    if (first.getAndSet(false)) {
                        self.get().cancel(runningId(), "alice@ops1", "not now");
                    }
                    h.clock.advance(d);
                })
                .build();
        self.set(fraisier);

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(outcome.exitCode()).isEqualTo(130);
        assertThat(h.store.allDeployments().getFirst().status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(h.target().deployed()).isEmpty();
        // the other holder's lock is untouched
        assertThat(h.store.locks().find(TARGET).orElseThrow().deploymentId()).isEqualTo(42);
    }

    @Test
    void aPendingRowCancelledByTheCancellerWhileTheWaiterRecordsItsOwnStop_endsCancelledOnce() {
        // the race CancelIT met: the waiter sees the request and stops, and between its read of the row
        // and its write, the canceller (another process) moves the pending row to cancelled itself
        h.store.locks().tryAcquire(TARGET, "host-b:1", 42, h.clock.instant(), Duration.ofHours(1));
        AtomicBoolean requested = new AtomicBoolean();
        AtomicBoolean cancelledByOther = new AtomicBoolean();
        DeploymentListener canceller = new DeploymentListener() {
            @Override
            public void onEvent(Deployment deployment, DeploymentEvent event) {
                if (requested.get() && "error".equals(event.step()) && !cancelledByOther.getAndSet(true)) {
                    h.store
                            .deployments()
                            .transition(DeploymentUpdate.move(
                                    deployment.id(),
                                    DeploymentStatus.PENDING,
                                    DeploymentStatus.CANCELLED,
                                    0,
                                    h.clock.instant()));
                }
            }
        };
        Fraisier fraisier = h.builder()
                .listener(canceller)
                .sleeper(d -> {
                    if (!requested.getAndSet(true)) {
                        h.store
                                .deployments()
                                .requestCancel(
                                        runningId(), new CancelRequest("alice@ops1", "not twice", h.clock.instant()));
                    }
                    h.clock.advance(d);
                })
                .build();

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(cancelledByOther).isTrue();
        assertThat(outcome.exitCode()).isEqualTo(130);
        assertThat(h.store.allDeployments().getFirst().status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(h.target().deployed()).isEmpty();
    }

    @Test
    void aSecretPastedIntoTheReason_isStoredAndShownMasked() {
        String token = "tok-0123456789abcdef";
        Fraisier fraisier = h.builder().environment(Map.of("API_TOKEN", token)).build();
        Deployment queued = fraisier.enqueue(h.request());

        Deployment after = fraisier.cancel(queued.id(), "alice@ops1", "token " + token + " leaked");

        assertThat(after.errorMessage()).contains("token *** leaked").doesNotContain(token);
        assertThat(h.store
                        .deployments()
                        .cancelRequest(queued.id())
                        .orElseThrow()
                        .reason())
                .isEqualTo("token *** leaked");
        assertThat(h.store.allEvents()).noneMatch(e -> e.message().contains(token));
    }

    @Test
    void aFinishedRowOrAnUnknownId_isRefusedNamingWhy() {
        h.target().running(V1).defaultTarget(V2);
        Fraisier fraisier = h.fraisier();
        fraisier.deploy(h.request());
        Deployment done = h.store.allDeployments().getFirst();

        assertThatThrownBy(() -> fraisier.cancel(done.id(), "alice@ops1", "late"))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.code().exitCode()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("already finished: success");
                });
        assertThatThrownBy(() -> fraisier.cancel(9999, "alice@ops1", "typo"))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(h.store.deployments().cancelRequest(done.id())).isEmpty();
    }
}
