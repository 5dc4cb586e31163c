package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code list}, {@code config validate} and target checks against a real fraises.yaml. */
class ConfigCommandsTest {
    private static final String CONFIG = """
            fraises:
              my_api:
                type: api
                description: My API service
                environments:
                  production:
                    provider: bare_metal
                    branch: main
                    host: app1.example.com
                    app_path: /opt/services/my-api
                  staging:
                    provider: docker
                    image: registry.example.com/my-api
              nightly_etl:
                type: etl
                environments:
                  prod:
                    provider: local
                    branch: release
                    app_path: /srv/etl
            """;

    @TempDir
    Path dir;

    Path config;

    @BeforeEach
    void writeConfig() throws IOException {
        config = Files.writeString(dir.resolve("fraises.yaml"), CONFIG);
    }

    @Test
    void list_printsATreeOfFraisesAndEnvironments() {
        CliRun.Result result = new CliRun(dir).run("list", "-c", config.toString());

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out().lines().toList())
                .containsExactly(
                        "my_api (api)  My API service",
                        "├── production  bare_metal  branch main",
                        "└── staging     docker      no branch",
                        "nightly_etl (etl)",
                        "└── prod  local  branch release");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void list_acceptsTheConfigOptionBeforeTheSubcommand() {
        CliRun.Result after = new CliRun(dir).run("list", "--config", config.toString());
        CliRun.Result before = new CliRun(dir).run("-c", config.toString(), "list");

        assertThat(before.exit()).isZero();
        assertThat(before.out()).isEqualTo(after.out()).contains("my_api (api)");
    }

    @Test
    void list_findsFraisesYamlInTheWorkingDirectory() {
        CliRun.Result result = new CliRun(dir).run("list");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("nightly_etl (etl)");
    }

    @Test
    void list_flat_printsOneAlignedRowPerEnvironment() {
        CliRun.Result result = new CliRun(dir).run("list", "--flat", "-c", config.toString());

        assertThat(result.exit()).isZero();
        assertThat(result.out().lines().toList())
                .containsExactly(
                        "FRAISE       ENVIRONMENT  TYPE  PROVIDER    BRANCH",
                        "my_api       production   api   bare_metal  main",
                        "my_api       staging      api   docker      -",
                        "nightly_etl  prod         etl   local       release");
    }

    @Test
    void list_json_isOneDocumentWithEveryEnvironment() {
        CliRun.Result result = new CliRun(dir).run("--output", "json", "list", "-c", config.toString());

        assertThat(result.exit()).isZero();
        String out = result.out().replaceAll("\\s+", "");
        assertThat(out)
                .startsWith("{\"config\":\"" + config + "\"")
                .contains(
                        "{\"name\":\"my_api\",\"type\":\"api\",\"description\":\"MyAPIservice\",\"environments\":[",
                        "{\"name\":\"production\",\"provider\":\"bare_metal\",\"branch\":\"main\"}",
                        "{\"name\":\"staging\",\"provider\":\"docker\",\"branch\":null}",
                        "{\"name\":\"prod\",\"provider\":\"local\",\"branch\":\"release\"}");
    }

    @Test
    void configValidate_onAValidFile_saysValidAndWhere() {
        CliRun.Result result = new CliRun(dir).run("config", "validate", "-c", config.toString());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("valid: " + config + " (2 fraises, 3 environments)\n");
    }

    @Test
    void configValidate_onAnInvalidFile_listsEveryProblem_andExitsThree() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), """
                webhook:
                  port: 0
                fraises:
                  my_api:
                    type: daemon
                    environments:
                      prod:
                        provider: docker
                        image: registry.example.com/my-api
                        tiemout: 5
                """);

        CliRun.Result result = new CliRun(dir).run("-c", broken.toString(), "config", "validate");

        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        assertThat(result.out().lines().toList())
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith(broken + ":"))
                .anySatisfy(line -> assertThat(line).startsWith(broken + ":2:9: webhook.port: "))
                .anySatisfy(line -> assertThat(line).contains("fraises.my_api.type: unknown fraise type 'daemon'"))
                .anySatisfy(line -> assertThat(line).contains("tiemout"));
        assertThat(result.err()).isEqualTo("invalid: 3 problems\n");
    }

    @Test
    void configValidate_json_listsProblemsWithTheirPositions() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "webhook:\n  port: 0\n");

        CliRun.Result result = new CliRun(dir).run("config", "validate", "--output", "json", "-c", broken.toString());

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.out().replaceAll("\\s+", ""))
                .contains("\"valid\":false", "\"line\":2", "\"column\":9", "\"key\":\"webhook.port\"");
    }

    @Test
    void anyCommand_onAnInvalidFile_reportsEveryProblem_withoutStackTrace() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "webhook:\n  port: 0\nfraises: {}\nbogus: 1\n");

        CliRun.Result result = new CliRun(dir).run("list", "-c", broken.toString());

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err())
                .contains("webhook.port", "bogus")
                .contains("hint: ")
                .doesNotContain("\tat ");
    }

    @Test
    void deploy_ofAnUnknownFraise_namesTheConfiguredOnes_andExitsTwo() {
        CliRun.Result result = new CliRun(dir).run("deploy", "nope", "production", "-c", config.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err())
                .contains("error: Unknown fraise 'nope'")
                .contains("hint: Configured fraises: my_api, nightly_etl");
    }

    @Test
    void deploy_ofAnUnknownEnvironment_namesTheFraisesEnvironments() {
        CliRun.Result result = new CliRun(dir).run("deploy", "my_api", "prod", "-c", config.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown environment 'prod' for fraise 'my_api'", "production, staging");
    }
}
