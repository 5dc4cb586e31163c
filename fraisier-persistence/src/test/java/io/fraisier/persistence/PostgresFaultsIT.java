package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.DatabaseConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Faults that need a real PostgreSQL: a refused login, a schema from a newer Fraisier. */
class PostgresFaultsIT {

    @Test
    void open_withAWrongPassword_saysSoWithoutShowingIt() throws Exception {
        String admin = TestDatabases.embeddedAdminUrl();
        int port = Integer.parseInt(admin.replaceFirst("^jdbc:postgresql://localhost:(\\d+)/.*$", "$1"));
        try (Connection c = DriverManager.getConnection(admin);
                Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS fraisier_pw");
            s.execute("CREATE ROLE fraisier_pw LOGIN PASSWORD 'the-right-one'");
            requirePasswordsFor(s, "fraisier_pw");
        }
        awaitPasswordCheck("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "fraisier_pw");
        DatabaseConfig block = new DatabaseConfig(
                "postgresql",
                "127.0.0.1",
                port,
                "postgres",
                "fraisier_pw",
                Secret.of("a-wrong-one"),
                null,
                null,
                2,
                Duration.ofHours(1),
                null);

        assertThatThrownBy(() -> new JooqStoreFactory().open(block, Map.of()))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
                    assertThat(e.getMessage())
                            .contains("127.0.0.1:" + port, "refused the login", "fraisier_pw", "password");
                    assertThat(e.hint()).contains("database.password");
                    assertThat(e.getMessage() + e.hint())
                            .doesNotContain("a-wrong-one")
                            .doesNotContain("the-right-one");
                });
    }

    @Test
    void open_aDatabaseMigratedByANewerFraisier_isRefused() throws SQLException {
        String url = TestDatabases.freshSchema(TestDatabases.embeddedAdminUrl());
        TestStores.open(url).close();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
                    + " 'V99__from_the_future.sql', 1, 'x', 1, true)");
        }

        assertThatThrownBy(() -> TestStores.open(url)).isInstanceOfSatisfying(FraisierException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_SCHEMA_NEWER);
            assertThat(e.getMessage()).contains("newer Fraisier", "99");
        });
    }

    @Test
    void record_ofTextPostgresCannotHold_isTheRequestsFault_notAnOutage() {
        String url = TestDatabases.freshSchema(TestDatabases.embeddedAdminUrl());
        String port = url.replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1");
        try (FraisierStore store = TestStores.open(url)) {
            WebhookEvent withNul = new WebhookEvent(
                    0,
                    Instant.parse("2026-03-01T12:00:00Z"),
                    "github",
                    "push",
                    "nul",
                    null,
                    null,
                    null,
                    "a\u0000b",
                    null,
                    "{}",
                    true,
                    "ignored",
                    List.of());

            assertThatThrownBy(() -> store.webhooks().record(withNul))
                    .isInstanceOfSatisfying(FraisierException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                        assertThat(e.getMessage()).contains("cannot store").doesNotContain(port);
                    });
            // a refused value is no outage: the store still writes
            store.checkWritable();
            assertThat(store.webhooks().recent(10)).isEmpty();
        }
    }

    /** The reload is asynchronous: wait until the server really asks that role for its password. */
    private static void awaitPasswordCheck(String url, String role) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Connection ignored = DriverManager.getConnection(url, role, "a-wrong-one")) {
                Thread.sleep(50);
            } catch (SQLException e) {
                if ("28P01".equals(e.getSQLState())) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the embedded server never started checking passwords for " + role);
    }

    /**
     * The embedded server trusts every login; make {@code role} need its password over TCP, keeping
     * trust for everyone else (the other tests), and reload.
     */
    private static void requirePasswordsFor(Statement s, String role) throws Exception {
        String hbaFile;
        try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
            rs.next();
            hbaFile = rs.getString(1);
        }
        Path hba = Path.of(hbaFile);
        String rules =
                "host all " + role + " 127.0.0.1/32 scram-sha-256\n" + "host all " + role + " ::1/128 scram-sha-256\n";
        String current = Files.readString(hba);
        if (!current.startsWith(rules)) {
            Files.writeString(hba, rules + current);
        }
        s.execute("SELECT pg_reload_conf()");
    }
}
