package io.fraisier.providers.host;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link FileTests} answered with java.nio, without starting a process: on this host each shell test would
 * cost a {@code sh} (and its {@code setsid}), some 10 ms, for what a {@code stat} answers in microseconds.
 *
 * <p>The answers are the shell scripts' of {@link ShellFileTests}, case by case:
 *
 * <ul>
 *   <li>a relative path is left relative, so the system resolves it against this process's working
 *       directory, which is where the local runner starts a command that names none;
 *   <li>{@code "$1/.git"} is built as a string, as the shell builds it ({@code ""} gives {@code /.git});
 *   <li>a trailing slash makes the system follow a symlink and requires a directory ({@code link/} of a
 *       symlink to a directory is a directory, not a symlink; {@code file/} is nothing), which
 *       {@link Path} would drop, so it is honoured here;
 *   <li>an empty path, or one the file system cannot name (a NUL), is nothing;
 *   <li>a path that cannot be examined (a parent folder Fraisier's user may not search, a symlink loop
 *       followed) is nothing, as {@code test} says false when {@code stat} fails.
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
record LocalFileTests() implements FileTests {
    private static final LinkOption[] FOLLOW = {};
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    @Override
    public boolean exists(String step, String path) {
        return pathOf(path)
                .map(p -> asDirectory(path) ? Files.isDirectory(p) : Files.exists(p, NO_FOLLOW))
                .orElse(false);
    }

    @Override
    public boolean isDirectory(String step, String path) {
        return pathOf(path)
                .map(p -> Files.isDirectory(p, asDirectory(path) ? FOLLOW : NO_FOLLOW))
                .orElse(false);
    }

    @Override
    public boolean isCheckout(String step, String path) {
        return regularFile(path + "/.git/index") || regularFile(path + "/.git");
    }

    private static boolean regularFile(String path) {
        return pathOf(path).map(Files::isRegularFile).orElse(false);
    }

    /** Whether the system resolves {@code path} as a directory: it ends with a slash. */
    private static boolean asDirectory(String path) {
        return path.endsWith("/");
    }

    private static Optional<Path> pathOf(String path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(path));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
