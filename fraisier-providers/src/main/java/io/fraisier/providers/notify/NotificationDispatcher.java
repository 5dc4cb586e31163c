package io.fraisier.providers.notify;

import io.fraisier.core.config.NotificationChannel;
import io.fraisier.core.config.NotificationsConfig;
import io.fraisier.core.config.Scrubber;
import io.fraisier.core.model.Notification;
import io.fraisier.core.spi.NotificationOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's due messages: claims a few (a lease, so no other process sends them meanwhile), sends
 * each to its channel, and records the outcome — delivered (never sent again), retried later with
 * exponential backoff ({@link RetryPolicy}), or failed after the last attempt. Delivery is at least once:
 * a process that dies after a receiver accepted a message but before recording it sends it again once the
 * lease expires, with the same delivery id. Nothing here ever throws into a deployment. Thread-safe.
 */
public final class NotificationDispatcher {
    /** How long a claim keeps a message from other processes: longer than one attempt can take. */
    public static final Duration LEASE = Duration.ofSeconds(60);
    /** The longest one attempt may take. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
    /** One at a time: a pass cut short by its budget leaves no other message claimed until its lease ends. */
    private static final int BATCH = 1;

    private final NotificationOutbox outbox;
    private final NotificationsConfig config;
    private final Scrubber scrubber;
    private final Clock clock;
    private final String holder;
    private final RetryPolicy retry;
    private final Map<String, ChannelSender> senders;

    public NotificationDispatcher(
            NotificationOutbox outbox,
            NotificationsConfig config,
            Scrubber scrubber,
            Clock clock,
            String holder,
            RetryPolicy retry,
            Map<String, ChannelSender> senders) {
        this.outbox = outbox;
        this.config = config;
        this.scrubber = scrubber;
        this.clock = clock;
        this.holder = holder;
        this.retry = retry;
        this.senders = Map.copyOf(senders);
    }

    /** A dispatcher with the built-in channels (HTTP ones, and e-mail over SMTP). */
    public static NotificationDispatcher standard(
            NotificationOutbox outbox, NotificationsConfig config, Scrubber scrubber, Clock clock, String holder) {
        return standard(outbox, config, scrubber, clock, holder, RetryPolicy.DEFAULT);
    }

    /** {@link #standard(NotificationOutbox, NotificationsConfig, Scrubber, Clock, String)} with its own retries. */
    public static NotificationDispatcher standard(
            NotificationOutbox outbox,
            NotificationsConfig config,
            Scrubber scrubber,
            Clock clock,
            String holder,
            RetryPolicy retry) {
        HttpChannels http = new HttpChannels();
        return new NotificationDispatcher(
                outbox,
                config,
                scrubber,
                clock,
                holder,
                retry,
                Map.of(
                        NotificationChannel.WEBHOOK, http,
                        NotificationChannel.SLACK, http,
                        NotificationChannel.GITHUB_DEPLOYMENTS, http,
                        NotificationChannel.GRAFANA_ANNOTATION, http,
                        NotificationChannel.EMAIL, new SmtpChannel()));
    }

    /** What one pass did. */
    public record Report(int delivered, int retried, int failed) {
        public int attempted() {
            return delivered + retried + failed;
        }
    }

    /**
     * Sends the messages due now, until none is left or {@code budget} is spent (an attempt in flight is
     * cut at the budget's end, and its message retried later). Never throws: a database that fails ends the
     * pass, and is logged.
     */
    public Report deliverDue(Duration budget) {
        Instant deadline = clock.instant().plus(budget);
        int delivered = 0;
        int retried = 0;
        int failed = 0;
        try {
            while (clock.instant().isBefore(deadline)) {
                var batch = outbox.claim(holder, clock.instant(), LEASE, BATCH);
                if (batch.isEmpty()) {
                    break;
                }
                for (Notification n : batch) {
                    Duration left = Duration.between(clock.instant(), deadline);
                    if (left.isNegative() || left.isZero()) {
                        // the budget ran out between the claim and the send (one message at most, BATCH is 1): no
                        // attempt
                        // is counted; its claim lapses after LEASE and the next pass takes it
                        break;
                    }
                    switch (attempt(n, min(left, ATTEMPT_TIMEOUT))) {
                        case DELIVERED -> delivered++;
                        case RETRIED -> retried++;
                        case FAILED -> failed++;
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("notifications: delivery stopped: {}", scrubber.scrub(String.valueOf(e.getMessage())));
        }
        return new Report(delivered, retried, failed);
    }

    private enum Outcome {
        DELIVERED,
        RETRIED,
        FAILED
    }

    private Outcome attempt(Notification n, Duration timeout) {
        Optional<NotificationChannel> channel = config.channel(n.channel());
        String problem;
        if (channel.isEmpty() || !channel.get().type().equals(n.channelType())) {
            problem = "channel " + n.channel() + " (" + n.channelType() + ") is no longer in notifications:";
            outbox.markFailed(n.id(), holder, clock.instant(), problem);
            LOG.warn("notification #{} of deployment #{} failed: {}", n.id(), n.deploymentId(), problem);
            return Outcome.FAILED;
        }
        ChannelSender sender = senders.get(n.channelType());
        try {
            if (sender == null) {
                throw new DeliveryFailure("no sender for channel type " + n.channelType());
            }
            sender.send(channel.get(), n, timeout);
            outbox.markDelivered(n.id(), holder, clock.instant());
            LOG.info("notification #{} of deployment #{} delivered to {}", n.id(), n.deploymentId(), n.channel());
            return Outcome.DELIVERED;
        } catch (DeliveryFailure e) {
            problem = scrubber.scrub(e.getMessage());
        } catch (RuntimeException e) {
            problem = scrubber.scrub("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        int attempts = n.attempts() + 1;
        if (attempts >= retry.maxAttempts()) {
            outbox.markFailed(n.id(), holder, clock.instant(), problem);
            LOG.warn(
                    "notification #{} of deployment #{} to {} failed after {} attempts: {}",
                    n.id(),
                    n.deploymentId(),
                    n.channel(),
                    attempts,
                    problem);
            return Outcome.FAILED;
        }
        Instant next = clock.instant().plus(retry.delayAfter(attempts));
        outbox.markRetry(n.id(), holder, next, problem);
        LOG.warn(
                "notification #{} of deployment #{} to {} not delivered (attempt {}): {}; next attempt at {}",
                n.id(),
                n.deploymentId(),
                n.channel(),
                attempts,
                problem,
                next);
        return Outcome.RETRIED;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
