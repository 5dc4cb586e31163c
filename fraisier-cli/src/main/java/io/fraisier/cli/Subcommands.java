package io.fraisier.cli;

import io.fraisier.cli.command.CancelCommand;
import io.fraisier.cli.command.CancelCommandModel;
import io.fraisier.cli.command.CompletionCommand;
import io.fraisier.cli.command.CompletionCommandModel;
import io.fraisier.cli.command.ConfigCommand;
import io.fraisier.cli.command.ConfigCommandModel;
import io.fraisier.cli.command.DeployCommand;
import io.fraisier.cli.command.DeployCommandModel;
import io.fraisier.cli.command.FreezeCommand;
import io.fraisier.cli.command.FreezeCommandModel;
import io.fraisier.cli.command.GenManPagesCommand;
import io.fraisier.cli.command.GenManPagesCommandModel;
import io.fraisier.cli.command.HelpCommand;
import io.fraisier.cli.command.HelpCommandModel;
import io.fraisier.cli.command.HistoryCommand;
import io.fraisier.cli.command.HistoryCommandModel;
import io.fraisier.cli.command.InitCommand;
import io.fraisier.cli.command.InitCommandModel;
import io.fraisier.cli.command.ListCommand;
import io.fraisier.cli.command.ListCommandModel;
import io.fraisier.cli.command.LockCommand;
import io.fraisier.cli.command.LockCommandModel;
import io.fraisier.cli.command.MetricsCommand;
import io.fraisier.cli.command.MetricsCommandModel;
import io.fraisier.cli.command.NotificationsCommand;
import io.fraisier.cli.command.NotificationsCommandModel;
import io.fraisier.cli.command.ProviderTestCommand;
import io.fraisier.cli.command.ProviderTestCommandModel;
import io.fraisier.cli.command.PruneCommand;
import io.fraisier.cli.command.PruneCommandModel;
import io.fraisier.cli.command.ResolveCommand;
import io.fraisier.cli.command.ResolveCommandModel;
import io.fraisier.cli.command.RollbackCommand;
import io.fraisier.cli.command.RollbackCommandModel;
import io.fraisier.cli.command.StatsCommand;
import io.fraisier.cli.command.StatsCommandModel;
import io.fraisier.cli.command.StatusAllCommand;
import io.fraisier.cli.command.StatusAllCommandModel;
import io.fraisier.cli.command.StatusCommand;
import io.fraisier.cli.command.StatusCommandModel;
import io.fraisier.cli.command.UnfreezeCommand;
import io.fraisier.cli.command.UnfreezeCommandModel;
import io.fraisier.cli.command.WebhooksCommand;
import io.fraisier.cli.command.WebhooksCommandModel;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The subcommands of {@code fraisier}, in the order help lists them, and which of them a command line
 * needs. A command's model is built when the command is added, which for all 22 of them costs more than
 * most commands' own work (even from the generated models, it is picocli's builders over every option);
 * so a command line that
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

    /** A new instance of the subcommand {@code name}, as its model holds it. */
    static Object create(String name) {
        return model(name, CommandLine.defaultFactory()).userObject();
    }

    /**
     * The model of a new instance of the subcommand {@code name}, built by the code generated from its
     * annotations (a switch, not a map of lambdas: no lambda is spun up).
     */
    static CommandSpec model(String name, IFactory factory) {
        return switch (name) {
            case "deploy" -> DeployCommandModel.spec(new DeployCommand(), factory);
            case "rollback" -> RollbackCommandModel.spec(new RollbackCommand(), factory);
            case "status" -> StatusCommandModel.spec(new StatusCommand(), factory);
            case "status-all" -> StatusAllCommandModel.spec(new StatusAllCommand(), factory);
            case "history" -> HistoryCommandModel.spec(new HistoryCommand(), factory);
            case "list" -> ListCommandModel.spec(new ListCommand(), factory);
            case "webhooks" -> WebhooksCommandModel.spec(new WebhooksCommand(), factory);
            case "stats" -> StatsCommandModel.spec(new StatsCommand(), factory);
            case "metrics" -> MetricsCommandModel.spec(new MetricsCommand(), factory);
            case "provider-test" -> ProviderTestCommandModel.spec(new ProviderTestCommand(), factory);
            case "config" -> ConfigCommandModel.spec(new ConfigCommand(), factory);
            case "lock" -> LockCommandModel.spec(new LockCommand(), factory);
            case "resolve" -> ResolveCommandModel.spec(new ResolveCommand(), factory);
            case "freeze" -> FreezeCommandModel.spec(new FreezeCommand(), factory);
            case "unfreeze" -> UnfreezeCommandModel.spec(new UnfreezeCommand(), factory);
            case "prune" -> PruneCommandModel.spec(new PruneCommand(), factory);
            case "cancel" -> CancelCommandModel.spec(new CancelCommand(), factory);
            case "notifications" -> NotificationsCommandModel.spec(new NotificationsCommand(), factory);
            case "init" -> InitCommandModel.spec(new InitCommand(), factory);
            case "completion" -> CompletionCommandModel.spec(new CompletionCommand(), factory);
            case "gen-manpages" -> GenManPagesCommandModel.spec(new GenManPagesCommand(), factory);
            case "help" -> HelpCommandModel.spec(new HelpCommand(), factory);
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    /**
     * The command tree for {@code args}: the top command with the subcommand they name, or with all (also
     * for null). Every model comes from the generated {@code <Command>Model} classes, never from picocli
     * reading the annotations: that made the JDK spin a dynamic proxy class per annotation type at every
     * start, about 30 ms that its AOT cache cannot hold (issue #14).
     */
    static CommandLine tree(FraisierCommand top, String @Nullable [] args) {
        IFactory factory = CommandLine.defaultFactory();
        CommandLine cli = new CommandLine(FraisierCommandModel.spec(top, factory), factory);
        String only = args == null ? null : onlyNeeded(cli.getCommandSpec(), args);
        for (String name : NAMES) {
            if (only == null || only.equals(name)) {
                cli.addSubcommand(name, model(name, factory));
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
