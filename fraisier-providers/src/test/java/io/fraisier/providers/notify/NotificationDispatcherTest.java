package io.fraisier.providers.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.config.NotificationChannel;
import io.fraisier.core.config.NotificationsConfig;
import io.fraisier.core.config.Scrubber;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Notification;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Claim, send, record: delivered once, retried with backoff, failed after the last attempt. */
class NotificationDispatcherTest {
    private static final String SECRET = "tok-9f8e7d6c";
    private static final RetryPolicy RETRY = new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(40), 4);

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    final InMemoryStore store = new InMemoryStore();
    final List<String> sent = new ArrayList<>();
    final List<String> answers = new ArrayList<>(); // "ok" or a failure text, one per attempt

    final NotificationChannel ops = Messages.channel(
            "ops", "webhook", Map.of("url", "http://127.0.0.1:1/x"), Map.of("secret", Secret.of(SECRET)));

    private NotificationDispatcher dispatcher(NotificationsConfig config) {
        ChannelSender fake = (channel, message, timeout) -> {
            sent.add(channel.name() + ":" + message.deliveryId());
            String answer = answers.isEmpty() ? "ok" : answers.remove(0);
            if (!answer.equals("ok")) {
                throw new DeliveryFailure(answer);
            }
        };
        return new NotificationDispatcher(
                store.outbox(),
                config,
                Scrubber.of(List.of(SECRET)),
                clock,
                "test-holder",
                RETRY,
                Map.of("webhook", fake));
    }

    private Deployment endedDeployment() {
        Deployment d = store.deployments()
                .create(
                        new NewDeployment(
                                Target.of("my_api", "production"),
                                "local",
                                Trigger.CLI,
                                "alice",
                                null,
                                null,
                                null,
                                null,
                                false),
                        clock.instant());
        store.deployments()
                .transition(DeploymentUpdate.move(
                        d.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, clock.instant()));
        return store.deployments()
                .transition(
                        DeploymentUpdate.move(
                                d.id(), DeploymentStatus.IN_PROGRESS, DeploymentStatus.FAILED, 0, clock.instant()),
                        row -> List.of(new Notification.New(
                                "dlv-" + row.id(), row.id(), "ops", "webhook", "failed", "{}", clock.instant())));
    }

    private Notification only() {
        List<Notification> all = store.outbox().list(EnumSet.allOf(Notification.State.class), 10);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void accepted_isDeliveredOnce_andNeverSentAgain() {
        endedDeployment();
        NotificationDispatcher d = dispatcher(new NotificationsConfig(List.of(ops), null));

        assertThat(d.deliverDue(Duration.ofSeconds(5))).isEqualTo(new NotificationDispatcher.Report(1, 0, 0));
        clock.advance(Duration.ofHours(1));
        assertThat(d.deliverDue(Duration.ofSeconds(5)).attempted()).isZero();

        assertThat(sent).containsExactly("ops:dlv-1");
        assertThat(only().state()).isEqualTo(Notification.State.DELIVERED);
    }

    @Test
    void refused_isRetriedWithExponentialBackoff_thenFailedAfterTheLastAttempt() {
        endedDeployment();
        answers.addAll(List.of("HTTP 503 from a", "HTTP 503 from b", "HTTP 503 from c", "HTTP 500 from d"));
        NotificationDispatcher d = dispatcher(new NotificationsConfig(List.of(ops), null));

        assertThat(d.deliverDue(Duration.ofSeconds(5)).retried()).isEqualTo(1);
        assertThat(only().nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(10));
        assertThat(d.deliverDue(Duration.ofSeconds(5)).attempted())
                .as("not due yet")
                .isZero();

        clock.advance(Duration.ofSeconds(10));
        d.deliverDue(Duration.ofSeconds(5));
        assertThat(only().nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(20));
        clock.advance(Duration.ofSeconds(20));
        d.deliverDue(Duration.ofSeconds(5));
        assertThat(only().nextAttemptAt())
                .as("capped")
                .isEqualTo(clock.instant().plusSeconds(40));
        clock.advance(Duration.ofSeconds(40));
        assertThat(d.deliverDue(Duration.ofSeconds(5)).failed()).isEqualTo(1);

        Notification n = only();
        assertThat(n.state()).isEqualTo(Notification.State.FAILED);
        assertThat(n.attempts()).isEqualTo(4);
        assertThat(n.lastError()).isEqualTo("HTTP 500 from d");
        clock.advance(Duration.ofDays(1));
        assertThat(d.deliverDue(Duration.ofSeconds(5)).attempted()).isZero();
        assertThat(sent).hasSize(4);
    }

    @Test
    void aSecretInAFailureText_isMaskedBeforeItIsStored() {
        endedDeployment();
        answers.add("receiver said: bad token " + SECRET);
        dispatcher(new NotificationsConfig(List.of(ops), null)).deliverDue(Duration.ofSeconds(5));

        assertThat(only().lastError()).doesNotContain(SECRET).contains("bad token ***");
    }

    @Test
    void aChannelRemovedFromTheConfig_failsItsMessages_withoutSendingThem() {
        endedDeployment();

        NotificationDispatcher.Report r =
                dispatcher(new NotificationsConfig(List.of(), null)).deliverDue(Duration.ofSeconds(5));

        assertThat(r.failed()).isEqualTo(1);
        assertThat(sent).isEmpty();
        assertThat(only().lastError()).contains("channel ops (webhook) is no longer in notifications:");
    }

    @Test
    void aDatabaseThatIsDown_endsThePassWithoutThrowing() {
        endedDeployment();
        store.down(true);

        assertThat(dispatcher(new NotificationsConfig(List.of(ops), null))
                        .deliverDue(Duration.ofSeconds(5))
                        .attempted())
                .isZero();
        store.down(false);
        assertThat(store.outbox().list(Set.of(Notification.State.PENDING), 10)).hasSize(1);
    }

    @Test
    void retryPolicy_doublesUpToTheCap() {
        RetryPolicy p = new RetryPolicy(Duration.ofSeconds(15), Duration.ofMinutes(30), 10);
        assertThat(p.delayAfter(1)).isEqualTo(Duration.ofSeconds(15));
        assertThat(p.delayAfter(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.delayAfter(3)).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.delayAfter(9)).isEqualTo(Duration.ofMinutes(30));
    }
}
