package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fraisier help}, {@code fraisier completion} and {@code fraisier gen-manpages}. */
class ShellIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void help_withACommand_printsThatCommandsUsage() {
        CliRun.Result result = new CliRun(dir).run("help", "deploy");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Usage: fraisier deploy").contains("--dry-run");
        assertThat(result.out())
                .isEqualTo(new CliRun(dir).run("deploy", "--help").out());
    }

    @Test
    void help_withANestedCommand_printsTheNestedUsage() {
        CliRun.Result result = new CliRun(dir).run("help", "lock", "release");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Usage: fraisier lock release");
    }

    @Test
    void help_alone_printsTheTopUsage() {
        CliRun.Result result = new CliRun(dir).run("help");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).startsWith("Usage: fraisier").contains("deploy", "completion", "init");
    }

    @Test
    void help_withAnUnknownCommand_isAUsageError() {
        CliRun.Result result = new CliRun(dir).run("help", "deploi");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("error: Unknown command 'deploi'").doesNotContain("\tat ");
    }

    @Test
    void completion_bash_completesSubcommandsAndOptionsInARealBash() throws Exception {
        CliRun.Result result = new CliRun(dir).run("completion", "bash");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).doesNotContain("gen-manpages");
        Path script = Files.writeString(dir.resolve("fraisier.bash"), result.out());

        assertThat(bashComplete(script, "fraisier", "de")).contains("deploy");
        assertThat(bashComplete(script, "fraisier", "deploy", "--dr")).contains("--dry-run");
        assertThat(bashComplete(script, "fraisier", "lock", "")).contains("list", "release");
        assertThat(bashComplete(script, "fraisier", "completion", "")).contains("bash", "zsh", "fish");
    }

    @Test
    void completion_zsh_isTheBashScriptThroughBashcompinit() {
        CliRun.Result result = new CliRun(dir).run("completion", "zsh");

        assertThat(result.exit()).isZero();
        assertThat(result.out())
                .contains("bashcompinit")
                .isEqualTo(new CliRun(dir).run("completion", "bash").out());
    }

    @Test
    void completion_fish_declaresEveryVisibleCommandAndItsOptions() throws Exception {
        CliRun.Result result = new CliRun(dir).run("completion", "fish");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("complete -c fraisier -n '__fish_use_subcommand' -a 'deploy'")
                .contains("complete -c fraisier -n '__fish_seen_subcommand_from deploy' -l dry-run")
                .contains("-n '__fish_seen_subcommand_from lock; and not __fish_seen_subcommand_from list release'"
                        + " -a 'release'")
                .contains("complete -c fraisier -l output -r -a 'text json'")
                .contains("-a 'bash zsh fish'")
                .doesNotContain("gen-manpages");
        // every line is a complete command or a comment, with balanced quotes
        for (String line : result.out().split("\n")) {
            assertThat(line).matches("(#.*|complete -c fraisier( .*)?)");
            assertThat(line.replace("\\'", "").chars().filter(c -> c == '\'').count() % 2)
                    .as(line)
                    .isZero();
        }
        if (onPath("fish")) {
            Path script = Files.writeString(dir.resolve("fraisier.fish"), result.out());
            assertThat(run(List.of("fish", "--no-execute", script.toString()))).isEmpty();
        }
    }

    @Test
    void completion_withAnUnknownShell_isAUsageErrorListingTheShells() {
        CliRun.Result result = new CliRun(dir).run("completion", "tcsh");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("tcsh").contains("bash");
    }

    @Test
    void genManpages_writesOnePagePerVisibleCommandThatManRenders() throws Exception {
        Path out = dir.resolve("man");

        CliRun.Result result = new CliRun(dir).run("gen-manpages", out.toString());

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(out.resolve("fraisier.1"))
                .content()
                .contains(".TH \"FRAISIER\" \"1\"", ".SH COMMANDS", "fraisier\\-deploy\\fR(1)", ".SH EXIT STATUS");
        assertThat(out.resolve("fraisier-config-validate.1"))
                .content()
                .contains(".SH NAME\nfraisier\\-config\\-validate \\- ");
        assertThat(out.resolve("fraisier-deploy.1")).content().contains("\\fB\\-\\-dry\\-run\\fR");
        assertThat(out.resolve("fraisier-lock-release.1")).exists();
        assertThat(out.resolve("fraisier-gen-manpages.1")).doesNotExist();
        List<Path> pages;
        try (Stream<Path> files = Files.list(out)) {
            pages = files.sorted().toList();
        }
        assertThat(result.out().lines()).hasSameSizeAs(pages);
        if (onPath("groff")) {
            List<String> command = new ArrayList<>(List.of("groff", "-man", "-Tutf8", "-ww", "-z"));
            pages.forEach(p -> command.add(p.toString()));
            assertThat(run(command)).as("groff warnings").isEmpty();
        }
    }

    @Test
    void logFormat_fromAnUnknownVariableValue_isAUsageErrorNamingIt() {
        CliRun.Result result = new CliRun(dir).env("FRAISIER_LOG_FORMAT", "xml").run("list");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("FRAISIER_LOG_FORMAT=xml is not a log format");
    }

    @Test
    void logFormat_isACommonOption() {
        CliRun.Result result = new CliRun(dir).run("help", "history");

        assertThat(result.out()).contains("--log-format=FORMAT");
        assertThat(new CliRun(dir).run("history", "--log-format", "yaml").err()).contains("--log-format");
    }

    @Test
    void genManpages_isHiddenFromHelp() {
        assertThat(new CliRun(dir).run("--help").out()).doesNotContain("gen-manpages");
    }

    private List<String> bashComplete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append('\'').append(w).append("' ");
        }
        // compopt only works inside a real completion: a no-op stands in for it
        String program = "source '" + script + "'\ncompopt() { :; }\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + String.join(" ", words) + "'\nCOMP_POINT=${#COMP_LINE}\n"
                + "_complete_fraisier fraisier\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        return run(List.of("bash", "-c", program)).lines().map(String::strip).toList();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(":")) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
