package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * bin/fraisier's {@code -Dfraisier.postgresql.driverconfig=absent} ({@link PostgresDriverDefaults}): the driver of
 * this build takes the defaults its search would find, and a store on a real PostgreSQL opens, migrates and reads
 * with them. How many jars that spares a command is checked on the installation (fraisier-cli's AotCacheIT).
 */
class PostgresDriverDefaultsIT {
    @AfterEach
    void clearTheSwitch() {
        System.clearProperty(PostgresDriverDefaults.PROPERTY);
    }

    /** Fails when a pgjdbc upgrade renames or retypes the field: the commands would quietly be slower again. */
    @Test
    void thisBuildsDriver_takesTheDefaultsItsSearchFindsOnAClassPathWithoutTheFile() throws Exception {
        org.postgresql.Driver driver = new org.postgresql.Driver();

        assertThat(PostgresDriverDefaults.preset(driver)).isTrue();

        Field field = org.postgresql.Driver.class.getDeclaredField("defaultProperties");
        field.setAccessible(true);
        Properties defaults = (Properties) field.get(driver);
        Properties expected = new Properties();
        expected.setProperty("user", System.getProperty("user.name"));
        assertThat(defaults).isEqualTo(expected);
        // a second call leaves what the driver holds
        assertThat(PostgresDriverDefaults.preset(driver)).isTrue();
        assertThat(field.get(driver)).isSameAs(defaults);
    }

    @Test
    void onlyTheLaunchersSwitch_sparesTheSearch() {
        assertThat(PostgresDriverDefaults.searchNeedless()).isFalse();
        System.setProperty(PostgresDriverDefaults.PROPERTY, "present");
        assertThat(PostgresDriverDefaults.searchNeedless()).isFalse();
        System.setProperty(PostgresDriverDefaults.PROPERTY, "absent");
        assertThat(PostgresDriverDefaults.searchNeedless()).isTrue();
    }

    @Test
    void withTheSwitch_aStoreOnPostgres_opensMigratesAndReads() {
        System.setProperty(PostgresDriverDefaults.PROPERTY, "absent");
        String url = TestDatabases.postgresSchema();

        // twice: the first open finds no schema and migrates, the second reads on the plain connection only
        for (int open = 0; open < 2; open++) {
            Database db = Database.open(new DatabaseLocator().locate(null, Map.of(DatabaseLocator.URL_VARIABLE, url)));
            try (FraisierStore store = new JooqFraisierStore(db)) {
                assertThat(store.deployments().find(1)).isEmpty();
            }
        }
    }
}
