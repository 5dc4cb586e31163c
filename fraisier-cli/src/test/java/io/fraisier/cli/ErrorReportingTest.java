package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ErrorReportingTest {
    @TempDir
    Path dir;

    @Test
    void usageError_isOneLinePlusHint_andExitsTwo() {
        CliRun.Result result = new CliRun(dir).run("deploy", "my_api");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err().lines().toList())
                .containsExactly("error: Missing required parameter: 'ENVIRONMENT'", "Try 'fraisier deploy --help'.");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void unknownCommand_suggestsTheNearestOne() {
        CliRun.Result result = new CliRun(dir).run("delpoy", "a", "b");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("'delpoy'", "did you mean deploy").contains("Try 'fraisier --help'.");
        assertThat(result.err().lines()).hasSize(2);
    }

    @Test
    void badEnumValue_namesTheAllowedValues() {
        CliRun.Result result = new CliRun(dir).run("resolve", "12", "--as", "maybe", "--reason", "checked");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("success, failed").contains("Try 'fraisier resolve --help'.");
    }

    @Test
    void usageError_inJsonMode_isOneJsonDocumentOnStdout() {
        CliRun.Result result = new CliRun(dir).run("--output", "json", "status", "only_one");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).contains("\"code\" : \"usage\"", "Missing required parameter");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void missingConfig_namesThePath_andExitsThree() {
        Path missing = dir.resolve("nowhere/fraises.yaml");

        CliRun.Result result = new CliRun(dir).run("list", "-c", missing.toString());

        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        assertThat(result.err())
                .startsWith("error: ")
                .contains(missing.toString())
                .contains("\nhint: ");
        assertThat(result.err()).doesNotContain("\tat ");
    }

    @Test
    void missingConfig_inJsonMode_isAnErrorObjectOnStdout() {
        Path missing = dir.resolve("nowhere.yaml");

        CliRun.Result result = new CliRun(dir).run("-c", missing.toString(), "--output", "json", "deploy", "a", "b");

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.out()).contains("\"error\"", "\"code\" : \"config_not_found\"", "\"hint\"");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void internalError_withoutVerbose_hasNoStackTrace_andExitsOne() {
        StringWriter err = new StringWriter();
        FraisierCommand root = new FraisierCommand(Map.of(), dir);
        CommandLine cli = new CommandLine(root);
        cli.setErr(new PrintWriter(err, true));
        cli.parseArgs();

        int exit = new ErrorReporter(root).handleExecutionException(new IllegalStateException("boom"), cli, null);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("error: internal error: boom\n")
                .contains("hint: Run again with -v")
                .doesNotContain("\tat ");
    }

    @Test
    void internalError_withVerbose_printsTheStackTrace() {
        StringWriter err = new StringWriter();
        FraisierCommand root = new FraisierCommand(Map.of(), dir);
        CommandLine cli = new CommandLine(root);
        cli.setErr(new PrintWriter(err, true));
        cli.parseArgs("-v");

        int exit = new ErrorReporter(root).handleExecutionException(new IllegalStateException("boom"), cli, null);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .contains("error: internal error: boom", "java.lang.IllegalStateException: boom", "\tat ");
    }
}
