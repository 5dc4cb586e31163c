package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fraisier.core.configfile.ConfigLoader;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String MINIMAL =
            "fraises:\n  a:\n    environments:\n      dev: { provider: local, app_path: /a }\n";

    @TempDir
    Path tmp;

    private Path work;
    private Path system;

    @BeforeEach
    void dirs() throws IOException {
        work = Files.createDirectories(tmp.resolve("work"));
        system = tmp.resolve("opt").resolve("fraises.yaml");
    }

    private ConfigLoader loader(Map<String, String> env) {
        return new ConfigLoader(env, work, List.of(system)).withProviders(ReferenceProviders.all());
    }

    private static Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, MINIMAL);
    }

    @Test
    void explicitPath_winsOverEverythingElse_andResolvesAgainstTheWorkingDirectory() throws IOException {
        write(system);
        write(work.resolve("fraises.yaml"));
        Path mine = write(work.resolve("mine.yaml"));

        assertThat(loader(Map.of("FRAISIER_CONFIG", system.toString())).locate(Path.of("mine.yaml")))
                .isEqualTo(mine);
    }

    @Test
    void fraisierConfig_isUsedWhenNoExplicitPathIsGiven() throws IOException {
        write(system);
        Path fromEnv = write(tmp.resolve("elsewhere").resolve("f.yaml"));

        assertThat(loader(Map.of("FRAISIER_CONFIG", fromEnv.toString())).locate(null))
                .isEqualTo(fromEnv);
    }

    @Test
    void systemPath_comesBeforeTheWorkingDirectory() throws IOException {
        write(system);
        write(work.resolve("fraises.yaml"));

        assertThat(loader(Map.of()).locate(null)).isEqualTo(system);
    }

    @Test
    void workingDirectoryFile_comesBeforeItsConfigFolder() throws IOException {
        Path here = write(work.resolve("fraises.yaml"));
        write(work.resolve("config").resolve("fraises.yaml"));

        assertThat(loader(Map.of()).locate(null)).isEqualTo(here);
    }

    @Test
    void configFolder_isTheLastPlaceLookedIn() throws IOException {
        Path inConfig = write(work.resolve("config").resolve("fraises.yaml"));

        assertThat(loader(Map.of()).locate(null)).isEqualTo(inConfig);
        assertThat(loader(Map.of()).load(null).fraises()).containsOnlyKeys("a");
    }

    @Test
    void notFound_listsEveryPathTried_andSaysHowToFixIt() {
        FraisierException e = catchThrowableOfType(
                FraisierException.class, () -> loader(Map.of()).locate(null));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_NOT_FOUND);
        assertThat(e.getMessage())
                .startsWith("fraises.yaml not found")
                .contains(system.toString())
                .contains(work.resolve("fraises.yaml").toString())
                .contains(work.resolve("config").resolve("fraises.yaml").toString());
        assertThat(e.hint()).isEqualTo("Pass -c /path/to/fraises.yaml or set FRAISIER_CONFIG");
    }

    @Test
    void missingExplicitPath_isNotFound_namingIt_evenWhenAnotherFileExists() throws IOException {
        write(work.resolve("fraises.yaml"));

        FraisierException e = catchThrowableOfType(
                FraisierException.class, () -> loader(Map.of()).locate(Path.of("typo.yaml")));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_NOT_FOUND);
        assertThat(e.getMessage())
                .contains(work.resolve("typo.yaml").toString())
                .contains("-c/--config");
    }

    @Test
    void missingFraisierConfigPath_isNotFound_ratherThanFallingBackToAnotherFile() throws IOException {
        write(work.resolve("fraises.yaml"));

        FraisierException e = catchThrowableOfType(
                FraisierException.class,
                () -> loader(Map.of("FRAISIER_CONFIG", "/nonexistent/f.yaml")).locate(null));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_NOT_FOUND);
        assertThat(e.getMessage()).contains("/nonexistent/f.yaml").contains("FRAISIER_CONFIG");
    }

    @Test
    void defaultConstructor_searchesOptFraisierFirst() {
        FraisierException e =
                catchThrowableOfType(FraisierException.class, () -> new ConfigLoader(Map.of(), work).locate(null));

        assertThat(e.getMessage()).contains("/opt/fraisier/fraises.yaml");
    }

    @Test
    void load_expandsVariablesFromTheLoadersEnvironment() throws IOException {
        Files.writeString(
                work.resolve("fraises.yaml"),
                "fraises:\n  a:\n    environments:\n      dev: { provider: local, app_path: \"${APP}\" }\n");

        FraisierConfig c = loader(Map.of("APP", "/srv/x")).load(null);

        assertThat(c.environment("a", "dev").settings().string("app_path")).contains("/srv/x");
        assertThat(c.source()).isEqualTo(work.resolve("fraises.yaml"));
    }
}
