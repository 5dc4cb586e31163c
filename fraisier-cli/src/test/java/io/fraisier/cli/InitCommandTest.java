package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code fraisier init}: a commented fraises.yaml per provider that validates as written. */
class InitCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "--provider {0}")
    @ValueSource(strings = {"local", "bare_metal", "docker", "docker_compose", "coolify"})
    void init_writesAFileThatConfigValidateAccepts(String provider) throws Exception {
        CliRun cli = new CliRun(dir).env("COOLIFY_API_TOKEN", "token-from-the-environment");

        CliRun.Result init = cli.run("init", "--provider", provider);

        assertThat(init.exit()).as(init.toString()).isZero();
        Path file = dir.resolve("fraises.yaml");
        assertThat(init.out()).contains("wrote " + file);
        CliRun.Result validate = cli.run("config", "validate");
        assertThat(validate.exit()).as(validate + "\n" + Files.readString(file)).isZero();
        assertThat(validate.out()).contains("valid: " + file + " (1 fraises, 1 environments)");

        // the schema drives the file: required keys set, the others listed with their descriptions
        DeploymentProviderFactory factory = ConfigParser.installedProviders().stream()
                .filter(f -> f.type().equals(provider))
                .findFirst()
                .orElseThrow();
        String text = Files.readString(file);
        assertThat(text).contains("provider: " + provider);
        for (ProviderKey key : factory.keys()) {
            if (key.required()) {
                assertThat(text).containsPattern("(?m)^        " + key.name() + ": \\S");
            } else {
                assertThat(text).contains("        # " + key.name() + ":").contains(key.description());
            }
        }
    }

    @Test
    void init_coolify_readsTheTokenFromAVariableAndSaysSo() throws Exception {
        CliRun.Result init = new CliRun(dir).run("init", "--provider", "coolify");

        assertThat(init.out()).contains("set COOLIFY_API_TOKEN");
        assertThat(dir.resolve("fraises.yaml")).content().contains("api_token: ${COOLIFY_API_TOKEN}");
        CliRun.Result validate = new CliRun(dir).run("config", "validate");
        assertThat(validate.exit()).isEqualTo(3);
        assertThat(validate.out()).contains("COOLIFY_API_TOKEN is not set");
    }

    @Test
    void init_refusesToOverwriteWithoutForce() throws Exception {
        Path file = Files.writeString(dir.resolve("fraises.yaml"), "fraises: {}\n");

        CliRun.Result result = new CliRun(dir).run("init");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains(file + " already exists").contains("--force");
        assertThat(file).hasContent("fraises: {}");
    }

    @Test
    void init_withForce_replacesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("fraises.yaml"), "fraises: {}\n");

        CliRun.Result result = new CliRun(dir).run("init", "--force", "--provider", "docker");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(file).content().contains("provider: docker");
        assertThat(dir).isDirectoryNotContaining("glob:**/.fraises.yaml.*");
    }

    @Test
    void init_whoseWriteFails_leavesNoFileBehind_soThatARetryWorks() throws Exception {
        // the new text goes to a file of its own, then into place: a failure at that step (here, a folder in
        // the way; on a full disk, the write itself) leaves no empty or half-written config
        Files.createDirectories(dir.resolve("fraises.yaml").resolve("in-the-way"));

        CliRun.Result failed = new CliRun(dir).run("init", "--force");

        assertThat(failed.exit()).as(failed.toString()).isEqualTo(2);
        assertThat(failed.err()).contains("Cannot write " + dir.resolve("fraises.yaml"));
        assertThat(dir).isDirectoryNotContaining("glob:**/.fraises.yaml.*");
        assertThat(dir.resolve("fraises.yaml")).isDirectory();
    }

    @Test
    void init_withConfigOption_writesThereWithTheChosenNames() {
        Path file = dir.resolve("etc/fraisier/fraises.yaml");

        CliRun.Result result =
                new CliRun(dir).run("init", "-c", file.toString(), "--fraise", "shop", "--environment", "staging");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(file).content().contains("  shop:\n", "      staging:\n");
        assertThat(dir.resolve("fraises.yaml")).doesNotExist();
        assertThat(new CliRun(dir)
                        .run("config", "validate", "-c", file.toString())
                        .exit())
                .isZero();
    }

    @Test
    void init_withAnUnknownProvider_isAUsageErrorListingTheInstalledOnes() {
        CliRun.Result result = new CliRun(dir).run("init", "--provider", "kubernetes");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err())
                .contains("Unknown provider 'kubernetes'")
                .contains("local", "bare_metal", "docker", "docker_compose", "coolify");
        assertThat(dir.resolve("fraises.yaml")).doesNotExist();
    }

    @Test
    void init_withABadFraiseName_isAUsageError() {
        CliRun.Result result = new CliRun(dir).run("init", "--fraise", "My App");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--fraise 'My App' is not a name");
    }

    @Test
    void init_withJsonOutput_printsOneDocument() {
        CliRun.Result result = new CliRun(dir).run("init", "--provider", "coolify", "--output", "json");

        assertThat(result.exit()).isZero();
        assertThat(result.out().strip())
                .startsWith("{")
                .endsWith("}")
                .contains("\"provider\"", "\"coolify\"", "\"COOLIFY_API_TOKEN\"");
    }
}
