package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import io.fraisier.testkit.net.TcpProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL server that stops answering without closing anything (a black-holed network, a frozen
 * host): a store call fails as unreachable once the socket timeout passes, instead of holding a webhook
 * request, a worker or a lease renewal for ever, and the store works again once the server answers.
 */
class PostgresBlackHoleIT {
    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^:/]+):(\\d+)(/.*)$");

    @Test
    void storeCall_toAServerThatStoppedAnswering_failsAsUnreachable_andTheStoreRecoversAfter() {
        Matcher m = HOST_PORT.matcher(TestDatabases.postgresSchema());
        assertThat(m.matches()).isTrue();
        try (TcpProxy proxy = TcpProxy.to(m.group(1), Integer.parseInt(m.group(2)))) {
            // the operator's own socketTimeout (in the URL) wins over the default of 30 s: 2 s keeps the test short
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + m.group(3) + "&socketTimeout=2";
            try (FraisierStore store = TestStores.open(url)) {
                Target target = Target.of("api", "prod");
                assertThat(store.locks().tryAcquire(target, "host-a:1", 1, Instant.now(), Duration.ofMinutes(1)))
                        .isPresent();

                proxy.freeze();
                assertTimeoutPreemptively(
                        Duration.ofSeconds(60),
                        () -> assertThatThrownBy(() -> store.locks().find(target))
                                .isInstanceOfSatisfying(FraisierException.class, e -> {
                                    assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
                                    assertThat(e.getMessage())
                                            .contains("127.0.0.1:" + proxy.port(), "stopped answering");
                                    assertThat(e.hint()).contains("socketTimeout");
                                }));
                assertTimeoutPreemptively(
                        Duration.ofSeconds(60),
                        () -> assertThatThrownBy(
                                        () -> store.deployments().history(new HistoryQuery("api", null, null, null, 5)))
                                .isInstanceOf(FraisierException.class));

                proxy.thaw();
                assertThat(store.locks().find(target))
                        .hasValueSatisfying(l -> assertThat(l.holder()).isEqualTo("host-a:1"));
            }
        }
    }

    @Test
    void driverProperties_givePostgresASocketTimeoutAndKeepAlive_unlessTheOperatorSetsThem() {
        DatabaseLocation plain = new DatabaseLocator()
                .locate(null, java.util.Map.of(DatabaseLocator.URL_VARIABLE, "postgresql://u@db.example:5432/f"));

        assertThat(Database.driverProperties(plain))
                .containsEntry("socketTimeout", "30")
                .containsEntry("tcpKeepAlive", "true");
        DatabaseLocation own = new DatabaseLocation(
                false,
                plain.jdbcUrl(),
                null,
                null,
                java.util.Map.of("socketTimeout", "120"),
                plain.poolSize(),
                plain.maxLifetime(),
                plain.description(),
                plain.configKey(),
                plain.hostPort(),
                null);
        assertThat(Database.driverProperties(own)).containsEntry("socketTimeout", "120");
    }
}
