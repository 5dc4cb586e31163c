package io.fraisier.cli.render;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.spi.DeploymentListener;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Prints each step of a running deployment on stderr with the time elapsed since the command started:
 * {@code [  3.2s] fetch        fetched main at 1a2b3c4}. Called on the deployment's thread. Health attempts arrive as
 * events too (the engine records one per attempt), so they are not printed a second time here.
 *
 * <p>When verbose ({@code -v}), the output of the commands a step runs (hooks, {@code install_command},
 * {@code restart_command}) is printed as it comes, each line as {@code [  3.4s] install      | line}; the
 * tail of that output a hook's event repeats is then not printed again. Lines of a multi-line message are
 * indented under its first.
 */
public final class ProgressPrinter implements DeploymentListener {
    private static final String CONTINUATION = " ".repeat(23) + "| ";

    private final PrintWriter err;
    private final Terminal terminal;
    private final LongSupplier nanoTime;
    private final long start;
    private final boolean verbose;
    // steps whose output was printed as it came (deployment id + step)
    private final Set<String> streamed = new HashSet<>();

    public ProgressPrinter(PrintWriter err, Terminal terminal, LongSupplier nanoTime) {
        this(err, terminal, nanoTime, false);
    }

    /**
     * @param verbose whether the output of the commands steps run is printed
     */
    public ProgressPrinter(PrintWriter err, Terminal terminal, LongSupplier nanoTime, boolean verbose) {
        this.err = err;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        this.verbose = verbose;
    }

    @Override
    public void onEvent(Deployment deployment, DeploymentEvent event) {
        // a step's message can carry the end of a command's output: among Fraisier's lines, controls shown
        String text = Visible.controls(event.message());
        int newline = text.indexOf('\n');
        if (newline >= 0) {
            boolean shown;
            synchronized (streamed) {
                shown = streamed.remove(deployment.id() + " " + event.step());
            }
            text = shown ? text.substring(0, newline) + " (output above)" : text.replace("\n", "\n" + CONTINUATION);
        }
        String message = String.format(Locale.ROOT, "%-12s %s", event.step(), text);
        line(
                switch (event.level()) {
                    case ERROR -> terminal.red(message);
                    case WARN -> terminal.bold(message);
                    default -> message;
                });
    }

    @Override
    public void onOutput(Deployment deployment, String step, String line) {
        if (!verbose) {
            return;
        }
        synchronized (streamed) {
            streamed.add(deployment.id() + " " + step);
        }
        line(terminal.dim(String.format(Locale.ROOT, "%-12s | ", step)) + line);
    }

    private void line(String text) {
        double elapsed = (nanoTime.getAsLong() - start) / 1e9;
        synchronized (err) {
            err.println(terminal.dim(String.format(Locale.ROOT, "[%6.1fs]", elapsed)) + " " + text);
            err.flush();
        }
    }
}
