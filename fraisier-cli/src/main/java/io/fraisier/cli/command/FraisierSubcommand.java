package io.fraisier.cli.command;

import io.fraisier.cli.FraisierCommand;
import io.fraisier.core.api.ErrorCode;
import io.fraisier.core.api.FraisierException;
import io.fraisier.core.config.FraisierConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the top command's options, its output streams and the config. */
abstract class FraisierSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    FraisierCommand root() {
        return (FraisierCommand) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    FraisierConfig config() {
        return root().loadConfig();
    }

    /**
     * The error of a command whose machinery this build does not ship yet: said plainly, exit 1, never a
     * pretended success.
     *
     * @param missing what is missing, e.g. "the deployment engine"
     */
    FraisierException notAvailable(String missing) {
        return new FraisierException(
                ErrorCode.NOT_AVAILABLE,
                spec.qualifiedName() + ": not available in this build yet (" + missing + " lands with a later release)",
                "`fraisier list` and `fraisier config validate` work now; docs/INSTALL.md says how to upgrade.");
    }
}
