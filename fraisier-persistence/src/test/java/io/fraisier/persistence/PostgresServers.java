package io.fraisier.persistence;

import io.fraisier.testkit.db.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The PostgreSQL servers the integration tests run on: the embedded 18 always, the server of
 * {@code FRAISIER_TEST_PG_URL} (CI: PostgreSQL 15) when set. A parameter source for
 * {@code @MethodSource("io.fraisier.persistence.PostgresServers#all")}.
 */
final class PostgresServers {
    private PostgresServers() {}

    /** Pairs of (name, admin JDBC URL). */
    static Stream<Arguments> all() {
        List<Arguments> servers = new ArrayList<>();
        servers.add(Arguments.of("embedded-18", TestDatabases.embeddedAdminUrl()));
        if (TestDatabases.externalAdminUrl() != null) {
            servers.add(Arguments.of("FRAISIER_TEST_PG_URL", TestDatabases.externalAdminUrl()));
        } else {
            System.err.println(
                    "[fraisier] " + TestDatabases.EXTERNAL_MISSING + "; running on the embedded server only");
        }
        return servers.stream();
    }
}
