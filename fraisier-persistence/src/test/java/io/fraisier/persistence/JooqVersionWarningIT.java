package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import java.time.Instant;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jOOQ 3.19 supports PostgreSQL 15 and newer: neither the embedded 18 nor CI's 15 may make it log its
 * "Version mismatch" warning (or any other warning).
 */
class JooqVersionWarningIT {

    @Test
    void jooqsOwnCheck_acceptsPostgres15To18_andWouldWarnBelow() {
        assertThat(SQLDialect.POSTGRES.supportsDatabaseVersion(15, 0, "15.20")).isTrue();
        assertThat(SQLDialect.POSTGRES.supportsDatabaseVersion(18, 1, "18.1")).isTrue();
        assertThat(SQLDialect.POSTGRES.supportsDatabaseVersion(14, 12, "14.12")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.fraisier.persistence.PostgresServers#all")
    void queries_logNoJooqWarning(String server, String adminUrl) {
        try (FraisierStore store = TestStores.open(TestDatabases.freshSchema(adminUrl))) {
            store.deployments().history(HistoryQuery.latest(5));
            store.deployments().stats(Instant.EPOCH, null);
            store.counters().snapshot();
        }

        assertThat(CapturedLog.events())
                .filteredOn(e -> e.getLoggerName().startsWith("org.jooq"))
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage)
                .isEmpty();
    }
}
