package io.fraisier.providers.shell;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Runs commands on this host with {@link ProcessBuilder}: arguments are passed as they are (no shell),
 * stdin reads as empty, stdout and stderr go to a temporary file (private to this user, and unlinked as
 * soon as the command has started, so that it leaves nothing behind even under {@code kill -9}) whose
 * end is kept, and which is read
 * line by line while the command runs for a caller that wants its output as it comes. The output goes to
 * a file rather than a pipe because a restart command may leave a daemon behind that inherits it; a pipe
 * would then never reach end-of-file. A command never inherits Fraisier's environment: it starts from
 * {@link CommandEnvironment#basics} and gets its spec's variables.
 *
 * <p>Each command leads a process group of its own ({@code setsid}, from util-linux, when this host has
 * it), recorded in {@link ProcessGroups} while it runs: a timeout or an interruption kills the whole
 * group, including what it started in the background; and the group of a command whose Fraisier process
 * was killed outright is killed by the next command any Fraisier runs on this host.
 *
 * <p>Thread-safe (immutable).
 */
public final class LocalCommandRunner implements CommandRunner {
    /** How much of the end of a command's output is kept. */
    static final int TAIL_BYTES = 16 * 1024;

    private static final Duration REAP_GRACE = Duration.ofSeconds(5);

    /** How long after a first sight a process left writing to a command's output is looked for again. */
    static final Duration LEFTOVER_RECHECK = Duration.ofMillis(150);

    /** How often followed output is read while the command runs. */
    static final Duration FOLLOW_EVERY = Duration.ofMillis(100);

    private static final Consumer<String> NO_OUTPUT = line -> {};
    private static final File NO_INPUT = new File("/dev/null");
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /**
     * Got when first used, not with this class: the JDK's first {@code System.getLogger} looks for a
     * {@code LoggerFinder} with ServiceLoader, which opens every jar of the class path (some 45 ms of a
     * CLI command that builds a hook runner and runs nothing).
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(LocalCommandRunner.class.getName());
    }

    private static final @Nullable String SETSID = onPath("setsid");

    /**
     * A command is not started when the folder that keeps its output ({@code java.io.tmpdir}) has less free
     * space than this: a command whose writes to its output fail with "no space left" usually fails, and a
     * deployment would then fail half-way and its rollback with it, for a reason no output could show.
     */
    static final long MIN_FREE_BYTES = 1024 * 1024;

    private final Map<String, String> basics;
    private final ProcessGroups groups;
    private final @Nullable Path outputDir;
    private final FreeSpace freeSpace;

    /** How much room a folder's file system has left (for tests: a disk that fills). */
    @FunctionalInterface
    interface FreeSpace {
        /** Usable bytes, or {@link Long#MAX_VALUE} when the file system cannot say. */
        long of(Path dir);

        FreeSpace REAL = dir -> {
            try {
                return Files.getFileStore(dir).getUsableSpace();
            } catch (IOException | RuntimeException e) {
                return Long.MAX_VALUE; // cannot tell: the command runs, and says itself what fails
            }
        };
    }

    /** Commands start from the basics of this process's environment. */
    public LocalCommandRunner() {
        this(System.getenv());
    }

    /** Commands start from the basics of {@code processEnvironment} ({@link CommandEnvironment}). */
    public LocalCommandRunner(Map<String, String> processEnvironment) {
        this(processEnvironment, ProcessGroups.forThisUser());
    }

    LocalCommandRunner(Map<String, String> processEnvironment, ProcessGroups groups) {
        this(processEnvironment, groups, null, FreeSpace.REAL);
    }

    /**
     * @param outputDir where commands' output files go; null: {@code java.io.tmpdir} at each command
     */
    LocalCommandRunner(
            Map<String, String> processEnvironment,
            ProcessGroups groups,
            @Nullable Path outputDir,
            FreeSpace freeSpace) {
        this.basics = Map.copyOf(CommandEnvironment.basics(processEnvironment));
        this.groups = groups;
        this.outputDir = outputDir;
        this.freeSpace = freeSpace;
    }

    @Override
    public CommandResult run(CommandSpec spec) {
        return run(spec, NO_OUTPUT);
    }

    /** Runs {@code spec}, following its output file and handing each line to {@code lines} as it comes. */
    @Override
    public CommandResult run(CommandSpec spec, Consumer<String> lines) {
        for (String orphan : groups.reapOrphans()) {
            Log.LOG.log(System.Logger.Level.WARNING, "Killed " + orphan);
        }
        List<String> argv = spec.argv();
        if (SETSID != null) {
            // Java looks a program up on its own PATH; so does this, so that a missing one is still "not started"
            String program = argv.get(0).contains("/") ? argv.get(0) : onPath(argv.get(0));
            if (program == null || !Files.isExecutable(Path.of(program))) {
                return CommandResult.notStarted(
                        "Cannot run program \"" + argv.get(0) + "\": error=2, No such file or directory");
            }
            List<String> grouped = new ArrayList<>(List.of(SETSID, "--wait", program));
            grouped.addAll(argv.subList(1, argv.size()));
            argv = grouped;
        }
        Path dir = outputDir != null ? outputDir : Path.of(System.getProperty("java.io.tmpdir"));
        long free = freeSpace.of(dir);
        if (free < MIN_FREE_BYTES) {
            throw new FraisierException(
                    ErrorCode.DEPLOYMENT_FAILED,
                    "Step '" + spec.step() + "' was not started: " + dir + ", where Fraisier keeps each command's"
                            + " output (java.io.tmpdir), has " + kib(free) + " free, less than the "
                            + kib(MIN_FREE_BYTES) + " it keeps for it: a command whose output cannot be written"
                            + " fails",
                    fullDiskHint(dir));
        }
        Path output = null;
        try {
            output = newOutputFile(dir, ThreadLocalRandom.current());
            try (FileChannel reader = FileChannel.open(output, StandardOpenOption.READ)) {
                return runWithOutputIn(spec, argv, output, reader, lines);
            }
        } catch (IOException e) {
            throw new FraisierException(
                    ErrorCode.INTERNAL,
                    "Cannot create a temporary file for the output of step '" + spec.step() + "': " + e.getMessage(),
                    "Check that java.io.tmpdir (" + dir + ") is writable and has free space.");
        } finally {
            unlink(output);
        }
    }

    private static String kib(long bytes) {
        return (bytes / 1024) + " KiB";
    }

    private static String fullDiskHint(Path dir) {
        return "Free space in " + dir + " (`lsof +L1 " + dir + "` lists deleted files still held open, such as the"
                + " output of a process a restart_command left running), or give Fraisier another folder:"
                + " FRAISIER_JAVA_OPTS=-Djava.io.tmpdir=/var/tmp.";
    }

    /** Removes {@code file}'s name, if it still has one; what holds it open reads and writes on. */
    private static void unlink(@Nullable Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is private to this user; nothing better can be done here
            }
        }
    }

    /**
     * A new empty file for a command's output in {@code dir}, readable and writable by this user only, as
     * {@code Files.createTempFile} makes (its name differs only in its random part). Its random part
     * comes from {@code random}, not from {@code createTempFile}'s {@code SecureRandom}: the JDK sets that up
     * (security providers, a reflective constructor, seeding) on first use, some 10 ms of the first command
     * of a short-lived CLI. Unpredictable names are not what keeps the file safe: it is created with
     * {@code O_EXCL} ({@code CREATE_NEW}), which neither follows a link planted at its name nor opens a
     * file that exists; a taken name is just drawn again.
     */
    static Path newOutputFile(Path dir, RandomGenerator random) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            Path file = dir.resolve("fraisier-cmd-" + Long.toUnsignedString(random.nextLong()) + ".out");
            try {
                return Files.createFile(file, PRIVATE);
            } catch (FileAlreadyExistsException e) {
                // drawn again
            } catch (UnsupportedOperationException notPosix) {
                return Files.createTempFile(dir, "fraisier-cmd-", ".out");
            }
        }
        throw new FileAlreadyExistsException(
                dir.resolve("fraisier-cmd-*.out").toString(), null, "100 names drawn in a row were all taken");
    }

    /**
     * Runs {@code argv} with its output in {@code output}, read through {@code reader}. The file's name is
     * removed as soon as the command has started: the command writes to the file it was given and this
     * reads it through {@code reader}, so raw output (which may hold what a command printed of a secret)
     * never outlives the command on disk, even when this process is killed outright.
     */
    private CommandResult runWithOutputIn(
            CommandSpec spec, List<String> argv, Path output, FileChannel reader, Consumer<String> lines) {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(NO_INPUT);
        if (spec.workDir() != null) {
            builder.directory(new File(spec.workDir()));
        }
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(basics);
        env.putAll(spec.env());
        spec.secretEnv().forEach((name, secret) -> env.put(name, secret.reveal()));
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return CommandResult.notStarted(UrlCredentials.redact(String.valueOf(e.getMessage())));
        }
        unlink(output);
        if (SETSID != null) {
            groups.started(process.toHandle(), spec.display());
        }
        boolean timedOut = false;
        OutputFollower follower = lines == NO_OUTPUT ? null : new OutputFollower(reader, lines);
        try {
            if (!waitFor(process, spec.timeout(), follower)) {
                timedOut = true;
                killTree(process);
                process.waitFor(REAP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (follower != null) {
                follower.poll();
                follower.finish();
            }
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new FraisierException(
                    ErrorCode.INTERRUPTED,
                    "Step '" + spec.step() + "' was interrupted; `" + spec.display() + "` was killed.");
        } finally {
            if (SETSID != null && !process.isAlive()) {
                groups.ended(process.pid());
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        int exit = process.isAlive() ? -1 : process.exitValue();
        String out = UrlCredentials.redact(tail(reader));
        if (exit != 0 || timedOut) {
            Path dir = output.toAbsolutePath().getParent();
            long free = dir == null ? Long.MAX_VALUE : freeSpace.of(dir);
            if (free < MIN_FREE_BYTES) {
                // its writes to its output may have failed with "no space left": say so where its error is read
                out = out + (out.isEmpty() || out.endsWith("\n") ? "" : "\n") + "[fraisier] " + dir
                        + ", which keeps this command's output, is full (" + kib(free)
                        + " free): the command's writes to its output failed, which may be why it failed. "
                        + fullDiskHint(dir);
            }
            return new CommandResult(true, exit, timedOut, out, took);
        }
        List<String> warnings = warnOfLeftovers(spec, process.pid(), output, lines);
        return new CommandResult(true, exit, timedOut, out, took, warnings);
    }

    /**
     * Warns when the command left processes running that still write to its output file: a restart command
     * that starts a service in the background ({@code ./server &}) without redirecting its output hands it
     * that file, whose name is already removed, so it grows for as long as the service runs and fills its
     * file system where {@code du} and {@code ls} see nothing. Looks only among the processes of the
     * command's group started after it (a higher pid, the cheap part of {@code /proc}); a service that
     * left the group or redirected its output is not this problem. The warning is given to {@code lines}
     * (shown under -v with the command's output) and returned in the result's {@link CommandResult#warnings()}:
     * a deployment records it as a warning event of its step or hook, stored with the deployment
     * ({@code fraisier status} lists it); it is only logged at debug level.
     */
    private List<String> warnOfLeftovers(CommandSpec spec, long group, Path output, Consumer<String> lines) {
        // git's own commands start nothing that keeps their output (its background gc detaches from it), and a
        // dry run or a status runs nothing else: they do not pay for the look
        if (SETSID == null || isGit(spec.argv().get(0))) {
            return List.of();
        }
        List<String> writers = LeftoverWriters.of(group, output);
        if (writers.isEmpty()) {
            return List.of();
        }
        // a process started with `... >/dev/null &` holds the file for the moment between its fork and its
        // redirection, and a short-lived child of a leftover comes and goes: only those still there count
        try {
            Thread.sleep(LEFTOVER_RECHECK.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        List<String> still = LeftoverWriters.of(group, output);
        writers = writers.stream().filter(still::contains).toList();
        if (writers.isEmpty()) {
            return List.of();
        }
        String warning = "[fraisier] warning: `" + spec.display() + "` left " + writers.size()
                + " process(es) running that write to its output, a deleted file in " + output.getParent()
                + " that grows until they end and that du and ls do not show (" + String.join(", ", writers)
                + "): redirect their output in the command (`... >>/var/log/app.log 2>&1 &`), or start the"
                + " service with a service manager (systemd_service).";
        // the caller records what it returns (a deployment's or a hook's WARN event, shown and stored once); a
        // WARNING log line too printed it twice on the console
        Log.LOG.log(System.Logger.Level.DEBUG, warning);
        lines.accept(warning);
        return List.of(warning);
    }

    /**
     * Waits for the process to end within {@code timeout}, reading new output every {@link #FOLLOW_EVERY}
     * when it is followed.
     *
     * @return whether it ended
     */
    private static boolean waitFor(Process process, Duration timeout, @Nullable OutputFollower follower)
            throws InterruptedException {
        if (follower == null) {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return !process.isAlive();
            }
            if (process.waitFor(Math.min(left, FOLLOW_EVERY.toNanos()), TimeUnit.NANOSECONDS)) {
                return true;
            }
            follower.poll();
        }
    }

    /**
     * Kills the process, its process group (when it leads one: what it started in the background, even
     * once reparented) and everything it started that is still its descendant.
     */
    static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (SETSID != null) {
            ProcessGroups.killGroup(process.pid());
        }
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean isGit(String program) {
        return program.equals("git") || program.endsWith("/git");
    }

    /** Where {@code program} is on this JVM's PATH, or null. */
    static @Nullable String onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }

    private static String tail(FileChannel file) {
        try {
            long length = file.size();
            long from = Math.max(0, length - TAIL_BYTES);
            ByteBuffer bytes = ByteBuffer.allocate((int) (length - from));
            while (bytes.hasRemaining() && file.read(bytes, from + bytes.position()) > 0) {
                // reads on to the end
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
