package io.fraisier.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open database: the connection pool, the jOOQ context and the schema for its dialect. Every
 * store goes through {@link #tx} or {@link #read}, which turn driver failures into
 * {@link FraisierException}s. Thread-safe.
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

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    static {
        // jOOQ prints an ASCII-art logo and a "tip of the day" on first use: not in an operator's terminal or
        // an embedder's log. Set before any jOOQ class initialises; an explicit -D setting still wins.
        for (String quiet : new String[] {"org.jooq.no-logo", "org.jooq.no-tips"}) {
            if (System.getProperty(quiet) == null) {
                System.setProperty(quiet, "true");
            }
        }
    }

    final DatabaseLocation location;
    final SQLDialect dialect;
    final Tables t;
    private final HikariDataSource pool;
    private final DSLContext dsl;
    private final @Nullable ScheduledExecutorService checkpointer;

    private Database(DatabaseLocation location, HikariDataSource pool) {
        this.location = location;
        this.pool = pool;
        this.dialect = location.sqlite() ? SQLDialect.SQLITE : SQLDialect.POSTGRES;
        this.t = new Tables(dialect);
        this.dsl = DSL.using(pool, dialect, new Settings().withExecuteLogging(false));
        this.checkpointer = location.sqlite() ? startCheckpointer() : null;
    }

    /**
     * SQLite's own checkpoint runs inside the commit that fills the WAL, with the write lock held, so
     * every writer waited behind it (tens of milliseconds every few hundred webhook events). This daemon
     * thread does the copy instead, holding writers back only for its short last step ({@link
     * #checkpoint}).
     */
    private ScheduledExecutorService startCheckpointer() {
        var executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fraisier-sqlite-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        long every = SQLITE_CHECKPOINT_EVERY.toMillis();
        executor.scheduleWithFixedDelay(this::checkpoint, every, every, TimeUnit.MILLISECONDS);
        return executor;
    }

    /**
     * Copies the WAL into the file in two passive checkpoints: the bulk while this process's writers go
     * on, then the few pages they added meanwhile with them held back. Only a checkpoint that reaches the
     * end of the WAL lets the next commit start it from the beginning again; one that writers keep
     * outrunning leaves the WAL growing for as long as webhooks keep coming. A failure is logged and
     * retried on the next tick; the inline backstop remains.
     */
    void checkpoint() {
        try {
            passiveCheckpoint();
            // lock order as in tx: the writer lock first, then a connection (passiveCheckpoint takes one)
            sqliteWriter.lock();
            try {
                passiveCheckpoint();
            } finally {
                sqliteWriter.unlock();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("SQLite checkpoint of {} skipped: {}", location.path(), e.toString());
        }
    }

    private void passiveCheckpoint() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
    }

    /** Connects (creating the SQLite folder) and applies the migrations. */
    static Database open(DatabaseLocation location) {
        if (location.sqlite()) {
            prepareSqliteFolder(location);
        }
        HikariDataSource pool = connect(location);
        try {
            new Migrations(pool, location).apply();
            return new Database(location, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw DatabaseErrors.translate(e, location);
        }
    }

    /** This process's SQLite writers, one at a time (see {@link #tx}). */
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);

    boolean isPostgres() {
        return dialect == SQLDialect.POSTGRES;
    }

    /** Runs {@code work} in one transaction (on SQLite a {@code BEGIN IMMEDIATE} single-writer one). */
    <T> T tx(Function<DSLContext, T> work) {
        return asTheWriter(() -> dsl.transactionResult(c -> work.apply(c.dsl())));
    }

    /**
     * Runs one auto-committed write statement (no {@code BEGIN}/{@code COMMIT} round trips); on SQLite
     * it queues behind this process's writer lock like {@link #tx}. Use {@link #tx} when several
     * statements must succeed together.
     */
    <T> T write(Function<DSLContext, T> work) {
        return asTheWriter(() -> work.apply(dsl));
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
            T result = work.get();
            lastWriteFailure = null;
            return result;
        } catch (DataAccessException e) {
            throw noted(DatabaseErrors.translate(e, location));
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
            try (Connection c = pool.getConnection()) {
                return work.run(c);
            } catch (SQLException | RuntimeException e) {
                throw DatabaseErrors.translate(e, location);
            }
        });
    }

    /**
     * Binds a timestamp the way {@link Tables} stores it ({@code timestamptz}, or epoch ms on SQLite),
     * truncated first as {@link #stored} says, so that what was bound is exactly what reads back.
     */
    void bind(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (isPostgres()) {
            ps.setObject(index, stored(value).atOffset(ZoneOffset.UTC));
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    /** A timestamp as it is stored: whole microseconds on PostgreSQL (which would round), milliseconds on SQLite. */
    Instant stored(Instant value) {
        return value.truncatedTo(isPostgres() ? ChronoUnit.MICROS : ChronoUnit.MILLIS);
    }

    /** Runs {@code work} without a transaction and without the SQLite writer lock: reads only. */
    <T> T read(Function<DSLContext, T> work) {
        try {
            return work.apply(dsl);
        } catch (DataAccessException e) {
            throw DatabaseErrors.translate(e, location);
        }
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.shutdownNow();
            try {
                checkpointer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.close();
    }

    private static HikariDataSource connect(DatabaseLocation location) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(location.jdbcUrl());
        cfg.setPoolName("fraisier-" + (location.sqlite() ? "sqlite" : "postgresql"));
        cfg.setMaximumPoolSize(location.poolSize());
        cfg.setMinimumIdle(location.sqlite() ? 1 : Math.min(2, location.poolSize()));
        cfg.setMaxLifetime(Math.max(30_000, location.maxLifetime().toMillis()));
        cfg.setConnectionTimeout(10_000);
        // one attempt at start: a wrong address fails now, with a clear message, not after a minute
        cfg.setInitializationFailTimeout(1);
        if (location.user() != null) {
            cfg.setUsername(location.user());
        }
        if (location.password() != null) {
            cfg.setPassword(location.password().reveal());
        }
        location.properties().forEach(cfg::addDataSourceProperty);
        if (location.sqlite()) {
            cfg.setDriverClassName("org.sqlite.JDBC");
            cfg.addDataSourceProperty("journal_mode", "WAL");
            cfg.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MILLIS));
            cfg.addDataSourceProperty("foreign_keys", "true");
            cfg.addDataSourceProperty("synchronous", "NORMAL");
            // the checkpointer thread copies the WAL into the file off the request path; this inline
            // checkpoint (in whichever commit crosses it, holding the write lock) is only a backstop
            cfg.addDataSourceProperty("wal_autocheckpoint", String.valueOf(SQLITE_INLINE_CHECKPOINT_PAGES));
            // every transaction takes the write lock up front: no deadlock-prone read-then-write upgrades
            cfg.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            cfg.setDriverClassName("org.postgresql.Driver");
            cfg.addDataSourceProperty("ApplicationName", "fraisier");
            cfg.addDataSourceProperty("connectTimeout", "10");
        }
        try {
            return new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw DatabaseErrors.translate(e, location);
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
