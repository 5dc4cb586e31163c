package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.config.DatabaseConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which commands open the class path's jars early, on another thread ({@link ClassPathWarmUp}). */
class ClassPathWarmUpTest {
    private static final DatabaseConfig POSTGRES = new DatabaseConfig(
            DatabaseConfig.POSTGRESQL, "db", 5432, "fraisier", "f", null, null, null, 10, Duration.ofHours(1), null);
    private static final DatabaseConfig SQLITE = new DatabaseConfig(
            DatabaseConfig.SQLITE, "", 0, "", null, null, null, null, 1, Duration.ZERO, Path.of("/data/f.db"));

    @Test
    void subcommand_isTheFirstArgumentThatIsNeitherAnOptionNorItsValue() {
        assertThat(ClassPathWarmUp.subcommand(new String[] {"-c", "deploy", "history"}))
                .isEqualTo("history");
        assertThat(ClassPathWarmUp.subcommand(new String[] {"--output", "json", "-v", "status", "api"}))
                .isEqualTo("status");
        assertThat(ClassPathWarmUp.subcommand(new String[] {"--config=x.yaml", "deploy"}))
                .isEqualTo("deploy");
        assertThat(ClassPathWarmUp.subcommand(new String[] {"--version"})).isNull();
        assertThat(ClassPathWarmUp.subcommand(new String[] {"-c"})).isNull();
    }

    @Test
    void processStartingCommands_warmUp_onAnyStore() {
        for (String command : new String[] {"deploy", "rollback", "status", "provider-test"}) {
            assertThat(ClassPathWarmUp.wanted(new String[] {command, "api", "production"}, Map.of()))
                    .as(command)
                    .isTrue();
        }
        assertThat(ClassPathWarmUp.wanted(
                        new String[] {"-c", "f.yaml", "deploy", "--dry-run", "api", "prod"}, Map.of()))
                .isTrue();
    }

    /**
     * In an installation (bin/fraisier passes both), PostgreSQL's driver opens no jar it does not load from, so a
     * store command that starts no process has nothing to warm up; a process-starting command still has.
     */
    @Test
    void onAnInstallationsPostgresStore_commandsThatStartNoProcess_doNotWarmUp() {
        System.setProperty(ClassPathWarmUp.POSTGRES_DRIVERCONFIG_PROPERTY, "absent");
        System.setProperty(ClassPathWarmUp.LOGGER_FINDER_PROPERTY, "boot");
        try {
            Map<String, String> postgres = Map.of("FRAISIER_DATABASE_URL", "postgresql://db/fraisier");
            assertThat(ClassPathWarmUp.postgresOpensFewJars()).isTrue();
            assertThat(ClassPathWarmUp.wanted(new String[] {"history"}, postgres))
                    .isFalse();
            assertThat(ClassPathWarmUp.wanted(new String[] {"deploy", "api", "production"}, postgres))
                    .isTrue();

            // either half missing: the driver's searches read every jar, and the warm-up runs
            System.clearProperty(ClassPathWarmUp.LOGGER_FINDER_PROPERTY);
            assertThat(ClassPathWarmUp.wanted(new String[] {"history"}, postgres))
                    .isTrue();
            System.setProperty(ClassPathWarmUp.LOGGER_FINDER_PROPERTY, "boot");
            System.clearProperty(ClassPathWarmUp.POSTGRES_DRIVERCONFIG_PROPERTY);
            assertThat(ClassPathWarmUp.wanted(new String[] {"history"}, postgres))
                    .isTrue();
        } finally {
            System.clearProperty(ClassPathWarmUp.POSTGRES_DRIVERCONFIG_PROPERTY);
            System.clearProperty(ClassPathWarmUp.LOGGER_FINDER_PROPERTY);
        }
    }

