package io.fraisier.testkit.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An embedded PostgreSQL in a JVM of its own, for a build step that needs a server for a while: the AOT
 * training of fraisier-cli's start-up caches ({@code fraisier-cli/src/aot/train.sh}), whose own JVM must keep
 * the installation's class path and so cannot start one itself.
 *
 * <p>Arguments: a folder that gets everything the server writes (its binaries and data), so that deleting it
 * leaves nothing behind, and the file to write the server's {@code FRAISIER_DATABASE_URL} to (user {@code
 * postgres}, no password, database {@code postgres}), which appears whole once the server accepts
 * connections. It then runs until its stdin ends (the caller closes it, or dies) or it gets SIGTERM, and
 * stops the server. A server that cannot start (no binaries for this platform, initdb refused) ends it with
 * exit 1 and a line on stderr that starts with {@value #FAILED}. Its stdout and stderr are zonky's log and
 * the server's.
 */
public final class EmbeddedPostgresServer {
    /** How the line saying why the server did not start begins. */
    public static final String FAILED = "embedded PostgreSQL did not start: ";

    private EmbeddedPostgresServer() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedPostgresServer FOLDER URL_FILE");
            System.exit(2);
        }
        Path folder = Path.of(args[0]).toAbsolutePath();
        Path urlFile = Path.of(args[1]).toAbsolutePath();
        EmbeddedPostgres server;
        try {
            Files.createDirectories(folder);
            server = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(folder.toFile())
                    .setDataDirectory(folder.resolve("data"))
                    .setCleanDataDirectory(true)
                    .start();
        } catch (IOException | RuntimeException e) {
            System.err.println(FAILED + reason(e));
            System.exit(1);
            return;
        }
        // zonky's own shutdown hook stops it on SIGTERM; this stops it when the caller lets go
        Path written = urlFile.resolveSibling(urlFile.getFileName() + ".tmp");
        Files.writeString(written, "postgresql://postgres@localhost:" + server.getPort() + "/postgres\n");
        Files.move(written, urlFile, StandardCopyOption.ATOMIC_MOVE);
        InputStream in = System.in;
        while (in.read() >= 0) {
            // nothing to read: the end of stdin is the signal
        }
        server.close();
        System.exit(0);
    }

    /** The innermost message, which says what went wrong (zonky wraps initdb's own in generic ones). */
    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return cause == e ? message : e.getMessage() + " (" + message + ")";
    }
}
