package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.config.DatabaseConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.StoreFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@code --version -v}'s store line, as the real store factory (fraisier-persistence) describes it. */
class StoreLocationTest {
    private static final Iterable<StoreFactory> FACTORIES = ServiceLoader.load(StoreFactory.class);

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

    private static String describe(Map<String, String> env, @Nullable DatabaseConfig block) {
        return new StoreLocation(env, () -> block, FACTORIES).describe();
    }

    @Test
    void noDatabaseBlock_isTheEmbeddedSqliteFileUnderFraisierHome() {
        assertThat(describe(Map.of("FRAISIER_HOME", "/srv/fr"), null))
                .isEqualTo("sqlite /srv/fr/fraisier.db (from FRAISIER_HOME)");
    }

    @Test
    void environmentUrl_winsOverTheDatabaseBlock_andHidesThePassword() {
        String store = describe(Map.of("FRAISIER_DATABASE_URL", "postgresql://u:pw@h:5432/db"), postgres(null));

        assertThat(store).startsWith("postgresql h:5432/db").endsWith("(from FRAISIER_DATABASE_URL)");
        assertThat(store).doesNotContain(":pw@");
    }

    @Test
    void postgresBlock_namesHostPortDatabaseAndUser_neverThePassword() {
        assertThat(describe(Map.of(), postgres(null)))
                .isEqualTo("postgresql db1:5433/deploys as fraisier (from database.host)")
                .doesNotContain("pw-in-block");
    }

    @Test
    void unreadableConfig_stillDescribesTheDefault_andSaysWhy() {
        String store = new StoreLocation(
                        Map.of("FRAISIER_HOME", "/srv/fr"),
                        () -> {
                            throw new FraisierException(ErrorCode.CONFIG_NOT_FOUND, "no fraises.yaml");
                        },
                        FACTORIES)
                .describe();

        assertThat(store)
                .isEqualTo("sqlite /srv/fr/fraisier.db (from FRAISIER_HOME) (fraises.yaml not read: config_not_found)");
    }

    @Test
    void withoutAStoreImplementation_saysWhichArtifactIsMissing() {
        assertThat(new StoreLocation(Map.of(), () -> null, List.of()).describe())
                .contains("fraisier-persistence");
    }

    @Test
    void sqliteBlock_usesItsPath() {
        DatabaseConfig sqlite = new DatabaseConfig(
                DatabaseConfig.SQLITE, "", 0, "", null, null, null, null, 1, Duration.ZERO, Path.of("/data/f.db"));

        assertThat(describe(Map.of(), sqlite)).isEqualTo("sqlite /data/f.db (from database.path)");
    }
}
