package io.fraisier.providers.shell;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The processes a finished command left running that still write to its output file ({@link
 * LocalCommandRunner#warnOfLeftovers}): in the command's process group, started after it, with their
 * stdout or stderr on that file. Read from Linux's {@code /proc}; none where it cannot be read.
 *
 * <p>Only processes with a higher pid than the command's are looked at, which spares reading every
 * process of the host: what a command starts gets a higher pid, unless the pids wrapped around meanwhile
 * (then a leftover is missed, and only a warning with it).
 */
final class LeftoverWriters {
    private static final Path PROC = Path.of("/proc");

    private LeftoverWriters() {}

    /** "pid 123 (sh)" for each such process of the group {@code group}, writing to {@code output}. */
    static List<String> of(long group, Path output) {
        String path = output.toAbsolutePath().toString();
        String deleted = path + " (deleted)";
        List<String> writers = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC)) {
            for (Path process : processes) {
                long pid = pid(process.getFileName().toString());
                if (pid <= group) {
                    continue;
                }
                String name = inGroup(process, group);
                if (name != null && writesTo(process, path, deleted)) {
                    writers.add("pid " + pid + " (" + name + ")");
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of(); // no /proc (not Linux), or it cannot be listed: nothing to say
        }
        return writers;
    }

    private static long pid(String name) {
        if (name.isEmpty() || name.length() > 18) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(name);
    }

    /** The process's name when it belongs to process group {@code group}, else null. */
    private static @Nullable String inGroup(Path process, long group) {
        String stat;
        try {
            stat = Files.readString(process.resolve("stat"));
        } catch (IOException | RuntimeException gone) {
            return null;
        }
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so read after the last ')'
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 > stat.length()) {
            return null;
        }
        String[] fields = stat.substring(close + 2).split(" ");
        if (fields.length < 3 || !fields[2].equals(Long.toString(group))) {
            return null;
        }
        return stat.substring(open + 1, close);
    }

    private static boolean writesTo(Path process, String path, String deleted) {
        for (String fd : new String[] {"1", "2"}) {
            try {
                String target = Files.readSymbolicLink(process.resolve("fd").resolve(fd))
                        .toString();
                if (target.equals(path) || target.equals(deleted)) {
                    return true;
                }
            } catch (IOException | RuntimeException closedOrGone) {
                // that descriptor is closed, or the process ended meanwhile
            }
        }
        return false;
    }
}
