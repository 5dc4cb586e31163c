package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * SQLite's result codes, as sqlite-jdbc words them, each get the hint for its cause (SqliteFailuresIT meets the
 * locked file and the file that is no database for real; a read-only file cannot be made for root, who runs CI).
 */
class DatabaseErrorsTest {
    private static final Path FILE = Path.of("/var/lib/fraisier/fraisier.db");
    private static final DatabaseLocation WHERE = DatabaseLocation.sqlite(FILE, "database.path");

    @Test
    void aReadOnlyFile_namesTheUserAndWhatToMakeWritable() {
        FraisierException e = DatabaseErrors.translate(
                new SQLException("[SQLITE_READONLY] Attempt to write a readonly database (attempt to write a"
                        + " readonly database)"),
                WHERE);

        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
        assertThat(e.getMessage())
                .contains(FILE + " (from database.path) cannot be written by this process (user "
                        + System.getProperty("user.name") + ")");
        assertThat(e.hint()).contains("ls -l " + FILE + "*", "mounted read-only");
    }

    @Test
    void anyOtherSqliteFailure_keepsTheGeneralAdvice() {
        FraisierException e = DatabaseErrors.translate(
                new SQLException("[SQLITE_FULL] Insertion failed because database is full (database or disk is full)"),
                WHERE);

        assertThat(e.getMessage()).contains("failed: [SQLITE_FULL]");
        assertThat(e.hint()).contains("free space");
    }
}
