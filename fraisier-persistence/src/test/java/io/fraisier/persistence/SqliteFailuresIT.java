package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.spi.FraisierStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads when the SQLite file is held by another program or is not a database: the cause in
 * plain words and what to do, not the disk-space advice every SQLite failure used to get.
 */
class SqliteFailuresIT {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path tmp;

    /** An sqlite3 shell left inside {@code BEGIN EXCLUSIVE}: the write waits the busy timeout, then says who to look for. */
    @Test
    void aFileAnotherProgramKeepsLocked_failsAfterTheBusyTimeout_namingTheWayToFindIt() throws Exception {
        Path file = tmp.resolve("f.db");
        NewDeployment row =
                new NewDeployment(Target.of("api", "prod"), "local", Trigger.CLI, "ops", null, null, null, null, false);
        try (FraisierStore store = TestStores.open("sqlite:" + file);
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");

            assertThatThrownBy(() -> store.deployments().create(row, T0))
                    .isInstanceOfSatisfying(FraisierException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
                        assertThat(e.getMessage())
                                .contains(file.toString(), "stayed locked by another process for more than 10 s");
                        assertThat(e.hint()).contains("fuser -v " + file, "sqlite3 shell inside BEGIN");
                    });

            s.execute("ROLLBACK");
            assertThat(store.deployments().create(row, T0).id())
                    .as("the next try writes")
                    .isPositive();
        }
    }

    @Test
    void aFileThatIsNoSqliteDatabase_isSaidToBeSo_withoutDiskSpaceAdvice() throws Exception {
        Path file = tmp.resolve("notes.db");
        Files.writeString(file, "these are my notes, not a database\n".repeat(200));

        assertThatThrownBy(() -> TestStores.open("sqlite:" + file))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains(file.toString(), "is not an SQLite database, or is damaged");
                    assertThat(e.hint()).contains("restore it from a backup").doesNotContain("free space");
                });
    }
}
