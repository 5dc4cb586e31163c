package io.fraisier.cli.command;

import io.fraisier.cli.docgen.ManPages;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code fraisier gen-manpages DIR} (hidden, for packaging): writes one section-1 man page per command
 * ({@code fraisier.1}, {@code fraisier-deploy.1}, …) into DIR, from the command model.
 */
@Command(
        name = "gen-manpages",
        hidden = true,
        description = "Write one man page per command (fraisier.1, fraisier-deploy.1, ...) into DIR.")
public final class GenManPagesCommand extends FraisierSubcommand {
    @Parameters(paramLabel = "DIR", description = "The folder to write the pages to (created if missing).")
    Path directory;

    @Override
    public Integer call() {
        List<Path> written;
        try {
            written = new ManPages(root().versionName()).write(spec.root().commandLine(), directory);
        } catch (IOException e) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "Cannot write man pages to " + directory + ": " + e.getMessage(),
                    "Give a folder you can write to.",
                    e);
        }
        PrintWriter out = out();
        written.forEach(out::println);
        out.flush();
        return 0;
    }
}
