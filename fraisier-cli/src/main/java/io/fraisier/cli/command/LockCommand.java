package io.fraisier.cli.command;

import picocli.CommandLine.Command;

/** {@code fraisier lock …}: inspect and release deployment locks. */
@Command(
        name = "lock",
        description = "Inspect and release deployment locks.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {LockListCommand.class, LockReleaseCommand.class})
public final class LockCommand extends FraisierSubcommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return io.fraisier.core.error.ErrorCode.USAGE.exitCode();
    }
}
