package io.fraisier.cli.command;

import picocli.CommandLine.Command;

/** {@code fraisier config …}: commands about {@code fraises.yaml}. */
@Command(
        name = "config",
        description = "Commands about fraises.yaml.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = ConfigValidateCommand.class)
public final class ConfigCommand extends FraisierSubcommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return io.fraisier.core.error.ErrorCode.USAGE.exitCode();
    }
}
