package io.fraisier.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.WebhookEventStore;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The webhook event contract: storing deliveries once per git host, processing, listing. */
public abstract class WebhookEventStoreContract extends StoreContractSupport {

    protected static WebhookEvent push(String host, @Nullable String delivery, Instant at) {
        return new WebhookEvent(
                0,
                at,
                host,
                "push",
                delivery,
                "main",
                "branch",
                "b".repeat(40),
                "alice",
                "org/my-api",
                "{\"ref\":\"refs/heads/main\"}",
                false,
                null,
                List.of());
    }

    private WebhookEventStore webhooks() {
        return store.webhooks();
    }

    @Test
    void record_storesTheEventWithEveryField() {
        WebhookEventStore.Recorded r = webhooks().record(push("github", "d-1", T0));

        assertThat(r.duplicate()).isFalse();
        WebhookEvent e = r.event();
        assertThat(e.id()).isPositive();
        assertThat(e.receivedAt()).isEqualTo(T0);
        assertThat(e.gitHost()).isEqualTo("github");
        assertThat(e.deliveryId()).isEqualTo("d-1");
        assertThat(e.commit()).isEqualTo("b".repeat(40));
        assertThat(e.repository()).isEqualTo("org/my-api");
        assertThat(e.payload()).isEqualTo("{\"ref\":\"refs/heads/main\"}");
        assertThat(e.processed()).isFalse();
    }

    @Test
    void record_theSameDeliveryTwice_returnsTheFirstAsDuplicate() {
        WebhookEvent first = webhooks().record(push("github", "d-1", T0)).event();

        WebhookEventStore.Recorded again = webhooks().record(push("github", "d-1", T0.plusSeconds(5)));

        assertThat(again.duplicate()).isTrue();
        assertThat(again.event().id()).isEqualTo(first.id());
        assertThat(again.event().receivedAt()).isEqualTo(T0);
        assertThat(webhooks().recent(10)).hasSize(1);
    }

    @Test
    void record_deliveryIdsAreUniquePerHost_andMissingOnesAreNeverDuplicates() {
        assertThat(webhooks().record(push("github", "d-1", T0)).duplicate()).isFalse();
        assertThat(webhooks().record(push("gitlab", "d-1", T0)).duplicate()).isFalse();
        assertThat(webhooks().record(push("gitea", null, T0)).duplicate()).isFalse();
        assertThat(webhooks().record(push("gitea", null, T0)).duplicate()).isFalse();

        assertThat(webhooks().recent(10)).hasSize(4);
    }

