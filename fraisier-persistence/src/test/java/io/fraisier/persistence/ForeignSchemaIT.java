package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.testkit.db.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FRAISIER_DATABASE_URL pointed at another application's database (a URL copied from it, the shared
 * {@code postgres} database): Fraisier creates none of its tables among someone else's, and says what to do in
 * its own words, not Flyway's ("Use baseline() or set baselineOnMigrate to true").
 */
class ForeignSchemaIT {
    @Test
    void aSchemaHoldingAnotherApplicationsTables_isRefused_withWhatToDo_andLeftAsItWas() throws Exception {
        String url = TestDatabases.postgresSchema();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id integer PRIMARY KEY)");
        }

        assertThatThrownBy(() ->
                        Database.open(new DatabaseLocator().locate(null, Map.of(DatabaseLocator.URL_VARIABLE, url))))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage())
                            .contains("already holds tables of something else")
                            .doesNotContain("baseline");
                    assertThat(e.hint()).contains("CREATE DATABASE fraisier", "currentSchema=fraisier");
                });

        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                var tables = s.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")) {
            tables.next();
            assertThat(tables.getInt(1))
                    .as("tables in the schema: only the application's own")
                    .isEqualTo(1);
        }
    }
}
