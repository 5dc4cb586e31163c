package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Version;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every option and parameter of every command that takes a value, given a bad one: a usage error (exit 2)
 * that names the option, the value and what is expected, on one line plus a hint, never a Java class
 * name or stack trace; and filters that name nothing configured or recorded say so, with a suggestion.
 */
class OptionValueErrorsTest {
    @TempDir
    Path dir;

    final ScriptedProviderFactory local = new ScriptedProviderFactory("local");
    CliRun cli;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("fraises.yaml"), """
                fraises:
                  my_api:
                    type: api
                    environments:
                      production: { provider: local, app_path: /srv/my-api }
                      local: { provider: local, app_path: /srv/my-api-local }
                  worker:
                    type: etl
                    environments:
                      staging: { provider: local, app_path: /srv/worker }
                """);
        cli = new CliRun(dir).wiring(builder -> builder.provider(local));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(
                        new String[] {"history", "--status=sucess"},
                        new String[] {"--status", "'sucess'", "did you mean 'success'?", "rolled_back"}),
                Arguments.of(
                        new String[] {"history", "--since=99999999999999999999d"},
                        new String[] {"--since", "'99999999999999999999d'", "too far back"}),
                Arguments.of(
                        new String[] {"history", "--since=9999999999999w"},
                        new String[] {"--since", "'9999999999999w'", "too far back"}),
                Arguments.of(
                        new String[] {"history", "--since=yesterday"}, new String[] {"--since", "'yesterday'", "7d"}),
                Arguments.of(
                        new String[] {"history", "--since=2026-13-45"},
                        new String[] {"--since", "'2026-13-45'", "2026-11-01"}),
                Arguments.of(new String[] {"history", "--limit=0"}, new String[] {"--limit", "1 or more", "0"}),
                Arguments.of(
                        new String[] {"history", "--limit=ten"}, new String[] {"--limit", "'ten'", "whole number"}),
                Arguments.of(
                        new String[] {"history", "--limit=99999999999"},
                        new String[] {"--limit", "'99999999999'", "whole number"}),
                Arguments.of(new String[] {"webhooks", "--limit=-3"}, new String[] {"--limit", "1 or more", "-3"}),
                Arguments.of(new String[] {"webhooks", "--limit=x"}, new String[] {"--limit", "'x'", "whole number"}),
                Arguments.of(new String[] {"stats", "--days=0"}, new String[] {"--days", "1 or more"}),
                Arguments.of(new String[] {"stats", "--days=1e3"}, new String[] {"--days", "'1e3'", "whole number"}),
                Arguments.of(
                        new String[] {"status", "my_api", "production", "--log-lines=-1"},
                        new String[] {"--log-lines", "0 or more"}),
                Arguments.of(
                        new String[] {"status", "my_api", "production", "--log-lines=lots"},
                        new String[] {"--log-lines", "'lots'", "whole number"}),
                Arguments.of(
                        new String[] {"deploy", "my_api", "production", "--version=v1;rm -rf /"},
                        new String[] {"--version", "'v1;rm -rf /'", "not a valid version"}),
                Arguments.of(
                        new String[] {"rollback", "my_api", "production", "--to=-x"},
                        new String[] {"--to", "'-x'", "not a valid version"}),
                Arguments.of(
                        new String[] {"resolve", "12", "--as=sucess", "--reason=r"},
                        new String[] {"--as", "'sucess'", "success, failed", "did you mean 'success'?"}),
                Arguments.of(
                        new String[] {"resolve", "twelve", "--as=success", "--reason=r"},
                        new String[] {"DEPLOYMENT-ID", "'twelve'", "whole number"}),
                Arguments.of(new String[] {"--output=xml", "list"}, new String[] {"--output", "'xml'", "text, json"}),
                Arguments.of(
                        new String[] {"deploy", "my_api", "production", "--reason=hotfix"},
                        new String[] {"--reason goes with --override-freeze"}),
                Arguments.of(
                        new String[] {"rollback", "my_api", "production", "--override-freeze"},
                        new String[] {"--override-freeze needs --reason"}),
                Arguments.of(
                        new String[] {"deploy", "my_api", "production", "--override-freeze", "--reason= "},
                        new String[] {"--override-freeze needs --reason"}),
                Arguments.of(new String[] {"metrics", "--port=99999"}, new String[] {"--port", "99999", "1 to 65535"}),
                Arguments.of(
                        new String[] {"metrics", "--port=http"}, new String[] {"--port", "'http'", "whole number"}),
                Arguments.of(
                        new String[] {"status-all", "--environment=locl"},
                        new String[] {"--environment", "'locl'", "did you mean 'local'?"}),
                Arguments.of(
                        new String[] {"status-all", "--type=apii"},
                        new String[] {"--type", "'apii'", "did you mean 'api'?", "etl"}),
                Arguments.of(
                        new String[] {"history", "--environment=prodution"},
                        new String[] {"--environment", "'prodution'", "did you mean 'production'?"}),
                Arguments.of(
                        new String[] {"history", "--fraise=my_apii"},
                        new String[] {"--fraise", "'my_apii'", "did you mean 'my_api'?"}),
                Arguments.of(
                        new String[] {"history", "--fraise=worker", "--environment=production"},
                        new String[] {"--environment", "'production'", "of fraise 'worker'", "staging"}),
                Arguments.of(
                        new String[] {"stats", "--fraise=wroker"},
                        new String[] {"--fraise", "'wroker'", "did you mean 'worker'?"}),
                Arguments.of(
                        new String[] {"deploy", "my_apii", "production"},
                        new String[] {"'my_apii'", "did you mean 'my_api'?"}),
                Arguments.of(
                        new String[] {"status", "my_api", "prodution"},
                        new String[] {"'prodution'", "did you mean 'production'?"}),
                Arguments.of(
                        new String[] {"rollback", "wroker", "staging"},
                        new String[] {"'wroker'", "did you mean 'worker'?"}),
                Arguments.of(
                        new String[] {"lock", "release", "my_api", "locl"},
                        new String[] {"'locl'", "did you mean 'local'?"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValue_isAUsageError_namingTheOptionTheValueAndWhatIsExpected(String[] args, String[] expected) {
        String[] withConfig = Stream.concat(
                        Stream.of(args),
                        Stream.of("-c", dir.resolve("fraises.yaml").toString()))
                .toArray(String[]::new);

        CliRun.Result result = cli.run(withConfig);

        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).startsWith("error: ").contains(expected);
        assertThat(result.err())
                .as(result.toString())
                .doesNotContain("java.", "Exception", "\tat ", "cannot convert")
                .hasLineCount(2);
    }

    @Test
    void deploy_ofABranchThatIsNoPlainGitBranchName_isAConfigError_beforeAnyLockOrRow() throws IOException {
        Path config = Files.writeString(dir.resolve("bad-branch.yaml"), """
                fraises:
                  my_api:
                    environments:
                      production: { provider: local, app_path: /srv/my-api, branch: "main;touch /tmp/x" }
                """);

        CliRun.Result result = cli.run("deploy", "my_api", "production", "-c", config.toString());

        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        assertThat(result.err())
                .contains(config + ":4:", "fraises.my_api.environments.production.branch")
                .contains("branch name 'main;touch /tmp/x' is not valid: it contains ';', a space");
        assertThat(dir.resolve("home").resolve("fraisier.db"))
                .as("the store was never opened")
                .doesNotExist();
        assertThat(local.target(io.fraisier.core.model.Target.of("my_api", "production"))
                        .deployed())
                .isEmpty();
    }

    @Test
    void badValue_inJsonMode_isOneUsageDocumentOnStdout() {
        CliRun.Result result = cli.run("--output", "json", "history", "--status", "sucess");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out())
                .contains("\"code\" : \"usage\"", "did you mean 'success'?")
                .doesNotContain("java.");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void filters_acceptNamesThatAreNoLongerConfiguredButStillRecorded() throws IOException {
        local.target(io.fraisier.core.model.Target.of("my_api", "local"))
                .running(Version.of("v0"))
                .defaultTarget(Version.of("v1"));
        assertThat(cli.run(
                                "deploy",
                                "my_api",
                                "local",
                                "-c",
                                dir.resolve("fraises.yaml").toString())
                        .exit())
                .isZero();
        Files.writeString(dir.resolve("other.yaml"), """
                fraises:
                  worker:
                    environments:
                      staging: { provider: local, app_path: /srv/worker }
                """);
        String other = dir.resolve("other.yaml").toString();

        CliRun.Result history = cli.run("history", "--fraise", "my_api", "--environment", "local", "-c", other);
        CliRun.Result stats = cli.run("stats", "--fraise", "my_api", "-c", other);

        assertThat(history.exit()).as(history.toString()).isZero();
        assertThat(history.out()).contains(" my_api ", " local ");
        assertThat(stats.exit()).as(stats.toString()).isZero();
    }

    @Test
    void filters_withKnownValues_thatMatchNothingYet_areNoError() {
        String config = dir.resolve("fraises.yaml").toString();

        assertThat(cli.run("history", "--fraise", "worker", "--environment", "staging", "-c", config)
                        .out())
                .contains("No deployment matches.");
        assertThat(cli.run("status-all", "--type", "backup", "-c", config).out())
                .contains("No target matches.");
        assertThat(cli.run("status-all", "--environment", "local", "-c", config).out())
                .contains("my_api");
    }
}
