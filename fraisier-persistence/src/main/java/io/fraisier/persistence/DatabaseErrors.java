package io.fraisier.persistence;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns driver, pool and migration exceptions into {@link FraisierException}s that name the database
 * ({@code host:port} or file) and the setting to fix, never a password. Stateless.
 */
final class DatabaseErrors {
    private DatabaseErrors() {}

    static FraisierException translate(Throwable failure, DatabaseLocation where) {
        if (failure instanceof FraisierException fe) {
            return fe;
        }
        SQLException sql = find(failure, SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.startsWith("23") || String.valueOf(failure.getMessage()).contains("SQLITE_CONSTRAINT")) {
            // a bug or a hand-edited row, not an outage: say what the database refused
            return new FraisierException(
                    ErrorCode.INTERNAL,
                    "The database " + where.description() + " refused a write: "
                            + firstLine(sql != null ? sql : failure),
                    "A row it refers to may have been deleted by hand; run with --verbose and report it if not.",
                    failure);
        }
        if (state.equals("22021") || state.equals("22P05")) {
            // PostgreSQL cannot hold this text (a NUL character, an unpaired UTF-16 escape): the same value
            // fails on every retry, so it is the request's fault, not an outage (no database_unavailable)
            return new FraisierException(
                    ErrorCode.USAGE,
                    "The database cannot store a text value of this request: " + firstLine(Objects.requireNonNull(sql)),
                    "Send text without NUL characters (\\u0000) or unpaired UTF-16 surrogates.",
                    failure);
        }
        if (where.sqlite()) {
            return sqlite(failure, sql, where);
        }
        String at = where.hostPort() + " (from " + where.configKey() + ")";
        if (state.startsWith("28")) {
            return new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    "PostgreSQL at " + at + " refused the login"
                            + (where.user() == null ? "" : " of user '" + where.user() + "'")
                            + ": wrong user name or password",
                    "Check the user and password: database.user/database.password (FRAISIER_DB_PASSWORD) or the "
                            + "credentials in " + where.configKey() + ".",
                    failure);
        }
        if (state.equals("3D000")) {
            return new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    "PostgreSQL at " + at + " has no database named in " + where.description(),
                    "Create it (createdb) or fix database.name / the database in " + where.configKey() + ".",
                    failure);
        }
        if (find(failure, SocketTimeoutException.class) != null && find(failure, ConnectException.class) == null) {
            return new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    "The PostgreSQL database at " + at + " stopped answering: no reply within the socket timeout",
                    "Check that PostgreSQL and the network to it are up. To wait longer, add socketTimeout=<seconds>"
                            + " to the database URL (database.url or FRAISIER_DATABASE_URL; 0 waits for ever).",
                    failure);
        }
        if (state.startsWith("08")
                || find(failure, ConnectException.class) != null
                || find(failure, UnknownHostException.class) != null) {
            return new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    "Cannot reach the PostgreSQL database at " + at,
                    "Check that PostgreSQL runs and accepts connections there, or fix "
                            + ("database.host".equals(where.configKey())
                                    ? "database.host/database.port"
                                    : where.configKey())
                            + ".",
                    failure);
        }
        return new FraisierException(
                ErrorCode.DATABASE_UNAVAILABLE,
                "The PostgreSQL database at " + at + " failed: " + firstLine(sql != null ? sql : failure),
                "Check the database's log; `fraisier --version -v` shows which store is used.",
                failure);
    }

    /**
     * An SQLite failure, with a hint for what its result code says ({@code [SQLITE_BUSY] ...} starts the
     * driver's message): another process holding the write lock past the busy timeout, a file this process may
     * not write, a file that is no SQLite database or is damaged; else the usual causes.
     */
    private static FraisierException sqlite(Throwable failure, @Nullable SQLException sql, DatabaseLocation where) {
        String cause = firstLine(sql != null ? sql : failure);
        String what = "The SQLite database " + where.path() + " (from " + where.configKey() + ")";
        if (cause.contains("[SQLITE_BUSY") || cause.contains("[SQLITE_LOCKED")) {
            return new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    what + " stayed locked by another process for more than "
                            + Database.SQLITE_BUSY_TIMEOUT_MILLIS / 1000 + " s: " + cause,
                    "Another program holds a write transaction open on it (an sqlite3 shell inside BEGIN, a backup"
                            + " or copy tool, a Fraisier of another installation on the same file): find it with"
                            + " `fuser -v " + where.path() + "` and end it. Nothing was written; the next try"
                            + " writes normally.",
                    failure);
        }
        if (cause.contains("[SQLITE_READONLY")) {
            return new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    what + " cannot be written by this process (user " + System.getProperty("user.name") + "): "
                            + cause,
                    "Make the file, its -wal and -shm files and its folder writable by that user (`ls -l "
                            + where.path() + "*`), or check that the file system is not mounted read-only.",
                    failure);
        }
        if (cause.contains("[SQLITE_NOTADB") || cause.contains("[SQLITE_CORRUPT")) {
            return new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    what + " is not an SQLite database, or is damaged: " + cause,
                    "Check that " + where.configKey() + " names Fraisier's database; restore it from a backup, or"
                            + " point " + where.configKey() + " at a new file (Fraisier creates it, without the"
                            + " history).",
                    failure);
        }
        return new FraisierException(
                ErrorCode.DATABASE_UNAVAILABLE,
                what + " failed: " + cause,
                "Check that the disk has free space and that the file and its folder are writable and not on"
                        + " a network file system; set FRAISIER_HOME or database.path to another location.",
                failure);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
