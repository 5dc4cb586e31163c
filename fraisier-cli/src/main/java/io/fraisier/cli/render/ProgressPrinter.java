package io.fraisier.cli.render;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.spi.DeploymentListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints each step of a running deployment on stderr with the time elapsed since the command started:
 * {@code [  3.2s] fetch        fetched main at 1a2b3c4}. Called on the deployment's thread. Health attempts arrive as
 * events too (the engine records one per attempt), so they are not printed a second time here.
 */
public final class ProgressPrinter implements DeploymentListener {
    private final PrintWriter err;
    private final Terminal terminal;
    private final LongSupplier nanoTime;
    private final long start;

    public ProgressPrinter(PrintWriter err, Terminal terminal, LongSupplier nanoTime) {
        this.err = err;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    @Override
    public void onEvent(Deployment deployment, DeploymentEvent event) {
        String message = String.format(Locale.ROOT, "%-12s %s", event.step(), event.message());
        line(
                switch (event.level()) {
                    case ERROR -> terminal.red(message);
                    case WARN -> terminal.bold(message);
                    default -> message;
                });
    }

    private void line(String text) {
        double elapsed = (nanoTime.getAsLong() - start) / 1e9;
        synchronized (err) {
            err.println(terminal.dim(String.format(Locale.ROOT, "[%6.1fs]", elapsed)) + " " + text);
            err.flush();
        }
    }
}
