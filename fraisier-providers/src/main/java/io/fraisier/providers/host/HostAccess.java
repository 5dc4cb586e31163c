package io.fraisier.providers.host;

import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.shell.CommandRunner;
import java.util.List;

/**
 * How a {@link HostDeploymentProvider} reaches the host it deploys on: this host ({@link LocalHost}) or
 * one over a verified SSH connection ({@link SshHost}), and how its messages name that host.
 *
 * <p>Not thread-safe: one deployment uses it at a time.
 */
public sealed interface HostAccess extends AutoCloseable permits LocalHost, SshHost {
    /** Runs every command of the provider: git, file changes, the operator's commands. */
    CommandRunner runner();

    /** {@code user@host:port} of a remote host, shown with its steps and errors; "" for this host. */
    String where();

    /** The remote host's name ({@code git … on <host>}); "" for this host. */
    String hostName();

    /** Who runs the commands, for hints ("Fraisier's user", or the SSH user). */
    String account();

    /** Opens the way to the host before a deployment, reporting a new connection as step {@code connect}. */
    void connect(StepReporter steps);

    /**
     * The checks of {@code fraisier provider-test} that come before the host's own (connect, host key,
     * authentication); when the last one fails, the host cannot be used and nothing more is checked.
     */
    List<CheckResult> reach();

    /** Whether the host is another machine. */
    default boolean remote() {
        return !where().isEmpty();
    }

    /** {@code " on <where>"} for a remote host, "" for this one. */
    default String on() {
        return remote() ? " on " + where() : "";
    }

    /** Closes the connection, if there is one. Never throws. */
    @Override
    void close();
}
