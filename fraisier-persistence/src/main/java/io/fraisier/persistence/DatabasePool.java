package io.fraisier.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heavy half of a {@link Database}, made on first use by {@link Database#pooled()}: the HikariCP
 * pool, the jOOQ context and names, and SQLite's checkpointer thread. Its own class so that {@link
 * Database} itself refers to no jOOQ or HikariCP type that the JVM would load with it (issue #14).
 * Thread-safe.
 */
final class DatabasePool {
    private static final Logger LOG = LoggerFactory.getLogger(DatabasePool.class);

    static {
        // jOOQ prints an ASCII-art logo and a "tip of the day" on first use: not in an operator's terminal or
        // an embedder's log. Set before any jOOQ class initialises; an explicit -D setting still wins.
        for (String quiet : new String[] {"org.jooq.no-logo", "org.jooq.no-tips"}) {
            if (System.getProperty(quiet) == null) {
                System.setProperty(quiet, "true");
            }
        }
    }

    final HikariDataSource pool;
    final DSLContext dsl;
    final Tables t;
    private final Database db;
    private final @Nullable ScheduledExecutorService checkpointer;

    DatabasePool(Database db) {
        this.db = db;
        DatabaseLocation location = db.location;
        this.pool = connect(location);
        SQLDialect dialect = location.sqlite() ? SQLDialect.SQLITE : SQLDialect.POSTGRES;
        this.t = new Tables(dialect);
        this.dsl = DSL.using(pool, dialect, new Settings().withExecuteLogging(false));
        this.checkpointer = location.sqlite() ? startCheckpointer() : null;
    }

    <T> T transaction(Function<DSLContext, T> work) {
        try {
            return dsl.transactionResult(c -> work.apply(c.dsl()));
        } catch (DataAccessException e) {
            throw DatabaseErrors.translate(e, db.location);
        }
    }

    <T> T run(Function<DSLContext, T> work) {
        try {
            return work.apply(dsl);
        } catch (DataAccessException e) {
            throw DatabaseErrors.translate(e, db.location);
        }
    }

    /**
     * SQLite's own checkpoint runs inside the commit that fills the WAL, with the write lock held, so
     * every writer waited behind it (tens of milliseconds every few hundred webhook events). This
     * daemon thread does the copy instead, holding writers back only for its short last step ({@link
     * #checkpoint}).
     */
    private ScheduledExecutorService startCheckpointer() {
        var executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fraisier-sqlite-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        long every = Database.SQLITE_CHECKPOINT_EVERY.toMillis();
        executor.scheduleWithFixedDelay(this::checkpoint, every, every, TimeUnit.MILLISECONDS);
        return executor;
    }

    /**
     * Copies the WAL into the file in two passive checkpoints: the bulk while this process's writers
     * go on, then the few pages they added meanwhile with them held back. Only a checkpoint that
     * reaches the end of the WAL lets the next commit start it from the beginning again; one that
     * writers keep outrunning leaves the WAL growing for as long as webhooks keep coming. A failure is
     * logged and retried on the next tick; the inline backstop remains.
     */
    void checkpoint() {
        try {
            passiveCheckpoint();
            // lock order as in tx: the writer lock first, then a connection (passiveCheckpoint takes one)
            db.sqliteWriter.lock();
            try {
                passiveCheckpoint();
            } finally {
                db.sqliteWriter.unlock();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("SQLite checkpoint of {} skipped: {}", db.location.path(), e.toString());
        }
    }

    private void passiveCheckpoint() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
    }

    void close() {
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
        cfg.setDriverClassName(Database.driverClassName(location));
        cfg.setDataSourceProperties(Database.driverProperties(location));
        try {
            return new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw DatabaseErrors.translate(e, location);
        }
    }
}
