package io.fraisier.persistence;

import java.lang.reflect.Field;
import java.sql.Driver;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spares PostgreSQL's driver its search for {@code org/postgresql/driverconfig.properties} when the class path is
 * known to hold none. Before its first connection, each {@code org.postgresql.Driver} looks for that defaults
 * file in every jar of the class path ({@code ClassLoader.getResources}), which opens and reads the directory of
 * all of them: some 40 ms of a command that reads a PostgreSQL store (bench/cli/README.md, session 15).
 *
 * <p>Only when {@value #PROPERTY}{@code =absent}, which bin/fraisier passes for an installation whose jars were
 * checked at package time (ServiceIndexWriter writes no index when one holds the file): the driver is then given
 * the defaults its search would have found, the user name of this process and nothing else. Embedders, tests
 * and an unchecked class path keep the driver's own search. A driver that has no such field, or refuses it,
 * keeps it too (a debug line says so): only speed is at stake.
 */
final class PostgresDriverDefaults {
    /** The system property bin/fraisier sets to {@code absent}. */
    static final String PROPERTY = "fraisier.postgresql.driverconfig";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDriverDefaults.class);

    private PostgresDriverDefaults() {}

    /** Whether {@value #PROPERTY} says the class path holds no defaults file. */
    static boolean searchNeedless() {
        return "absent".equals(System.getProperty(PROPERTY));
    }

    /**
     * Gives {@code driver} (a new {@code org.postgresql.Driver}) the defaults its search finds on a class path
     * without the file: {@code user} is {@code user.name}. Returns whether the driver took them.
     */
    static boolean preset(Driver driver) {
        try {
            Field field = driver.getClass().getDeclaredField("defaultProperties");
            if (field.getType() != Properties.class) {
                LOG.debug("PostgreSQL's driver: defaultProperties is a {}, its search stays", field.getType());
                return false;
            }
            field.setAccessible(true);
            if (field.get(driver) != null) {
                return true;
            }
            Properties defaults = new Properties();
            String user = System.getProperty("user.name");
            if (user != null) {
                defaults.setProperty("user", user);
            }
            field.set(driver, defaults);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("PostgreSQL's driver keeps its search for driverconfig.properties: {}", e.toString());
            return false;
        }
    }
}
