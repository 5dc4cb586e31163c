package io.fraisier.persistence;

import io.fraisier.core.api.ErrorCode;
import io.fraisier.core.api.FraisierException;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * Applies {@code db/migration/postgresql} or {@code db/migration/sqlite} with Flyway on open, and refuses
 * a database that a newer Fraisier already migrated further than this binary knows.
 */
final class Migrations {
    private final Flyway flyway;
    private final DatabaseLocation location;

    Migrations(DataSource dataSource, DatabaseLocation location) {
        this.location = location;
        this.flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + (location.sqlite() ? "sqlite" : "postgresql"))
                .table("flyway_schema_history")
                .load();
    }

    void apply() {
        refuseNewerSchema(flyway.info());
        flyway.migrate();
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
