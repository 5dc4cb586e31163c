package io.fraisier.cli.command;

import io.fraisier.cli.render.Terminal;
import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentListener;
import io.fraisier.core.spi.ServiceDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the subcommands need from the top command ({@code io.fraisier.cli.FraisierCommand} implements it):
 * its options, the process environment, the configuration and the front door. The subcommands depend on this
 * interface, not on the top command, so that the {@code cli} and {@code cli.command} packages form no cycle.
 */
public interface CommandContext {
    /** Loads the configuration named by {@code -c} or found by the documented lookup. */
    FraisierConfig loadConfig();

    /** The front door on the configured store and the discovered providers; the caller closes it. */
    Fraisier openFraisier(FraisierConfig config, DeploymentListener... listeners);

    /**
     * Sends the notifications due now (this run's and those left by earlier runs), for a few seconds at
     * most, before the command's front door is closed. Never throws.
     */
    default void deliverNotifications(Fraisier fraisier, FraisierConfig config) {}

    /** A provider's connectivity checks, without opening the store. */
    List<CheckResult> providerTest(FraisierConfig config, EnvironmentConfig environmentConfig);

    /**
     * Where store and provider factories come from: the installation's index (bin/fraisier), else
     * ServiceLoader.
     */
    default ServiceDirectory services() {
        return ServiceDirectory.serviceLoader();
    }

    /** The process environment the command runs with. */
    Map<String, String> environment();

    /** The folder relative paths are read from. */
    Path workingDirectory();

    /** The {@code -c} option, or null when the documented lookup applies. */
    @Nullable
    Path configOption();

    /** Whether {@code --output json} was asked for. */
    boolean json();

    /** The logging this command runs with (level, format); commands add a log file. */
    io.fraisier.cli.logging.LoggingSetup logging();

    /** How many {@code -v} were given. */
    int verbosity();

    /** Colours and styles for this terminal. */
    Terminal terminal();

    /** {@code fraisier 0.1.0}: the program and its version, without the commit. */
    String versionName();
}
