package io.fraisier.providers.coolify;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.Sleeper;
import io.fraisier.core.spi.StepReporter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits for a Coolify deployment to end: polls {@code GET /deployments/{uuid}} after 1 s, then doubling
 * up to 10 s, until {@code finished}, {@code failed} or {@code cancelled-by-user}, within a deadline.
 *
 * <p>Not thread-safe; one per wait.
 */
final class CoolifyPolling {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration CAP = Duration.ofSeconds(10);

    private final CoolifyApi api;
    private final Sleeper sleeper;
    private final Clock clock;

    CoolifyPolling(CoolifyApi api, Sleeper sleeper, Clock clock) {
        this.api = api;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** Wait number {@code attempt} (0-based): 1 s, 2 s, 4 s, 8 s, then 10 s. */
    static Duration delay(int attempt) {
        Duration d = FIRST;
        for (int i = 0; i < attempt && d.compareTo(CAP) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(CAP) > 0 ? CAP : d;
    }

    /**
     * The deployment once it is over, or the last state seen when {@code deadline} passed (then
     * {@link CoolifyDeployment#isOver()} is false).
     */
    CoolifyDeployment await(String deploymentUuid, Instant deadline, StepReporter steps) {
        String lastStatus = "";
        for (int attempt = 0; ; attempt++) {
            Duration wait = delay(attempt);
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return CoolifyDeployment.from(deploymentUuid, api.deployment(deploymentUuid));
            }
            sleep(wait.compareTo(left) > 0 ? left : wait);
            CoolifyDeployment seen = CoolifyDeployment.from(deploymentUuid, api.deployment(deploymentUuid));
            if (!seen.status().equals(lastStatus)) {
                lastStatus = seen.status();
                steps.step("build", "deployment " + deploymentUuid + " is " + describe(seen));
            }
            if (seen.isOver() || !clock.instant().isBefore(deadline)) {
                return seen;
            }
        }
    }

    private static String describe(CoolifyDeployment d) {
        String status = d.status().isBlank() ? "(no status)" : d.status();
        return d.commitSha().map(c -> status + " (commit " + c + ")").orElse(status);
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FraisierException(ErrorCode.INTERRUPTED, "Interrupted while waiting for a Coolify deployment");
        }
    }
}
