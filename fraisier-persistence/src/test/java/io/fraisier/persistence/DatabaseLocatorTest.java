package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.DatabaseConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseLocatorTest {
    @TempDir
    Path tmp;

    private static DatabaseConfig postgres(String host, int port) {
        return new DatabaseConfig(
                "postgresql",
                host,
                port,
                "fraisier",
                "deploy",
                Secret.of("s3cret"),
                null,
                "require",
                20,
                Duration.ofSeconds(1800),
                null);
    }

    @Test
    void theUrlVariable_winsOverTheDatabaseBlock() {
        DatabaseLocation l = new DatabaseLocator(tmp)
                .locate(postgres("db1", 5432), Map.of("FRAISIER_DATABASE_URL", "sqlite:" + tmp.resolve("x.db")));

        assertThat(l.sqlite()).isTrue();
        assertThat(l.path()).isEqualTo(tmp.resolve("x.db"));
        assertThat(l.configKey()).isEqualTo("FRAISIER_DATABASE_URL");
    }

    @Test
    void aLibpqUrl_becomesJdbcWithCredentialsApart_andTheDescriptionHasNoPassword() {
        DatabaseLocation l = new DatabaseLocator(tmp)
                .locate(
                        null,
                        Map.of(
                                "FRAISIER_DATABASE_URL",
                                "postgresql://fraisier:p%40ss+w@db.example.com:6543/deploys?sslmode=require"));

        assertThat(l.sqlite()).isFalse();
        assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/deploys");
        assertThat(l.user()).isEqualTo("fraisier");
        assertThat(l.password().reveal()).isEqualTo("p@ss+w");
        assertThat(l.properties()).containsEntry("sslmode", "require");
        assertThat(l.hostPort()).isEqualTo("db.example.com:6543");
        assertThat(l.description())
                .isEqualTo("postgresql db.example.com:6543/deploys as fraisier")
                .doesNotContain("p@ss");
    }

    @Test
    void aJdbcUrl_isUsedAsIs_andItsQueryNeverReachesTheDescription() {
        DatabaseLocation l = new DatabaseLocator(tmp)
                .locate(
                        null,
                        Map.of(
                                "FRAISIER_DATABASE_URL",
                                "jdbc:postgresql://10.0.0.5/fraisier?user=app&password=hunter2"));

        assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://10.0.0.5/fraisier?user=app&password=hunter2");
        assertThat(l.hostPort()).isEqualTo("10.0.0.5:5432");
        assertThat(l.description())
                .isEqualTo("postgresql 10.0.0.5:5432/fraisier")
                .doesNotContain("hunter2");
    }

    @Test
    void theDatabaseBlock_givesHostPortNamePoolAndLifetime() {
        DatabaseLocation l = new DatabaseLocator(tmp).locate(postgres("db1", 5433), Map.of());

        assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://db1:5433/fraisier");
        assertThat(l.user()).isEqualTo("deploy");
        assertThat(l.poolSize()).isEqualTo(20);
        assertThat(l.maxLifetime()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(l.properties()).containsEntry("sslmode", "require");
        assertThat(l.configKey()).isEqualTo("database.host");
        assertThat(l.description()).doesNotContain("s3cret");
    }

    @Test
    void anSqliteBlock_usesItsPath() {
        DatabaseConfig sqlite =
                new DatabaseConfig("sqlite", null, 0, null, null, null, null, null, 0, null, tmp.resolve("f.db"));

        DatabaseLocation l = new DatabaseLocator(tmp).locate(sqlite, Map.of());

        assertThat(l.path()).isEqualTo(tmp.resolve("f.db"));
        assertThat(l.configKey()).isEqualTo("database.path");
    }

    @Test
    void withoutAnything_theEmbeddedFileIsUnderFraisierHome() {
        DatabaseLocation l = new DatabaseLocator(tmp).locate(null, Map.of("FRAISIER_HOME", tmp + "/home"));

        assertThat(l.path()).isEqualTo(tmp.resolve("home/fraisier.db"));
        assertThat(l.description()).isEqualTo("sqlite " + tmp.resolve("home/fraisier.db"));
    }

    @Test
    void withoutFraisierHome_theSystemFolderIsUsedWhenWritable_elseTheUsersShareFolder() throws IOException {
        Path system = tmp.resolve("var-lib-fraisier");
        assertThat(new DatabaseLocator(system)
                        .locate(null, Map.of("HOME", tmp.toString()))
                        .path())
                .isEqualTo(system.resolve("fraisier.db"));

        Path blocker = Files.writeString(tmp.resolve("not-a-dir"), "x");
        assertThat(new DatabaseLocator(blocker.resolve("fraisier"))
                        .locate(null, Map.of("HOME", tmp.toString()))
                        .path())
                .isEqualTo(tmp.resolve(".local/share/fraisier/fraisier.db"));
    }

    @Test
    void anUnknownUrlScheme_isAConfigErrorNamingTheVariable() {
        assertThatThrownBy(() -> new DatabaseLocator(tmp).locate(null, Map.of("FRAISIER_DATABASE_URL", "mysql://x/y")))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).contains("FRAISIER_DATABASE_URL", "mysql");
                });
    }
}
