package io.fraisier.cli;

import io.fraisier.cli.logging.LoggingSetup;
import java.nio.file.Path;
import java.util.Map;
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

    /** picocli's switch for its support of Groovy closures in annotations, which Fraisier does not use. */
    static final String NO_CLOSURES_PROPERTY = "picocli.disable.closures";

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
        // else picocli looks for Groovy's Closure class, which is nowhere: a class no jar has makes the JVM
        // open and index every jar of the class path (some 45 ms, bcprov alone 6,100 entries)
        if (System.getProperty(NO_CLOSURES_PROPERTY) == null) {
            System.setProperty(NO_CLOSURES_PROPERTY, "true");
        }
        int status = run(args, System.getenv(), Path.of("").toAbsolutePath());
        if (status == 0 && aloneAlive()) {
            // returning, not System.exit: exit first asks for the System.Logger that logs Runtime.exit, and
            // finding the JDK's LoggerFinder (ServiceLoader) opens every jar of the class path (some 45 ms)
            return;
        }
        System.exit(status);
    }

    /** Whether no thread but this one would keep the JVM alive once main returns. */
    static boolean aloneAlive() {
        // the thread groups, not Thread.getAllStackTraces: that stops every thread to walk its stack
        Thread current = Thread.currentThread();
        ThreadGroup root = current.getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        if (count == threads.length) {
            return false; // more threads than the estimate: some might not be daemons, exit as before
        }
        for (int i = 0; i < count; i++) {
            Thread t = threads[i];
            if (t != current && t.isAlive() && !t.isDaemon()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the command line once and returns its exit status; the AOT training runs its commands through
     * here too, so that the cache holds this class and what it uses (else the JVM reads, verifies and links
     * it from the jar on every start).
     */
    static int run(String[] args, Map<String, String> environment, Path workingDirectory) {
        ClassPathWarmUp.forCommandLine(args, environment);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(new Interrupter(Thread.currentThread(), finished), "fraisier-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return FraisierCommand.commandLine(new FraisierCommand(environment, workingDirectory), args)
                    .execute(args);
        } finally {
            // also when an Error escapes (say a jar missing from lib/): the hook must not wait out its grace
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C or SIGTERM came: the hook runs, and finds the command finished
            }
        }
    }

    /**
     * The shutdown hook: interrupts the running command and waits for it to finish (a class, not a lambda:
     * a lambda's class is spun at run time unless an AOT cache holds it).
     */
    private static final class Interrupter implements Runnable {
        private final Thread command;
        private final CountDownLatch finished;

        Interrupter(Thread command, CountDownLatch finished) {
            this.command = command;
            this.finished = finished;
        }

        @Override
        public void run() {
            command.interrupt();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
