package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.DatabaseConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.spi.StoreFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening stores: discovery, the embedded default, migrations, and the faults an operator can meet. */
class StoreFactoryTest {
    @TempDir
    Path tmp;

    @Test
    void theFactory_isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(StoreFactory.class).findFirst()).get().isInstanceOf(JooqStoreFactory.class);
    }

    @Test
    void open_withoutConfig_createsTheEmbeddedFileUnderFraisierHome() {
        Path home = tmp.resolve("a/b/fraisier-home");
        try (FraisierStore store = new JooqStoreFactory().open(null, Map.of("FRAISIER_HOME", home.toString()))) {
            store.ping();
            assertThat(store.description()).isEqualTo("sqlite " + home.resolve("fraisier.db"));
        }
        assertThat(home.resolve("fraisier.db")).isRegularFile();
    }

    @Test
    void open_anExistingDatabaseAgain_keepsItsData() {
        Map<String, String> env = Map.of("FRAISIER_HOME", tmp.toString());
        long id;
        try (FraisierStore store = new JooqStoreFactory().open(null, env)) {
            id = store.deployments()
                    .create(
                            new NewDeployment(
                                    Target.of("a", "b"), "local", Trigger.CLI, null, null, null, null, null, false),
                            Instant.parse("2026-01-01T00:00:00Z"))
                    .id();
        }
        try (FraisierStore store = new JooqStoreFactory().open(null, env)) {
            assertThat(store.deployments().find(id))
                    .get()
                    .extracting(d -> d.status())
                    .isEqualTo(DeploymentStatus.PENDING);
        }
    }

    @Test
    void open_anSqlitePathThatCannotBeWritten_namesThePathAndTheSettings() throws IOException {
        // a regular file where the folder should be: not writable even for root
        Path file = Files.writeString(tmp.resolve("occupied"), "x");

        assertThatThrownBy(() -> new JooqStoreFactory()
                        .open(null, Map.of("FRAISIER_HOME", file.resolve("home").toString())))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains(file.resolve("home").toString(), "FRAISIER_HOME");
                    assertThat(e.hint()).contains("FRAISIER_HOME", "database.path");
                });
    }

    @Test
    void open_aDatabaseMigratedByANewerFraisier_isRefusedClearly() throws SQLException {
        Path db = tmp.resolve("fraisier.db");
        new JooqStoreFactory()
                .open(null, Map.of("FRAISIER_HOME", tmp.toString()))
                .close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
                    + " 'V99__from_the_future.sql', 1, 'x', 1, 1)");
        }

        assertThatThrownBy(() -> new JooqStoreFactory().open(null, Map.of("FRAISIER_HOME", tmp.toString())))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_SCHEMA_NEWER);
                    assertThat(e.getMessage()).contains("newer Fraisier", "99", db.toString());
                    assertThat(e.hint()).contains("Upgrade Fraisier");
                });
    }

    @Test
    void open_anUnreachablePostgres_namesHostPortAndTheVariable_neverThePassword() throws IOException {
        int closed = closedPort();

        assertThatThrownBy(() -> new JooqStoreFactory()
                        .open(
                                null,
                                Map.of(
                                        "FRAISIER_DATABASE_URL",
                                        "postgresql://fraisier:topsecret@127.0.0.1:" + closed + "/fraisier")))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("127.0.0.1:" + closed, "FRAISIER_DATABASE_URL");
                    assertThat(e.getMessage() + e.hint()).doesNotContain("topsecret");
                });
    }

    @Test
    void open_anUnreachablePostgresFromTheBlock_namesTheConfigKey() throws IOException {
        int closed = closedPort();
        DatabaseConfig block = new DatabaseConfig(
                "postgresql",
                "127.0.0.1",
                closed,
                "fraisier",
                "fraisier",
                Secret.of("topsecret"),
                null,
                null,
                2,
                Duration.ofHours(1),
                null);

        assertThatThrownBy(() -> new JooqStoreFactory().open(block, Map.of()))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("127.0.0.1:" + closed, "database.host");
                    assertThat(e.hint()).contains("database.host");
                    assertThat(e.getMessage() + e.hint()).doesNotContain("topsecret");
                });
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
