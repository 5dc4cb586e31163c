package io.fraisier.providers.host;

import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.LocalCommandRunner;
import java.util.List;

/**
 * The host Fraisier runs on: commands are local processes, there is nothing to connect to. They run as
 * Fraisier's user in its file system, which lets a {@link HostDeploymentProvider} answer its file tests
 * in process instead of starting a shell for each.
 *
 * <p>Thread-safe when its runner is.
 */
public record LocalHost(CommandRunner runner) implements HostAccess {
    /** Commands run by a {@link LocalCommandRunner} with this process's environment basics. */
    public LocalHost() {
        this(new LocalCommandRunner());
    }

    @Override
    public String where() {
        return "";
    }

    @Override
    public String hostName() {
        return "";
    }

    @Override
    public String account() {
        return "Fraisier's user";
    }

    @Override
    public void connect(StepReporter steps) {
        // nothing to open
    }

    @Override
    public List<CheckResult> reach() {
        return List.of();
    }

    @Override
    public void close() {
        // nothing to close
    }
}
