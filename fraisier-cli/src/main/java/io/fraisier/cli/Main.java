package io.fraisier.cli;

import java.nio.file.Path;

/** The {@code fraisier} executable: runs the command line and exits with the command's status. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Path workingDirectory = Path.of("").toAbsolutePath();
        int status =
                FraisierCommand.commandLine(System.getenv(), workingDirectory).execute(args);
        System.exit(status);
    }
}
