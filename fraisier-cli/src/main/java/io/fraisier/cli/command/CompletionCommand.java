package io.fraisier.cli.command;

import io.fraisier.cli.docgen.FishCompletion;
import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code fraisier completion bash|zsh|fish}: prints the shell completion script, written from the same
 * command model as {@code --help}. bash and zsh share picocli's script (zsh runs it through
 * {@code bashcompinit}); fish gets its own.
 */
@Command(
        name = "completion",
        description = "Print the shell completion script for bash, zsh or fish.%n"
                + "bash: source <(fraisier completion bash), or save it as"
                + " /etc/bash_completion.d/fraisier.%n"
                + "zsh: source <(fraisier completion zsh) in ~/.zshrc (it loads bashcompinit).%n"
                + "fish: fraisier completion fish > ~/.config/fish/completions/fraisier.fish")
public final class CompletionCommand extends FraisierSubcommand {
    /** The shells a script is printed for. */
    public enum Shell {
        bash,
        zsh,
        fish
    }

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine top = spec.root().commandLine();
        PrintWriter out = out();
        out.print(script(top, shell));
        out.flush();
        return 0;
    }

    /** The completion script of {@code top} for {@code shell}. */
    public static String script(CommandLine top, Shell shell) {
        return switch (shell) {
            case bash, zsh -> AutoComplete.bash(top.getCommandName(), top);
            case fish -> FishCompletion.script(top);
        };
    }
}
