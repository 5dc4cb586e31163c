package io.fraisier.persistence;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open database: the schema for its dialect, a plain JDBC connection for the reads of {@link
 * SqlReads}, and (made on first use, see {@link DatabasePool}) the connection pool and the jOOQ context for
 * everything else. Opening checks the schema on the plain connection, so a read-only command (history,
 * stats, status-all) on a current store never loads jOOQ, HikariCP or Flyway (issue #14). Every store
 * goes through {@link #tx}, {@link #write}, {@link #read}, {@link #statement} or {@link #query}, which turn
 * driver failures into {@link FraisierException}s. Thread-safe.
 */
final class Database implements AutoCloseable {
    /** SQLite waits this long for another process's write before giving up (CLI and daemon share a file). */
    static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;
    /** A commit that leaves this many WAL pages (about 40 MB) checkpoints inline, if the checkpointer fell behind. */
    static final int SQLITE_INLINE_CHECKPOINT_PAGES = 10_000;
    /**
     * How often the checkpointer thread copies committed WAL pages into the SQLite file. A stored webhook
     * event writes about 8 pages, so at 1,000 a second this keeps the WAL near 8 MB and each checkpoint's
     * held-writers phase to a few milliseconds (bench/webhook/README.md).
     */
    static final Duration SQLITE_CHECKPOINT_EVERY = Duration.ofMillis(250);
    /**
     * {@link #checkWritable} fails an SQLite store whose file system has less free space than this: a
     * stored webhook event with its deployment takes some 10 pages of 4 KiB, more while the WAL grows.
     */
    static final long SQLITE_MIN_FREE_BYTES = 64 * 1024;
    /**
     * A write that failed because the database could not write (not a refused row) fails {@link
     * #checkWritable} for this long, unless a write succeeds meanwhile: a tiny probe write may still fit
     * where real ones no longer do (a full disk with a little room left in the WAL).
     */
    static final Duration RECENT_WRITE_FAILURE = Duration.ofSeconds(5);

    /**
     * The plain connection is tested before a read when idle this long (HikariCP's default for the
     * connections it hands out): a connection PostgreSQL dropped meanwhile is replaced, not failed on.
     */
    static final Duration PLAIN_CHECK_AFTER = Duration.ofMillis(500);

    /**
     * How long a PostgreSQL call may wait for the server's answer before it fails as unreachable (pgjdbc's
     * {@code socketTimeout}): far above any query of Fraisier's (milliseconds at a million rows,
     * docs/PERFORMANCE.md), and short enough that a request answers 503 and a deployment stops cleanly
     * rather than hang. Migrations get {@link Migrations#SOCKET_TIMEOUT}.
     */
    static final Duration PG_SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    final DatabaseLocation location;
    /** The plain-SQL reads, shared with the jOOQ stores. */
    final SqlReads reads;

    /** The connection reads use until the pool exists; guarded by {@link #plainLock}. */
    private @Nullable Connection plain;

    /** When {@link #plain} last ran a read ({@link System#nanoTime}); guarded by {@link #plainLock}. */
    private long plainLastUsed;

    private final ReentrantLock plainLock = new ReentrantLock();
    /** The pool and jOOQ: null until an operation needs them. */
    private volatile @Nullable DatabasePool pooled;

    private final Object pooling = new Object();
    private volatile boolean closed;

    /** Compares this host's clock with PostgreSQL's before lease operations. */
    private volatile ClockCheck clockCheck;

    /**
     * The identity (device and inode) of the SQLite file as it was opened; null on PostgreSQL, before the first
     * connection, or where the file system gives none. See {@link #requireTheOpenedFile()}.
     */
    private volatile @Nullable Object sqliteFile;

    private Database(DatabaseLocation location) {
        this.location = location;
        this.reads = new SqlReads(!location.sqlite());
        this.clockCheck = new ClockCheck(Clock.systemUTC(), location);
    }

    /**
     * Refuses a lease operation (take, renew, claim, reclaim) when this host's clock and the PostgreSQL
     * server's disagree too much ({@link ClockCheck}); nothing on SQLite.
     */
    void requireClockInStep() {
        clockCheck.require(this);
    }

    /** Tests: this host's clock as {@link ClockCheck} reads it (the system's in production). */
    void hostClock(Clock clock) {
        this.clockCheck = new ClockCheck(clock, location);
    }

    /**
     * Connects (creating the SQLite folder) on a plain connection and checks the schema there; only a
     * database whose schema is absent or behind starts the pool and Flyway.
     */
    static Database open(DatabaseLocation location) {
        if (location.sqlite()) {
            prepareSqliteFolder(location);
        }
        Database db = new Database(location);
        try {
            boolean current = db.query(Migrations::isCurrent);
            if (location.sqlite()) {
                db.rememberTheOpenedFile();
            }
            if (!current) {
                new Migrations(db.pooled().pool, location).apply();
            }
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw DatabaseErrors.translate(e, location);
        }
    }

    /**
     * The connection settings the pool's connections get too ({@link DatabasePool#connect}): the location's
     * own properties, then the pragmas of SQLite or the PostgreSQL client settings.
     */
    static Properties driverProperties(DatabaseLocation location) {
        Properties p = new Properties();
        location.properties().forEach(p::setProperty);
        if (location.sqlite()) {
            p.setProperty("journal_mode", "WAL");
            p.setProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MILLIS));
            p.setProperty("foreign_keys", "true");
            // each commit synced before it is acknowledged: with NORMAL in WAL mode the last commits may roll back
            // after a power loss or a kernel crash (a 202 answered for a push that is then gone), see docs/CONFIG.md
            p.setProperty("synchronous", "FULL");
            // the checkpointer thread copies the WAL into the file off the request path; this inline
            // checkpoint (in whichever commit crosses it, holding the write lock) is only a backstop
            p.setProperty("wal_autocheckpoint", String.valueOf(SQLITE_INLINE_CHECKPOINT_PAGES));
            // every transaction takes the write lock up front: no deadlock-prone read-then-write upgrades
            p.setProperty("transaction_mode", "IMMEDIATE");
        } else {
            p.setProperty("ApplicationName", "fraisier");
            p.setProperty("connectTimeout", "10");
            // a server that stops answering (a black-holed network, a frozen host) fails a call after this
            // long instead of holding a request, a worker or a lease renewal for ever; the operator's own
            // value (in the URL or the properties) wins
            p.putIfAbsent("socketTimeout", String.valueOf(PG_SOCKET_TIMEOUT.toSeconds()));
            // a connection whose peer vanished is noticed by the kernel too, idle or not
            p.putIfAbsent("tcpKeepAlive", "true");
        }
        return p;
    }

    static String driverClassName(DatabaseLocation location) {
        return location.sqlite() ? "org.sqlite.JDBC" : "org.postgresql.Driver";
    }

    /** One connection as the pool makes them (same URL, credentials and settings), without the pool. */
    private static Connection connectPlain(DatabaseLocation location) throws SQLException {
        Properties p = driverProperties(location);
        if (location.user() != null) {
            p.setProperty("user", location.user());
        }
        if (location.password() != null) {
            p.setProperty("password", location.password().reveal());
        }
        if (!location.sqlite()) {
            // what the pool's connection timeout (10 s) sets as the login timeout of its first connection
            p.setProperty("loginTimeout", "10");
        }
        Driver driver;
        try {
            driver = (Driver) Class.forName(driverClassName(location), true, Database.class.getClassLoader())
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException e) {
            throw new SQLException("No JDBC driver " + driverClassName(location) + " on the class path", e);
        }
        if (!location.sqlite() && PostgresDriverDefaults.searchNeedless()) {
            PostgresDriverDefaults.preset(driver);
        }
        Connection c = driver.connect(location.jdbcUrl(), p);
        if (c == null) {
            throw new SQLException("The driver " + driverClassName(location) + " does not accept the database URL");
        }
        return c;
    }

    /**
     * Runs {@code work}, reads only, on the plain connection while there is no pool (one read at a time),
     * on a pooled connection once there is one. No writer lock: these are reads.
     */
    <T> T query(JdbcWork<T> work) {
        if (pooled == null) {
            plainLock.lock();
            try {
                if (pooled == null) {
                    requireOpen();
                    Connection c = plainConnection();
                    try {
                        return work.run(c);
                    } finally {
                        plainLastUsed = System.nanoTime();
                    }
                }
            } catch (SQLException e) {
                discardPlain(); // the next read reconnects (a restarted PostgreSQL, a closed file)
                throw DatabaseErrors.translate(e, location);
            } finally {
                plainLock.unlock();
            }
        }
        try (Connection c = pooled().pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e, location);
        }
    }

    /**
     * The plain connection, checked as the pool checks a connection it hands out: one idle for more than
     * {@link #PLAIN_CHECK_AFTER} is tested first ({@link Connection#isValid}) and replaced if a restart of
     * PostgreSQL or the network dropped it. Called with {@link #plainLock} held.
     */
    private Connection plainConnection() throws SQLException {
        Connection c = plain;
        if (c != null && System.nanoTime() - plainLastUsed > PLAIN_CHECK_AFTER.toNanos() && !c.isValid(5)) {
            discardPlain();
            c = null;
        }
        if (c == null) {
            c = connectPlain(location);
            plain = c;
        }
        return c;
    }

    private void discardPlain() {
        Connection c = plain;
        plain = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("closing the plain connection to {} failed: {}", location.description(), e.toString());
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the store " + location.description() + " is closed");
        }
    }

    /** The pool and jOOQ, made on first call; the plain connection is closed then (reads move to the pool). */
    private DatabasePool pooled() {
        DatabasePool p = pooled;
        if (p != null) {
            return p;
        }
        synchronized (pooling) {
            p = pooled;
            if (p == null) {
                requireOpen();
                p = new DatabasePool(this);
                pooled = p;
                plainLock.lock();
                try {
                    discardPlain();
                } finally {
                    plainLock.unlock();
                }
            }
            return p;
        }
    }

    /** The jOOQ names of the schema (made with the pool). */
    Tables t() {
        return pooled().t;
    }

    /** This process's SQLite writers, one at a time (see {@link #tx}). */
    final ReentrantLock sqliteWriter = new ReentrantLock(true);

    boolean isPostgres() {
        return !location.sqlite();
    }

    /** Runs {@code work} in one transaction (on SQLite a {@code BEGIN IMMEDIATE} single-writer one). */
    <T> T tx(Function<DSLContext, T> work) {
        return asTheWriter(() -> pooled().transaction(work));
    }

    /**
     * Runs one auto-committed write statement (no {@code BEGIN}/{@code COMMIT} round trips); on SQLite
     * it queues behind this process's writer lock like {@link #tx}. Use {@link #tx} when several
     * statements must succeed together.
     */
    <T> T write(Function<DSLContext, T> work) {
        return asTheWriter(() -> pooled().run(work));
    }

    /**
     * SQLite has one writer: threads of this process queue on a fair lock here instead of in SQLite's
     * busy handler, which sleeps up to 100 ms between retries and made p99 latency of concurrent
     * webhooks spike. Other processes still wait through busy_timeout. Taken before a connection, so it
     * never starves the pool. PostgreSQL writers run in parallel.
     */
    private <T> T asTheWriter(Supplier<T> work) {
        boolean serialize = !isPostgres();
        if (serialize) {
            sqliteWriter.lock();
        }
        try {
            if (serialize) {
                requireTheOpenedFile();
            }
            T result = work.get();
            lastWriteFailure = null;
            return result;
        } catch (FraisierException e) {
            throw noted(e);
        } finally {
            if (serialize) {
                sqliteWriter.unlock();
            }
        }
    }

    /** The last write that failed because the database could not write, when no write succeeded since. */
    private volatile @Nullable WriteFailure lastWriteFailure;

    private record WriteFailure(long nanoTime, FraisierException failure) {}

    private FraisierException noted(FraisierException e) {
        if (e.code() == ErrorCode.DATABASE_UNAVAILABLE) {
            lastWriteFailure = new WriteFailure(System.nanoTime(), e);
        }
        return e;
    }

    /**
     * Whether a write can be stored now (see {@code FraisierStore.checkWritable}): fails while a write
     * failed for want of a writable database within {@link #RECENT_WRITE_FAILURE}, when an SQLite file
     * system has less than {@link #SQLITE_MIN_FREE_BYTES} free, and when rewriting the one row of
     * {@code tb_store_probe} fails (a read-only file, file system or PostgreSQL, a full disk).
     */
    void checkWritable(Instant now) {
        WriteFailure recent = lastWriteFailure;
        if (recent != null && System.nanoTime() - recent.nanoTime() < RECENT_WRITE_FAILURE.toNanos()) {
            FraisierException e = recent.failure();
            throw new FraisierException(e.code(), e.getMessage(), e.hint(), e);
        }
        if (location.sqlite()) {
            requireFreeSpace();
        }
        statement(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE tb_store_probe SET checked_at = ? WHERE id = 1")) {
                bind(ps, 1, now);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Refuses to write when the SQLite file's path no longer names the file this store opened: SQLite goes on
     * writing into a file that was deleted or moved away while it was open, and every such write is lost when
     * the program restarts on the path (a clean-up job, a mistaken {@code rm}, a data folder moved under a
     * running daemon, which would answer 202 for pushes no restart sees). One {@code stat} per write, under the
     * writer lock. Where the identity cannot be read (no permission to the folder), the write goes ahead: it
     * then reports any real problem itself.
     */
    private void requireTheOpenedFile() {
        Object opened = sqliteFile;
        if (opened == null) {
            return;
        }
        Object now;
        try {
            now = fileKey(location.path());
        } catch (RuntimeException e) {
            return;
        }
        if (opened.equals(now)) {
            return;
        }
        long pid = ProcessHandle.current().pid();
        throw new FraisierException(
                ErrorCode.DATABASE_UNAVAILABLE,
                "The SQLite database " + location.path() + " (from " + location.configKey()
                        + ") was deleted or replaced while Fraisier had it open (the path now names "
                        + (now == null ? "no file" : "another file")
                        + "): what Fraisier wrote into it now would be lost at its next start, so it writes nothing",
                "If it was moved, move it back to " + location.path() + ": writing resumes. If it was deleted, the"
                        + " file this process (pid " + pid + ") has open can still be copied while it runs: `ls -l"
                        + " /proc/" + pid + "/fd | grep deleted` names it and its -wal file; copy both somewhere"
                        + " safe, stop Fraisier, and put them back at " + location.path() + " and "
                        + location.path() + "-wal, or restore a backup. Until then nothing is stored (the webhook"
                        + " daemon answers 503 and git hosts retry).");
    }

    private void rememberTheOpenedFile() {
        try {
            sqliteFile = fileKey(location.path());
        } catch (RuntimeException e) {
            // no identity to compare (no permission to read the folder): writes are not checked
            LOG.debug("no identity for {}: {}", location.path(), e.toString());
        }
    }

    /** The file system's identity of {@code file} (device and inode on Linux), or null when there is no file. */
    private static @Nullable Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey();
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void requireFreeSpace() {
        long free;
        try {
            free = Files.getFileStore(location.path()).getUsableSpace();
        } catch (IOException e) {
            throw DatabaseErrors.translate(e, location);
        }
        if (free < SQLITE_MIN_FREE_BYTES) {
            throw new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    "The file system of the SQLite database " + location.path() + " (from " + location.configKey()
                            + ") has " + free + " bytes free: writes fail (SQLITE_FULL)",
                    "Free disk space there, or move the database (" + location.configKey()
                            + ") to a file system with room.");
        }
    }

    /** Work on a pooled JDBC connection; see {@link #statement}. */
    @FunctionalInterface
    interface JdbcWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs one auto-committed statement written in SQL on a pooled connection, for hot paths where
     * rendering a jOOQ query on every call costs more than the statement itself (the webhook ingest).
     * On SQLite it queues behind this process's writer lock like {@link #tx}. The SQL must be valid in
     * both dialects; bind timestamps with {@link #bind(PreparedStatement, int, Instant)}.
     */
    <T> T statement(JdbcWork<T> work) {
        return asTheWriter(() -> {
            try (Connection c = pooled().pool.getConnection()) {
                return work.run(c);
            } catch (SQLException | RuntimeException e) {
                throw DatabaseErrors.translate(e, location);
            }
        });
    }

    /** Binds a timestamp as {@link SqlReads#bind} does: what was bound is exactly what reads back. */
    void bind(PreparedStatement ps, int index, Instant value) throws SQLException {
        reads.bind(ps, index, value);
    }

    /** A timestamp as it is stored: see {@link SqlReads#stored}. */
    Instant stored(Instant value) {
        return reads.stored(value);
    }

    /**
     * Runs {@code work} with jOOQ, without a transaction and without the SQLite writer lock: reads only.
     * The reads of the read-only commands use {@link #query} instead.
     */
    <T> T read(Function<DSLContext, T> work) {
        return pooled().run(work);
    }

    @Override
    public void close() {
        closed = true;
        DatabasePool p;
        synchronized (pooling) {
            p = pooled;
        }
        plainLock.lock();
        try {
            discardPlain();
        } finally {
            plainLock.unlock();
        }
        if (p != null) {
            p.close();
        }
    }

    private static void prepareSqliteFolder(DatabaseLocation location) {
        Path file = location.path();
        Path dir = file.getParent();
        String fix = "Set " + ("database.path".equals(location.configKey()) ? "database.path" : "FRAISIER_HOME")
                + " to a writable location (FRAISIER_HOME=/some/dir, database.path or FRAISIER_DATABASE_URL=sqlite:/path).";
        try {
            Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            throw new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    "Cannot create the folder " + dir + " for the SQLite database " + file + " (from "
                            + location.configKey() + "): " + e.getClass().getSimpleName(),
                    fix);
        }
        boolean writable = Files.isWritable(dir) && (!Files.exists(file) || Files.isWritable(file));
        if (!writable || Files.isDirectory(file)) {
            throw new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    "The SQLite database " + file + " (from " + location.configKey() + ") is not writable",
                    fix);
        }
    }
}