    @Test
    void markProcessed_setsTheOutcomeAndTheDeploymentsItCreated() {
        WebhookEvent e = webhooks().record(push("github", "d-1", T0)).event();
        Deployment a = pending(API_PROD, T0);
        Deployment b = pending(API_STAGING, T0);

        webhooks().markProcessed(e.id(), "deployed", List.of(a.id(), b.id()));

        WebhookEvent stored = webhooks().recent(1).getFirst();
        assertThat(stored.processed()).isTrue();
        assertThat(stored.outcome()).isEqualTo("deployed");
        assertThat(stored.deploymentIds()).containsExactly(a.id(), b.id());
        assertThatThrownBy(() -> webhooks().markProcessed(e.id() + 100, "x", List.of()))
                .isInstanceOfSatisfying(
                        FraisierException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    /**
     * A push's deployment can be queued again as a new row carrying the same event (a skipped replay
     * gives back the place of the newer push it superseded): the event names that row too, after the one
     * it linked when processed, each once, and only its own.
     */
    @Test
    void recent_andADuplicate_nameEveryDeploymentQueuedForTheEvent_theRequeuedOneIncluded() {
        WebhookEvent e = webhooks().record(push("github", "d-1", T0)).event();
        WebhookEvent other =
                webhooks().record(push("github", "d-2", T0.plusSeconds(1))).event();
        Deployment first = fromWebhook(API_PROD, e.id(), T0);
        Deployment others = fromWebhook(API_STAGING, other.id(), T0);
        webhooks().markProcessed(e.id(), "deployed", List.of(first.id()));
        webhooks().markProcessed(other.id(), "deployed", List.of(others.id()));
        pending(WORKER_PROD, T0.plusSeconds(2));

        Deployment again = fromWebhook(API_PROD, e.id(), T0.plusSeconds(3));

        assertThat(webhooks().recent(10))
                .extracting(WebhookEvent::deliveryId, WebhookEvent::deploymentIds)
                .containsExactly(tuple("d-2", List.of(others.id())), tuple("d-1", List.of(first.id(), again.id())));
        WebhookEventStore.Recorded redelivered = webhooks().record(push("github", "d-1", T0.plusSeconds(4)));
        assertThat(redelivered.duplicate()).isTrue();
        assertThat(redelivered.event().deploymentIds()).containsExactly(first.id(), again.id());
    }

    private Deployment fromWebhook(Target target, long eventId, Instant at) {
        return store.deployments()
                .create(
                        new NewDeployment(
                                target,
                                "local",
                                Trigger.WEBHOOK,
                                "alice",
                                null,
                                "main",
                                "b".repeat(40),
                                eventId,
                                false),
                        at);
    }

    @Test
    void record_ofAnEventThatAlreadyNamesDeployments_isRefused_andStoresNothing() {
        WebhookEvent linked = new WebhookEvent(
                0, T0, "github", "push", "d-1", null, null, null, null, null, "{}", false, null, List.of(7L));

        assertThatThrownBy(() -> webhooks().record(linked)).isInstanceOf(IllegalArgumentException.class);
        assertThat(webhooks().recent(10)).isEmpty();
    }

    @Test
    void recent_isNewestFirst_andLimited() {
        webhooks().record(push("github", "d-1", T0));
        webhooks().record(push("github", "d-3", T0.plusSeconds(2)));
        webhooks().record(push("github", "d-2", T0.plusSeconds(1)));

        assertThat(webhooks().recent(2)).extracting(WebhookEvent::deliveryId).containsExactly("d-3", "d-2");
    }

    @Test
    void record_returnsExactlyWhatIsReadBack_evenForAFinerClockAndAProcessedEvent() {
        Instant fine = T0.plusNanos(123_456_789);
        WebhookEvent settled = new WebhookEvent(
                0, fine, "gitlab", "Push Hook", "d-9", null, null, null, null, null, "{}", true, "pong", List.of());

        WebhookEvent stored = webhooks().record(settled).event();

        assertThat(webhooks().recent(1)).containsExactly(stored);
        assertThat(stored.receivedAt()).isBetween(fine.minusMillis(1), fine);
        assertThat(stored.processed()).isTrue();
        assertThat(stored.outcome()).isEqualTo("pong");
    }

    @Test
    void record_racingTheSameDeliveryFromManyThreads_storesItOnce() throws Exception {
        int threads = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<WebhookEventStore.Recorded>> results = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return webhooks().record(push("github", "race", T0));
                }));
            }
            start.countDown();
            long fresh = 0;
            java.util.Set<Long> ids = new java.util.HashSet<>();
            for (var r : results) {
                WebhookEventStore.Recorded recorded = r.get();
                ids.add(recorded.event().id());
                fresh += recorded.duplicate() ? 0 : 1;
            }
            assertThat(fresh).isEqualTo(1);
            assertThat(ids).hasSize(1);
            assertThat(webhooks().recent(10)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void record_ofAnUnprocessedEvent_claimsItForTheRecorder_untilTheLeaseEnds() {
        WebhookEvent e = webhooks().record(push("github", "d-1", T0)).event();

        assertThat(webhooks().claim(e.id(), T0.plusSeconds(1))).isFalse();
        Instant afterLease = T0.plus(WebhookEventStore.CLAIM_LEASE).plusSeconds(1);
        assertThat(webhooks().claim(e.id(), afterLease)).isTrue();
        assertThat(webhooks().claim(e.id(), afterLease.plusSeconds(1))).isFalse();
    }

    @Test
    void releaseClaim_letsTheNextClaimTakeItAtOnce_andAProcessedOrUnknownEventIsNeverClaimed() {
        WebhookEvent e = webhooks().record(push("github", "d-1", T0)).event();

        webhooks().releaseClaim(e.id());
        assertThat(webhooks().claim(e.id(), T0.plusSeconds(1))).isTrue();

        webhooks().markProcessed(e.id(), "deployed", List.of());
        webhooks().releaseClaim(e.id());
        assertThat(webhooks()
                        .claim(e.id(), T0.plus(WebhookEventStore.CLAIM_LEASE).plusSeconds(5)))
                .isFalse();
        assertThat(webhooks().claim(e.id() + 100, T0)).isFalse();
        WebhookEvent settled = new WebhookEvent(
                0, T0, "gitlab", "Push Hook", "d-2", null, null, null, null, null, "{}", true, "pong", List.of());
        assertThat(webhooks().claim(webhooks().record(settled).event().id(), T0))
                .isFalse();
    }

    @Test
    void claim_racingFromManyThreads_isWonByExactlyOne() throws Exception {
        WebhookEvent e = webhooks().record(push("github", "d-1", T0)).event();
        webhooks().releaseClaim(e.id());
        int threads = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return webhooks().claim(e.id(), T0.plusSeconds(1));
                }));
            }
            start.countDown();
            int won = 0;
            for (var r : results) {
                won += r.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void checkWritable_onAStoreThatWrites_passes_andWritesNoHistory() {
        store.checkWritable();
        store.checkWritable();

        assertThat(webhooks().recent(10)).isEmpty();
    }
}
