package io.fraisier.cli;

import io.fraisier.cli.logging.LoggingSetup;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code fraisier} executable: runs the command line and exits with the command's status.
 *
 * <p>On Ctrl-C or SIGTERM the running command is interrupted and given {@link #GRACE_SECONDS} to finish
 * what it records: a deployment marks itself {@code cancelled} and releases its lock (exit 130) instead of
 * leaving both to lease expiry.
 */
public final class Main {
    static final long GRACE_SECONDS = 30;

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--version")) {
            // the one answer that needs neither the command model nor logging: scripts and shell prompts
            // ask it often, and it should cost little more than starting the JVM (the same line as below)
            // (returning, not System.exit: exit would first set up the JDK's logging of Runtime.exit)
            System.out.println(VersionInfo.load().line());
            return;
        }
        // before anything logs: the first LoggerFactory call binds the provider for good
        LoggingSetup.chooseBackend(args, System.getenv());
        Thread command = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            command.interrupt();
                            try {
                                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "fraisier-shutdown"));
        Path workingDirectory = Path.of("").toAbsolutePath();
        int status;
        try {
            status = FraisierCommand.commandLine(new FraisierCommand(System.getenv(), workingDirectory), args)
                    .execute(args);
        } finally {
            // also when an Error escapes (say a jar missing from lib/): the hook must not wait out its grace
            finished.countDown();
        }
        System.exit(status);
    }
}
