package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hosts compare lease instants that each wrote with its own clock: a host whose clock runs ahead of the
 * others would see their live leases as expired. Against a real PostgreSQL, a host whose clock disagrees
 * with the server's by more than 5 s takes, renews and reclaims no lease, and says why.
 */
class PostgresClockSkewIT {
    private static final Target TARGET = Target.of("api", "prod");
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final String url = TestDatabases.postgresSchema();

    private static FraisierStore store(String url, Duration hostAhead) {
        Database db = Database.open(new DatabaseLocator().locate(null, Map.of(DatabaseLocator.URL_VARIABLE, url)));
        db.hostClock(Clock.offset(Clock.systemUTC(), hostAhead));
        return new JooqFraisierStore(db);
    }

    @Test
    void aHostWhoseClockRunsAhead_takesNoLock_andSaysByHowMuchAndWhatToDo() {
        try (FraisierStore ahead = store(url, Duration.ofSeconds(95))) {
            Instant itsNow = Instant.now().plusSeconds(95);

            assertThatThrownBy(() -> ahead.locks().tryAcquire(TARGET, "host-b:2", 1, itsNow, LEASE))
                    .isInstanceOfSatisfying(FraisierException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CLOCK_SKEW);
                        assertThat(e.code().exitCode()).isEqualTo(5);
                        assertThat(e.getMessage())
                                .containsPattern("clock is 9[45]\\.\\d s ahead of the clock of the"
                                        + " PostgreSQL server at [^ ]+:\\d+ \\(from FRAISIER_DATABASE_URL\\)");
                        assertThat(e.hint()).contains("NTP");
                    });
            assertThat(ahead.locks().find(TARGET)).isEmpty();
            // what a daemon's /health asks: unhealthy, so a load balancer moves to a daemon that can deploy
            assertThatThrownBy(ahead::checkWritable)
                    .isInstanceOfSatisfying(
                            FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLOCK_SKEW));
        }
    }

    @Test
    void aHostWhoseClockRunsBehind_isRefusedToo_butOneWithinFiveSecondsIsNot() {
        try (FraisierStore behind = store(url, Duration.ofSeconds(-30));
                FraisierStore close = store(url, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> behind.locks().tryAcquire(TARGET, "host-c:3", 1, Instant.now(), LEASE))
                    .isInstanceOfSatisfying(
                            FraisierException.class,
                            e -> assertThat(e.getMessage()).contains("s behind the clock of the PostgreSQL server"));

            LockLease lease = close.locks()
                    .tryAcquire(TARGET, "host-a:1", 1, Instant.now(), LEASE)
                    .orElseThrow();
            assertThat(close.locks().renew(lease, Instant.now(), LEASE)).isPresent();
        }
    }

    @Test
    void aHostWhoseClockRunsAhead_doesNotMarkAnotherHostsLiveDeploymentInterrupted() {
        try (FraisierStore good = store(url, Duration.ZERO);
                FraisierStore ahead = store(url, Duration.ofMinutes(2))) {
            Instant now = Instant.now();
            Deployment pending = good.deployments()
                    .create(
                            new NewDeployment(TARGET, "local", Trigger.CLI, "alice", null, "main", null, null, false),
                            now);
            LockLease lease = good.locks()
                    .tryAcquire(TARGET, "host-a:1", pending.id(), now, LEASE)
                    .orElseThrow();
            good.deployments()
                    .transition(DeploymentUpdate.move(
                            pending.id(),
                            DeploymentStatus.PENDING,
                            DeploymentStatus.IN_PROGRESS,
                            lease.fencingToken(),
                            now));

            // by its clock the lease expired a minute ago
            assertThatThrownBy(() -> ahead.recoverInterrupted(now.plus(Duration.ofMinutes(2)), "interrupted"))
                    .isInstanceOfSatisfying(
                            FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLOCK_SKEW));

            assertThat(good.deployments().find(pending.id()).orElseThrow().status())
                    .isEqualTo(DeploymentStatus.IN_PROGRESS);
            assertThat(good.locks().find(TARGET))
                    .hasValueSatisfying(l -> assertThat(l.holder()).isEqualTo("host-a:1"));
            assertThat(good.recoverInterrupted(Instant.now(), "interrupted")).isEmpty();
        }
    }
}
