package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command of the operator guide exists, with its flags and help. */
class CommandSurfaceTest {
    @TempDir
    Path dir;

    static Stream<Arguments> commandsAndTheirFlags() {
        return Stream.of(
                Arguments.of("deploy", new String[] {"FRAISE", "ENVIRONMENT", "--force", "--dry-run", "--version=V"}),
                Arguments.of("rollback", new String[] {"FRAISE", "ENVIRONMENT", "--to=V", "--dry-run"}),
                Arguments.of("status", new String[] {"FRAISE", "ENVIRONMENT"}),
                Arguments.of("status-all", new String[] {"--environment=E", "--type=T"}),
                Arguments.of("history", new String[] {
                    "--fraise=F", "--environment=E", "--status=S", "--limit=N", "default: 20", "--since"
                }),
                Arguments.of("list", new String[] {"--flat"}),
                Arguments.of("webhooks", new String[] {"--limit=N"}),
                Arguments.of("stats", new String[] {"--days=N", "default: 7", "--fraise=F"}),
                Arguments.of("metrics", new String[] {"--port=PORT", "--address=ADDRESS", "8001", "localhost"}),
                Arguments.of("provider-test", new String[] {"PROVIDER|FRAISE", "[ENVIRONMENT]", "--config-file=F"}),
                Arguments.of("config", new String[] {"validate"}),
                Arguments.of("config validate", new String[] {"every problem"}),
                Arguments.of("lock", new String[] {"list", "release"}),
                Arguments.of("lock list", new String[] {"holder"}),
                Arguments.of("lock release", new String[] {"FRAISE", "ENVIRONMENT", "--force"}),
                Arguments.of("resolve", new String[] {"DEPLOYMENT-ID", "--as=success|failed", "--reason=TEXT"}),
                Arguments.of("cancel", new String[] {"DEPLOYMENT-ID", "--reason=TEXT", "--wait"}),
                Arguments.of("notifications", new String[] {"--all", "--limit=N", "default: 50"}));
    }

    @ParameterizedTest(name = "fraisier {0} --help")
    @MethodSource("commandsAndTheirFlags")
    void help_ofEveryCommand_showsItsUsageAndFlags(String command, String[] expected) {
        String[] args = (command + " --help").split(" ");

        CliRun.Result result = new CliRun(dir).run(args);

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out())
                .startsWith("Usage: fraisier " + command)
                .contains(expected)
                .contains("--config=FILE", "--output=FORMAT", "--verbose", "--no-color");
    }

    @Test
    void help_ofTopCommand_listsEveryCommand() {
        CliRun.Result result = new CliRun(dir).run("--help");

        assertThat(result.exit()).isZero();
        assertThat(result.out())
                .contains(
                        "deploy",
                        "rollback",
                        "status",
                        "status-all",
                        "history",
                        "list",
                        "webhooks",
                        "stats",
                        "metrics",
                        "provider-test",
                        "config",
                        "lock",
                        "resolve",
                        "cancel",
                        "notifications",
                        "--version");
    }

    @Test
    void help_isAcceptedBeforeTheSubcommandToo() {
        CliRun.Result result = new CliRun(dir).run("-v", "deploy", "-h");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).startsWith("Usage: fraisier deploy");
    }

    @Test
    void noCommand_printsUsageOnStderr_andExitsTwo() {
        CliRun.Result result = new CliRun(dir).run();

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).startsWith("Usage: fraisier");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void groupWithoutSubcommand_printsItsUsage_andExitsTwo() {
        CliRun.Result result = new CliRun(dir).run("lock");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).startsWith("Usage: fraisier lock");
    }
}
