package io.fraisier.cli;

import io.fraisier.cli.command.CancelCommand;
import io.fraisier.cli.command.CompletionCommand;
import io.fraisier.cli.command.ConfigCommand;
import io.fraisier.cli.command.DeployCommand;
import io.fraisier.cli.command.FreezeCommand;
import io.fraisier.cli.command.GenManPagesCommand;
import io.fraisier.cli.command.HelpCommand;
import io.fraisier.cli.command.HistoryCommand;
import io.fraisier.cli.command.InitCommand;
import io.fraisier.cli.command.ListCommand;
import io.fraisier.cli.command.LockCommand;
import io.fraisier.cli.command.MetricsCommand;
import io.fraisier.cli.command.NotificationsCommand;
import io.fraisier.cli.command.ProviderTestCommand;
import io.fraisier.cli.command.PruneCommand;
import io.fraisier.cli.command.ResolveCommand;
import io.fraisier.cli.command.RollbackCommand;
import io.fraisier.cli.command.StatsCommand;
import io.fraisier.cli.command.StatusAllCommand;
import io.fraisier.cli.command.StatusCommand;
import io.fraisier.cli.command.UnfreezeCommand;
import io.fraisier.cli.command.WebhooksCommand;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The subcommands of {@code fraisier}, in the order help lists them, and which of them a command line
 * needs. picocli builds a command's model (reflection over every option of every class) when the command
 * is added, which for all 22 of them costs more than most commands' own work; so a command line that
 * names one subcommand gets that one only, and everything else (no subcommand, {@code --help} of the top
 * command, {@code help}, {@code completion}, {@code gen-manpages}, an unknown or misspelt name, anything
 * this scan is unsure of) gets all of them, exactly as before.
 */
final class Subcommands {
    /** The names, in help's order; each is the one in its class's {@code @Command} (SubcommandsTest). */
    static final List<String> NAMES = List.of(
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
            "freeze",
            "unfreeze",
            "prune",
            "cancel",
            "notifications",
            "init",
            "completion",
            "gen-manpages",
            "help");

    /** Subcommands that read the whole command tree. */
    private static final List<String> NEED_ALL = List.of("help", "completion", "gen-manpages");

    private Subcommands() {}

    /** A new instance of the subcommand {@code name} (a switch, not a map of lambdas: no lambda is spun up). */
    static Object create(String name) {
        return switch (name) {
            case "deploy" -> new DeployCommand();
            case "rollback" -> new RollbackCommand();
            case "status" -> new StatusCommand();
            case "status-all" -> new StatusAllCommand();
            case "history" -> new HistoryCommand();
            case "list" -> new ListCommand();
            case "webhooks" -> new WebhooksCommand();
            case "stats" -> new StatsCommand();
            case "metrics" -> new MetricsCommand();
            case "provider-test" -> new ProviderTestCommand();
            case "config" -> new ConfigCommand();
            case "lock" -> new LockCommand();
            case "resolve" -> new ResolveCommand();
            case "freeze" -> new FreezeCommand();
            case "unfreeze" -> new UnfreezeCommand();
            case "prune" -> new PruneCommand();
            case "cancel" -> new CancelCommand();
            case "notifications" -> new NotificationsCommand();
            case "init" -> new InitCommand();
            case "completion" -> new CompletionCommand();
            case "gen-manpages" -> new GenManPagesCommand();
            case "help" -> new HelpCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    /**
     * The command tree for {@code args}: the top command with the subcommand they name, or with all (also
     * for null).
     */
    static CommandLine tree(Object top, String @Nullable [] args) {
        CommandLine cli = new CommandLine(top);
        String only = args == null ? null : onlyNeeded(cli.getCommandSpec(), args);
        for (String name : NAMES) {
            if (only == null || only.equals(name)) {
                cli.addSubcommand(name, create(name));
            }
        }
        return cli;
    }

    /**
     * The one subcommand {@code args} runs, when this can be told for sure from the top command's own
     * options before it ({@code top}'s model says which take a value); null when all are needed.
     */
    static @Nullable String onlyNeeded(CommandSpec top, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                return NAMES.contains(arg) && !NEED_ALL.contains(arg) ? arg : null;
            }
            int equals = arg.indexOf('=');
            OptionSpec option = top.findOption(equals < 0 ? arg : arg.substring(0, equals));
            if (option != null) {
                if (takesValue(option) && equals < 0) {
                    i++; // the value, whatever it looks like
                }
            } else if (!isClusterOfFlags(top, arg)) {
                return null; // "--", an attached value like -cFILE, a typo: let picocli see everything
            }
        }
        return null;
    }

    private static boolean takesValue(OptionSpec option) {
        return option.arity().max() > 0;
    }

    /** {@code -vv}, {@code -vh}: short options clustered, none of which takes a value. */
    private static boolean isClusterOfFlags(CommandSpec top, String arg) {
        if (arg.length() < 3 || arg.charAt(1) == '-') {
            return false;
        }
        for (int i = 1; i < arg.length(); i++) {
            OptionSpec option = top.findOption(arg.charAt(i));
            if (option == null || takesValue(option)) {
                return false;
            }
        }
        return true;
    }
}
