package io.fraisier.providers.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The process groups of the commands running on this host, so that a Fraisier killed outright
 * ({@code kill -9}, a crash) does not leave its command's processes running for ever under PID 1.
 *
 * <p>Each command runs as the leader of a process group of its own ({@code setsid}); while it runs, a
 * file named after the group in {@link #directory} records the group, its leader's start time and the
 * Fraisier process (pid and start time) that waits for it; the file is removed when the command ends,
 * however it ends. A record whose Fraisier process is gone is an orphan: {@link #reapOrphans} kills that
 * whole group, unless the leader's pid now belongs to another process (then the group is already
 * empty). A daemon that a restart command started on purpose is safe: its command ended normally, so its
 * record is gone. The next command any Fraisier runs on this host (a deploy, a status, a health check)
 * reaps first.
 *
 * <p>Thread-safe.
 */
public final class ProcessGroups {
    /**
     * Got when first used, not with this class: the JDK's first {@code System.getLogger} looks for a
     * {@code LoggerFinder} with ServiceLoader, which opens every jar of the class path (some 45 ms of a
     * CLI command that builds a hook runner and runs nothing).
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(ProcessGroups.class.getName());
    }

    private static final long KILL_WAIT_SECONDS = 5;

    private final Path directory;
    private final long self;
    private final @Nullable Instant selfStart;

    /** The registry of this user on this host, under {@code java.io.tmpdir}. */
    public static ProcessGroups forThisUser() {
        return new ProcessGroups(
                Path.of(System.getProperty("java.io.tmpdir"), "fraisier-groups-" + System.getProperty("user.name")));
    }

    ProcessGroups(Path directory) {
        this.directory = directory;
        ProcessHandle me = ProcessHandle.current();
        this.self = me.pid();
        this.selfStart = me.info().startInstant().orElse(null);
    }

    Path directory() {
        return directory;
    }

    /** Records that {@code leader} leads a group of its own on behalf of this process. Best effort. */
    void started(ProcessHandle leader, String display) {
        try {
            ensureDirectory();
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("owner", Long.toString(self));
            fields.put("owner_start", selfStart == null ? "" : selfStart.toString());
            fields.put(
                    "leader_start",
                    leader.info().startInstant().map(Instant::toString).orElse(""));
            fields.put("command", display.replace('\n', ' '));
            StringBuilder text = new StringBuilder();
            fields.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Path tmp = directory.resolve("." + leader.pid() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file(leader.pid()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Log.LOG.log(System.Logger.Level.DEBUG, "cannot record process group " + leader.pid() + ": " + e);
        }
    }

    /** Forgets the group of {@code leader}: its command ended. */
    void ended(long leader) {
        try {
            Files.deleteIfExists(file(leader));
        } catch (IOException e) {
            Log.LOG.log(System.Logger.Level.DEBUG, "cannot remove the record of process group " + leader + ": " + e);
        }
    }

    /**
     * Kills every recorded group whose Fraisier process is gone and forgets it.
     *
     * @return one line per killed group, for logs: group and dead owner
     */
    public List<String> reapOrphans() {
        List<String> killed = new ArrayList<>();
        if (!Files.isDirectory(directory) || !trusted()) {
            return killed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "[0-9]*")) {
            // no lambdas on this path: it runs only when records are left (another Fraisier process runs, or
            // one died), which the AOT training never meets, so their classes would be spun at run time
            for (Path f : files) {
                Optional<String> line = reap(f);
                if (line.isPresent()) {
                    killed.add(line.get());
                }
            }
        } catch (IOException e) {
            Log.LOG.log(System.Logger.Level.DEBUG, "cannot read " + directory + ": " + e);
        }
        return killed;
    }

    private Optional<String> reap(Path f) {
        long group;
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            group = Long.parseLong(f.getFileName().toString());
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        long owner;
        try {
            owner = Long.parseLong(fields.getOrDefault("owner", ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (isRunning(owner, fields.get("owner_start"))) {
            return Optional.empty();
        }
        Optional<ProcessHandle> leader = ProcessHandle.of(group);
        boolean reused = leader.isPresent() && !isRunning(group, fields.get("leader_start"));
        // a pid is not handed out again while a group still carries it: a new process under that pid means
        // the old group is empty
        if (!reused) {
            killGroup(group);
        }
        ended(group);
        return reused
                ? Optional.empty()
                // not the command itself: this line goes to a log the Scrubber does not see
                : Optional.of("process group " + group + " of a command left running by Fraisier process " + owner
                        + ", which is gone");
    }

    /** Whether {@code pid} runs and started at {@code start} (when known). */
    private static boolean isRunning(long pid, @Nullable String start) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive() || isZombie(pid)) {
            return false;
        }
        if (start == null || start.isEmpty()) {
            return true;
        }
        Optional<Instant> started = p.get().info().startInstant();
        return started.isEmpty() || started.get().toString().equals(start);
    }

    /**
     * Whether {@code pid} has ended but was not reaped by its parent (a container whose init reaps nothing
     * keeps them): the JDK still calls such a process alive.
     */
    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Sends SIGKILL to every process of group {@code group}. Best effort. */
    static void killGroup(long group) {
        if (group <= 1) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + group)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (IOException e) {
            Log.LOG.log(System.Logger.Level.DEBUG, "cannot run kill for process group " + group + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ensureDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
        if (!trusted()) {
            throw new IOException(directory + " is not a folder of this user that only it can write");
        }
    }

    /**
     * Whether the registry is this user's own and no one else can write to it: a record planted by another
     * user would otherwise make Fraisier kill a process group of its choice.
     */
    private boolean trusted() {
        // a file system without POSIX owners and modes cannot show that no one else writes here
        if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                || Files.isSymbolicLink(directory)) {
            return false;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
            boolean othersWrite =
                    perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
            String owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS).getName();
            return !othersWrite && owner.equals(System.getProperty("user.name"));
        } catch (IOException unreadable) {
            return false;
        }
    }

    private Path file(long leader) {
        return directory.resolve(Long.toString(leader));
    }
}
