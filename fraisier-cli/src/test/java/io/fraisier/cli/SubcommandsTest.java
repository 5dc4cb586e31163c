package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class SubcommandsTest {
    private static final Path DIR = Path.of("").toAbsolutePath();

    static Iterable<String> names() {
        return Subcommands.NAMES;
    }

    private static String onlyNeeded(String[] args) {
        return Subcommands.onlyNeeded(new CommandLine(new FraisierCommand(Map.of(), DIR)).getCommandSpec(), args);
    }

    @Test
    void everyName_isTheOneItsClassDeclares() {
        Subcommands.NAMES.forEach(name -> assertThat(Subcommands.create(name)
                        .getClass()
                        .getAnnotation(Command.class)
                        .name())
                .as(name)
                .isEqualTo(name));
    }

    @Test
    void aNamedSubcommand_isTheOnlyOneBuilt() {
        CommandLine cli = FraisierCommand.commandLine(new FraisierCommand(Map.of(), DIR), "history", "--limit", "5");

        assertThat(cli.getSubcommands()).containsOnlyKeys("history");
    }

    @Test
    void theOptionsBeforeTheSubcommand_areSkippedWithTheirValues() {
        assertThat(onlyNeeded(new String[] {"history"})).isEqualTo("history");
        assertThat(onlyNeeded(new String[] {"-c", "f.yaml", "--output", "json", "deploy", "a", "b"}))
                .isEqualTo("deploy");
        assertThat(onlyNeeded(new String[] {"--output=json", "--log-format", "json", "list"}))
                .isEqualTo("list");
        assertThat(onlyNeeded(new String[] {"-vv", "--no-color", "status", "x", "y"}))
                .isEqualTo("status");
        assertThat(onlyNeeded(new String[] {"lock", "list"})).isEqualTo("lock");
        assertThat(onlyNeeded(new String[] {"-vh", "history"})).isEqualTo("history");
    }

    @Test
    void whenUnsure_orWhenTheWholeTreeIsRead_allAreBuilt() {
        for (String[] args : new String[][] {
            {},
            {"--help"},
            {"-v"},
            {"help", "deploy"},
            {"completion", "bash"},
            {"gen-manpages", "/tmp/x"},
            {"histroy"},
            {"-c", "list"}, // "list" is -c's value: no subcommand
            {"-cfile.yaml", "list"},
            {"--", "list"},
            {"-x", "list"},
        }) {
            assertThat(onlyNeeded(args)).as(String.join(" ", args)).isNull();
            assertThat(FraisierCommand.commandLine(new FraisierCommand(Map.of(), DIR), args)
                            .getSubcommands())
                    .as(String.join(" ", args))
                    .hasSize(Subcommands.NAMES.size());
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void aSubcommandBuiltAlone_hasTheSameHelpAsInTheWholeTree(String name) {
        CommandLine alone = FraisierCommand.commandLine(new FraisierCommand(Map.of(), DIR), name, "--help");
        CommandLine whole = FraisierCommand.commandLine(new FraisierCommand(Map.of(), DIR));
        CommandLine.Help.ColorScheme plain = CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF);

        assertThat(alone.getSubcommands().get(name).getUsageMessage(plain))
                .isEqualTo(whole.getSubcommands().get(name).getUsageMessage(plain));
    }

    @Test
    void theTopHelp_listsEveryCommandInOrder() {
        CommandLine cli = FraisierCommand.commandLine(new FraisierCommand(Map.of(), DIR), "--help");

        assertThat(cli.getSubcommands().keySet()).containsExactlyElementsOf(Subcommands.NAMES);
    }
}
