package io.fraisier.cli.command;

import io.fraisier.cli.render.ProgressPrinter;
import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.spi.DeploymentListener;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the top command's options, its output streams and the config. */
abstract class FraisierSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    CommandContext root() {
        return (CommandContext) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    FraisierConfig config() {
        return root().loadConfig();
    }

    boolean json() {
        return root().json();
    }

    /** Steps of running deployments, with elapsed time, on stderr; under {@code -v} their commands' output too. */
    ProgressPrinter progress() {
        return new ProgressPrinter(
                spec.commandLine().getErr(), root().terminal(), System::nanoTime, root().verbosity() > 0);
    }

    /**
     * Runs {@code action} on a {@link Fraisier} built for this command and closes it. An interrupt (Ctrl-C,
     * SIGTERM) stays set for the caller but is held back while the store closes, so that closing finishes
     * instead of failing half-way.
     */
    <T> T withFraisier(FraisierConfig config, Function<Fraisier, T> action, DeploymentListener... listeners) {
        Fraisier fraisier = root().openFraisier(config, listeners);
        try {
            return action.apply(fraisier);
        } finally {
            if (!Thread.currentThread().isInterrupted()) {
                root().deliverNotifications(fraisier, config);
            }
            boolean interrupted = Thread.interrupted();
            fraisier.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A usage error found after parsing: one line and the help hint, exit 2. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Who is asking, for the record ({@code triggered_by}, {@code resolved_by}). */
    String operator() {
        Map<String, String> env = root().environment();
        String user = env.getOrDefault("SUDO_USER", env.getOrDefault("USER", env.get("LOGNAME")));
        return user == null || user.isBlank() ? System.getProperty("user.name") : user;
    }
}
