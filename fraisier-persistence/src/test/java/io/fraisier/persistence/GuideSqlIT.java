package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL of the operator guide ("Database Management"), copied verbatim, run on PostgreSQL against a
 * store that the stores themselves filled.
 */
class GuideSqlIT {
    static final String DEPLOYMENTS = """
            SELECT id, fraise, environment, status, old_version, new_version,
                   started_at, completed_at, duration_seconds, error_message
            FROM tb_deployment
            ORDER BY started_at DESC
            LIMIT 10;""";
    static final String FRAISE_STATUS = "SELECT * FROM v_fraise_status;";
    static final String LOCKS = "SELECT * FROM tb_deployment_lock;";
    static final String ARCHIVE = """

              DELETE FROM tb_deployment
              WHERE completed_at < NOW() - INTERVAL '90 days'
              AND status != 'in_progress';
            """;
    static final String VACUUM = "VACUUM ANALYZE;";

    private static final Target API = Target.of("my_api", "production");
    private static final Target WORKER = Target.of("worker", "production");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.fraisier.persistence.PostgresServers#all")
    void theGuidesQueries_runVerbatim_andTheArchiveKeepsCounters(String server, String adminUrl) throws SQLException {
        String url = TestDatabases.freshSchema(adminUrl);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (FraisierStore store = TestStores.open(url);
                Connection sql = DriverManager.getConnection(url)) {
            WebhookEvent push = store.webhooks()
                    .record(new WebhookEvent(
                            0,
                            now.minus(Duration.ofDays(100)),
                            "github",
                            "push",
                            "d-1",
                            "main",
                            "branch",
                            null,
                            "alice",
                            "org/my-api",
                            "{}",
                            false,
                            null,
                            List.of()))
                    .event();
            Deployment old = run(store, API, now.minus(Duration.ofDays(100)), push.id(), "v1");
            store.events()
                    .append(new DeploymentEvent(
                            old.id(), old.startedAt(), "fetch", DeploymentEvent.Level.INFO, "git fetch"));
            store.webhooks().markProcessed(push.id(), "deployed", List.of(old.id()));
            Deployment recent = run(store, API, now.minus(Duration.ofDays(1)), null, "v2");
            Deployment running = start(store, WORKER, now.minus(Duration.ofDays(200)));
            LockLease lease = store.locks()
                    .tryAcquire(WORKER, "host:42", running.id(), now, Duration.ofMinutes(5))
                    .orElseThrow();
            MetricSnapshot before = store.counters().snapshot();

            List<List<Object>> rows = query(sql, DEPLOYMENTS);
            assertThat(columns(sql, DEPLOYMENTS))
                    .containsExactly(
                            "id",
                            "fraise",
                            "environment",
                            "status",
                            "old_version",
                            "new_version",
                            "started_at",
                            "completed_at",
                            "duration_seconds",
                            "error_message");
            assertThat(rows).extracting(r -> r.get(0)).containsExactly(recent.id(), old.id(), running.id());

            assertThat(columns(sql, FRAISE_STATUS)).contains("fraise", "environment", "current_version", "last_status");
            assertThat(query(sql, FRAISE_STATUS))
                    .singleElement()
                    .satisfies(r -> assertThat(r).contains("my_api", "v2"));

            assertThat(columns(sql, LOCKS))
                    .contains(
                            "fraise",
                            "environment",
                            "holder",
                            "deployment_id",
                            "acquired_at",
                            "expires_at",
                            "fencing_token");
            assertThat(query(sql, LOCKS))
                    .singleElement()
                    .satisfies(r -> assertThat(r).contains("worker", "host:42"));

            try (Statement s = sql.createStatement()) {
                assertThat(s.executeUpdate(ARCHIVE)).isEqualTo(1);
            }
            assertThat(store.deployments().find(old.id())).isEmpty();
            assertThat(store.events().list(old.id())).isEmpty();
            assertThat(store.deployments().find(recent.id())).isPresent();
            assertThat(store.deployments().find(running.id())).isPresent();
            WebhookEvent kept = store.webhooks().recent(1).getFirst();
            assertThat(kept.id()).isEqualTo(push.id());
            assertThat(kept.deploymentIds()).isEmpty();
            assertThat(store.counters().snapshot()).isEqualTo(before);

            try (Statement s = sql.createStatement()) {
                s.execute(VACUUM);
                // "Delete lock: DELETE FROM tb_deployment_lock WHERE ...;" by hand, then deploy again
                assertThat(s.executeUpdate("DELETE FROM tb_deployment_lock WHERE fraise = 'worker';"))
                        .isEqualTo(1);
            }
            assertThat(store.locks().tryAcquire(WORKER, "host:43", running.id(), now, Duration.ofMinutes(5)))
                    .get()
                    .satisfies(l -> assertThat(l.fencingToken()).isGreaterThan(lease.fencingToken()));
        }
    }

    private static Deployment start(FraisierStore store, Target target, Instant at) {
        return startWith(store, target, at, null);
    }

    private static Deployment startWith(FraisierStore store, Target target, Instant at, Long webhookEventId) {
        Deployment d = store.deployments()
                .create(
                        new NewDeployment(
                                target,
                                "bare_metal",
                                webhookEventId == null ? Trigger.CLI : Trigger.WEBHOOK,
                                "alice",
                                null,
                                "main",
                                null,
                                webhookEventId,
                                false),
                        at);
        return store.deployments()
                .transition(
                        DeploymentUpdate.move(d.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, at));
    }

    private static Deployment run(FraisierStore store, Target target, Instant at, Long webhookEventId, String version) {
        Deployment d = startWith(store, target, at, webhookEventId);
        return store.deployments()
                .transition(new DeploymentUpdate(
                        d.id(),
                        DeploymentStatus.IN_PROGRESS,
                        DeploymentStatus.SUCCESS,
                        0,
                        at.plusSeconds(30),
                        null,
                        Version.of(version),
                        Version.of(version),
                        null,
                        null,
                        null,
                        null));
    }

    private static List<String> columns(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnLabel(i));
            }
            return names;
        }
    }

    private static List<List<Object>> query(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
