package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator guide's "Index Optimization" commands, read from docs/OPERATOR_GUIDE.md and run as typed on
 * a PostgreSQL 18 started the way the guide says ({@code shared_preload_libraries = 'pg_stat_statements'}),
 * holding Fraisier's schema: enabling the extension, then the slow-query listing ({@code mean_exec_time}
 * since PostgreSQL 13).
 */
class GuideSlowQueriesIT {
    private static final Path GUIDE = Path.of("..", "docs", "OPERATOR_GUIDE.md");
    private static final Pattern PSQL = Pattern.compile("psql fraisier -c \"([^\"]+)\"");

    static List<String> guideCommands() throws IOException {
        String guide = Files.readString(GUIDE);
        int start = guide.indexOf("#### Index Optimization");
        assertThat(start).as("the guide has an Index Optimization section").isPositive();
        int end = guide.indexOf("\n### ", start);
        Matcher m = PSQL.matcher(guide.substring(start, end < 0 ? guide.length() : end));
        List<String> sql = new ArrayList<>();
        while (m.find()) {
            sql.add(m.group(1).strip());
        }
        return sql;
    }

    @Test
    void theGuidesSlowQueryCommands_runAsTyped_onAServerConfiguredAsTheGuideSays() throws Exception {
        List<String> commands = guideCommands();
        assertThat(commands).hasSize(2);
        assertThat(commands.get(0)).startsWith("CREATE EXTENSION");
        assertThat(commands.get(1)).contains("mean_exec_time").doesNotContain("mean_time ");

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .start()) {
            String admin = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres";
            String url = TestDatabases.createDatabase(admin);
            try (FraisierStore store = TestStores.open(url)) {
                store.deployments().history(io.fraisier.core.model.HistoryQuery.latest(10));
            }
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement()) {
                s.execute(commands.get(0));
                s.execute(commands.get(0)); // "once", but harmless when run again
                try (ResultSet rows = s.executeQuery(commands.get(1))) {
                    assertThat(rows.getMetaData().getColumnName(3)).isEqualTo("mean_exec_time");
                    assertThat(rows.next())
                            .as("pg_stat_statements saw the store's queries")
                            .isTrue();
                }
            }
        }
    }
}
