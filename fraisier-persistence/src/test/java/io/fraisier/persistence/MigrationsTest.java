package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteDataSource;

/** Flyway runs only for a schema that is absent, behind, ahead or broken; a current one takes one query. */
class MigrationsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void latestVersion_isTheNewestMigrationFile(String dialect) throws IOException, URISyntaxException {
        URL folder = Objects.requireNonNull(Migrations.class.getClassLoader().getResource("db/migration/" + dialect));
        List<Integer> versions;
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            versions = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V[0-9]+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .sorted()
                    .toList();
        }
        assertThat(versions).isNotEmpty().last().isEqualTo(Migrations.LATEST_VERSION);
    }

    @Test
    void apply_runsFlywayOnANewDatabase_andNotAgainOnceItIsCurrent() throws SQLException {
        SQLiteDataSource db = dataSource();
        DatabaseLocation location = DatabaseLocation.sqlite(tmp.resolve("fraisier.db"), "FRAISIER_HOME");

        assertThat(new Migrations(db, location).apply())
                .as("a new file is migrated")
                .isTrue();
        assertThat(new Migrations(db, location).apply())
                .as("a current schema is only checked")
                .isFalse();
        assertThat(tableExists(db, "tb_deployment")).isTrue();
    }

    @Test
    void apply_afterAFailedMigration_leavesItToFlyway() throws SQLException {
        SQLiteDataSource db = dataSource();
        DatabaseLocation location = DatabaseLocation.sqlite(tmp.resolve("fraisier.db"), "FRAISIER_HOME");
        new Migrations(db, location).apply();
        execute(db, "UPDATE flyway_schema_history SET success = 0 WHERE version = '2'");

        // Flyway, not the quick check, decides: it refuses to go on over a failed migration
        assertThatThrownBy(() -> new Migrations(db, location).apply()).hasMessageContaining("failed");
    }

    @Test
    void apply_onASchemaFromANewerFraisier_refusesIt() throws SQLException {
        SQLiteDataSource db = dataSource();
        DatabaseLocation location = DatabaseLocation.sqlite(tmp.resolve("fraisier.db"), "FRAISIER_HOME");
        new Migrations(db, location).apply();
        execute(
                db,
                "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                        + " installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
                        + " 'V99__from_the_future.sql', 1, 'x', 1, 1)");

        assertThatThrownBy(() -> new Migrations(db, location).apply())
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_SCHEMA_NEWER));
    }

    private SQLiteDataSource dataSource() {
        SQLiteDataSource db = new SQLiteDataSource();
        db.setUrl("jdbc:sqlite:" + tmp.resolve("fraisier.db"));
        return db;
    }

    private static void execute(SQLiteDataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static boolean tableExists(SQLiteDataSource db, String table) throws SQLException {
        try (Connection c = db.getConnection();
                var rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }
}
