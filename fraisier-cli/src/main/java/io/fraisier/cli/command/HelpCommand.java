package io.fraisier.cli.command;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code fraisier help [COMMAND...]}: the same text as {@code fraisier COMMAND... --help}, on stdout, exit
 * 0. picocli's own {@code HelpCommand} declares {@code -h}, which clashes with the inherited {@code -h}.
 */
@Command(
        name = "help",
        helpCommand = true,
        description = "Show the help of a command, e.g. 'fraisier help lock release'.")
public final class HelpCommand extends FraisierSubcommand {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and subcommand) to explain.")
    List<String> commands = List.of();

    @Override
    public Integer call() {
        CommandLine target = spec.root().commandLine();
        for (String name : commands) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                String where = target == spec.root().commandLine()
                        ? ""
                        : " of '" + target.getCommandSpec().qualifiedName() + "'";
                throw usage("Unknown command '" + name + "'" + where);
            }
            target = sub;
        }
        target.usage(out(), spec.root().commandLine().getColorScheme());
        out().flush();
        return 0;
    }
}
