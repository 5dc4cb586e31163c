package io.fraisier.persistence;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * Applies {@code db/migration/postgresql} or {@code db/migration/sqlite} with Flyway on open, and refuses
 * a database that a newer Fraisier already migrated further than this binary knows.
 *
 * <p>A database already at this binary's schema is recognised with one query on Flyway's history table,
 * without starting Flyway (which scans the class path and loads some 275 classes, most of a short
 * command's start-up): only an absent, older, newer or failed schema goes through Flyway.
 */
final class Migrations {
    /**
     * The newest migration version under {@code db/migration/{postgresql,sqlite}} (both have the same
     * versions); {@code MigrationsTest} fails when a migration is added without raising it.
     */
    static final int LATEST_VERSION = 6;

    private static final String HISTORY_TABLE = "flyway_schema_history";

    /**
     * How long a migration's statement may wait for PostgreSQL's answer (the connections' usual {@link
     * Database#PG_SOCKET_TIMEOUT} is far shorter): a migration rewriting a table of millions of rows takes
     * minutes, yet one facing a server that stopped answering must still end.
     */
    static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(30);

    private final DataSource dataSource;
    private final DatabaseLocation location;

    Migrations(DataSource dataSource, DatabaseLocation location) {
        this.dataSource = dataSource;
        this.location = location;
    }

    /**
     * Brings the schema to {@link #LATEST_VERSION}. Returns whether Flyway ran (false when the database
     * already had every migration of this binary, each applied successfully).
     */
    boolean apply() {
        if (isCurrent()) {
            return false;
        }
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(location.sqlite() ? dataSource : patient(dataSource))
                .locations("classpath:db/migration/" + (location.sqlite() ? "sqlite" : "postgresql"))
                .table(HISTORY_TABLE)
                .load();
        refuseNewerSchema(flyway.info());
        try {
            flyway.migrate();
        } catch (RuntimeException e) {
            // not `catch (FlywayException e)`: a catch clause makes the JVM load its type when it verifies this
            // class, and a read-only command that only asks isCurrent must load no Flyway class
            throw FlywayFailures.someoneElsesSchema(e) ? someoneElsesSchema(e) : e;
        }
        return true;
    }

    /** What Flyway's exceptions say, in a class of its own: see {@link #apply()}. */
    private static final class FlywayFailures {
        static boolean someoneElsesSchema(RuntimeException e) {
            return e instanceof FlywayException flyway
                    && flyway.getErrorCode() == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE;
        }
    }

    /**
     * A PostgreSQL schema that holds tables but no Fraisier history: another application's database (a URL
     * copied from it, a shared {@code postgres} database). Flyway's own words ("Use baseline() or set
     * baselineOnMigrate") name settings an operator of Fraisier does not have, and a baseline would mix
     * Fraisier's tables into someone else's.
     */
    private FraisierException someoneElsesSchema(RuntimeException e) {
        String hint = location.sqlite()
                ? "Point " + location.configKey() + " at a file of Fraisier's own (a new path: Fraisier creates it)."
                : "Give Fraisier its own database (`CREATE DATABASE fraisier;`) and point " + location.configKey()
                        + " at it, or its own schema in this one (`CREATE SCHEMA fraisier;`, then"
                        + " `?currentSchema=fraisier` in the URL).";
        return new FraisierException(
                ErrorCode.CONFIG_INVALID,
                "The database " + location.description() + " already holds tables of something else, and no"
                        + " Fraisier schema history: Fraisier creates its tables only in a database or schema of its"
                        + " own",
                hint,
                e);
    }

    /**
     * {@code dataSource}, whose connections wait {@link #SOCKET_TIMEOUT} for the server's answers (the pool
     * puts a connection's own timeout back when it is returned).
     */
    private static DataSource patient(DataSource dataSource) {
        return (DataSource) Proxy.newProxyInstance(
                Migrations.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(dataSource, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Connection c && method.getName().equals("getConnection")) {
                        c.setNetworkTimeout(Runnable::run, (int) SOCKET_TIMEOUT.toMillis());
                    }
                    return result;
                });
    }

    /**
     * Whether Flyway's history holds exactly the versions 1 to {@link #LATEST_VERSION}, all successful:
     * one query. Anything else (no table yet, an older or newer schema, a failed or repeatable migration)
     * is left to Flyway, which migrates it or says what is wrong.
     */
    private boolean isCurrent() {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e, location); // what Flyway's own connection attempt would say
        }
        try (c) {
            return isCurrent(c);
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e, location);
        }
    }

    /** {@link #isCurrent()} on a connection of the caller's (the plain one of {@link Database#open}). */
    static boolean isCurrent(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT version, success FROM " + HISTORY_TABLE)) {
            Set<Integer> versions = new HashSet<>();
            while (rows.next()) {
                String version = rows.getString(1);
                if (!rows.getBoolean(2) || version == null || !version.matches("[0-9]{1,9}")) {
                    return false;
                }
                versions.add(Integer.parseInt(version));
            }
            for (int v = 1; v <= LATEST_VERSION; v++) {
                if (!versions.remove(v)) {
                    return false;
                }
            }
            return versions.isEmpty();
        } catch (SQLException e) {
            return false; // no history table yet: Flyway creates it
        }
    }

    private void refuseNewerSchema(MigrationInfoService info) {
        MigrationInfo[] future = Arrays.stream(info.all())
                .filter(m -> m.getState().name().startsWith("FUTURE"))
                .toArray(MigrationInfo[]::new);
        if (future.length == 0) {
            return;
        }
        String known = Arrays.stream(info.all())
                .filter(m -> m.getState().isResolved() && m.getVersion() != null)
                .map(m -> m.getVersion().getVersion())
                .reduce((a, b) -> b)
                .orElse("none");
        throw new FraisierException(
                ErrorCode.DATABASE_SCHEMA_NEWER,
                "The database " + location.description() + " was migrated by a newer Fraisier: it has schema version "
                        + Arrays.stream(future)
                                .map(m -> m.getVersion() == null
                                        ? m.getDescription()
                                        : m.getVersion().getVersion())
                                .collect(Collectors.joining(", "))
                        + ", this Fraisier knows up to " + known,
                "Upgrade Fraisier here to the version that migrated the database, or point this one at another "
                        + "database (" + location.configKey() + ").");
    }
}