    @Test
    void commandsThatStartNoProcess_warmUpOnlyForPostgres() {
        for (String command : new String[] {"history", "status-all", "stats", "webhooks", "lock", "prune"}) {
            assertThat(ClassPathWarmUp.wanted(new String[] {command}, Map.of()))
                    .as(command)
                    .isFalse();
            assertThat(ClassPathWarmUp.wanted(
                            new String[] {command}, Map.of("FRAISIER_DATABASE_URL", "postgresql://db/fraisier")))
                    .as(command + " on PostgreSQL")
                    .isTrue();
            assertThat(ClassPathWarmUp.wanted(
                            new String[] {command}, Map.of("FRAISIER_DATABASE_URL", "sqlite:/data/f.db")))
                    .as(command + " on a SQLite URL")
                    .isFalse();
        }
        // commands that open no store: nothing to warm up on any store
        for (String command : new String[] {"list", "config", "init", "help"}) {
            assertThat(ClassPathWarmUp.wanted(
                            new String[] {command}, Map.of("FRAISIER_DATABASE_URL", "postgresql://db/fraisier")))
                    .as(command + " on PostgreSQL")
                    .isFalse();
            assertThat(ClassPathWarmUp.opensStore(command)).as(command).isFalse();
        }
        assertThat(ClassPathWarmUp.wanted(
                        new String[] {"--version"}, Map.of("FRAISIER_DATABASE_URL", "postgresql://db/fraisier")))
                .isFalse();
        // no command at all (usage, --help): nothing to warm up, and no failure
        assertThat(ClassPathWarmUp.wanted(new String[0], Map.of())).isFalse();
        assertThat(ClassPathWarmUp.wanted(new String[] {"--help"}, Map.of())).isFalse();
        ClassPathWarmUp.forCommandLine(new String[0], Map.of());
        ClassPathWarmUp.forCommandLine(new String[] {"-c"}, Map.of());
        // "deploy" as a fraise's name after a store command is not the command
        assertThat(ClassPathWarmUp.wanted(new String[] {"history", "deploy"}, Map.of()))
                .isFalse();
    }

    @Test
    void storeCommandsThatStartNoProcess_readTheCalendarDataEarly_onAnyStore() {
        for (String command : new String[] {"history", "status-all", "stats", "webhooks", "lock", "prune"}) {
            assertThat(ClassPathWarmUp.calendarWanted(new String[] {command}))
                    .as(command)
                    .isTrue();
            assertThat(ClassPathWarmUp.calendarWanted(new String[] {"-c", "f.yaml", "--output", "json", command}))
                    .as(command + " after options")
                    .isTrue();
        }
        // the jar search alone there (measured: the calendar beside it did not pay)
        for (String command : new String[] {"deploy", "rollback", "status", "provider-test"}) {
            assertThat(ClassPathWarmUp.calendarWanted(new String[] {command, "api", "production"}))
                    .as(command + " starts processes")
                    .isFalse();
        }
        for (String command : new String[] {"list", "config", "init", "help"}) {
            assertThat(ClassPathWarmUp.calendarWanted(new String[] {command}))
                    .as(command + " opens no store")
                    .isFalse();
        }
        assertThat(ClassPathWarmUp.calendarWanted(new String[] {"--version"})).isFalse();
        assertThat(ClassPathWarmUp.calendarWanted(new String[0])).isFalse();
    }

    @Test
    void theConfigsStore_warmsUpOnlyCommandsThatOpenIt() {
        assertThat(ClassPathWarmUp.opensStore("history")).isTrue();
        assertThat(ClassPathWarmUp.opensStore("list")).isFalse();
        assertThat(ClassPathWarmUp.opensStore(null)).isFalse();
    }

    @Test
    void theConfigsStore_decidesWhenNoUrlOverridesIt() {
        assertThat(ClassPathWarmUp.wanted(POSTGRES, Map.of())).isTrue();
        assertThat(ClassPathWarmUp.wanted(SQLITE, Map.of())).isFalse();
        assertThat(ClassPathWarmUp.wanted((DatabaseConfig) null, Map.of())).isFalse();
        // the URL variable wins over the block (DatabaseLocator), and forCommandLine already judged it
        assertThat(ClassPathWarmUp.wanted(POSTGRES, Map.of("FRAISIER_DATABASE_URL", "sqlite:/f.db")))
                .isFalse();
        assertThat(ClassPathWarmUp.wanted(POSTGRES, Map.of("FRAISIER_DATABASE_URL", " ")))
                .isTrue();
    }

    @Test
    void aWarmUpThreadThatFails_printsNothing() throws Exception {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Thread thread = ClassPathWarmUp.startThread(() -> {
                throw new ExceptionInInitializerError("broken locale data");
            });
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
    }
}
