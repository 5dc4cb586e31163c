package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.api.ErrorCode;
import io.fraisier.core.api.FraisierException;
import io.fraisier.core.config.DatabaseConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.GitConfig;
import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.config.WebhookConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class StoreLocationTest {
    private static final Path FILE = Path.of("/etc/fraisier/fraises.yaml");

    private static FraisierConfig config(@Nullable DatabaseConfig database) {
        return new FraisierConfig(
                FILE,
                database,
                new GitConfig(null, Map.of()),
                WebhookConfig.defaults(),
                MetricsConfig.defaults(),
                Map.of(),
                Map.of());
    }

    private static DatabaseConfig postgres(@Nullable String url) {
        return new DatabaseConfig(
                DatabaseConfig.POSTGRESQL,
                "db1",
                5433,
                "deploys",
                "fraisier",
                Secret.of("pw-in-block"),
                url == null ? null : Secret.of(url),
                null,
                20,
                Duration.ofHours(1),
                null);
    }

    @Test
    void noDatabaseBlock_isTheEmbeddedSqliteFileUnderFraisierHome() {
        StoreLocation store = new StoreLocation(Map.of("FRAISIER_HOME", "/srv/fr"), () -> config(null));

        assertThat(store.describe()).isEqualTo("sqlite /srv/fr/fraisier.db (embedded default)");
    }

    @Test
    void environmentUrl_winsOverTheDatabaseBlock() {
        StoreLocation store = new StoreLocation(
                Map.of("FRAISIER_DATABASE_URL", "postgresql://u:pw@h:5432/db"), () -> config(postgres(null)));

        assertThat(store.describe()).isEqualTo("postgresql postgresql://u:***@h:5432/db (from FRAISIER_DATABASE_URL)");
    }

    @Test
    void postgresBlock_namesHostPortDatabaseAndUser_neverThePassword() {
        StoreLocation store = new StoreLocation(Map.of(), () -> config(postgres(null)));

        assertThat(store.describe())
                .isEqualTo("postgresql db1:5433/deploys as fraisier (database: block of " + FILE + ")")
                .doesNotContain("pw-in-block");
    }

    @Test
    void postgresBlockUrl_isRedacted() {
        StoreLocation store = new StoreLocation(
                Map.of(), () -> config(postgres("jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true")));

        assertThat(store.describe()).contains("password=***&ssl=true").doesNotContain("hunter2");
    }

    @Test
    void sqliteBlock_usesItsPath() {
        DatabaseConfig sqlite = new DatabaseConfig(
                DatabaseConfig.SQLITE, "", 0, "", null, null, null, null, 1, Duration.ZERO, Path.of("/data/f.db"));
        StoreLocation store = new StoreLocation(Map.of(), () -> config(sqlite));

        assertThat(store.describe()).startsWith("sqlite /data/f.db");
    }

    @Test
    void unreadableConfig_stillDescribesTheDefault_andSaysWhy() {
        StoreLocation store = new StoreLocation(Map.of("FRAISIER_HOME", "/srv/fr"), () -> {
            throw new FraisierException(ErrorCode.CONFIG_NOT_FOUND, "no fraises.yaml");
        });

        assertThat(store.describe()).startsWith("sqlite /srv/fr/fraisier.db").contains("config_not_found");
    }
}
