package io.fraisier.providers.local;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.providers.git.GitNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The releases strategy's folders under {@code app_path}: {@code repo.git} (a bare cache of git_repo),
 * {@code releases/<sha>} (one checkout per deployed commit) and {@code current}, a relative symlink to
 * the live release that is switched by renaming a new link over it, so that no reader ever sees it
 * missing or half-written. A release folder appears under its final name only once its checkout is
 * complete; its modification time records when it was last made live, which orders pruning.
 *
 * <p>Not thread-safe; the deployment lock keeps one deployment per target.
 */
final class ReleaseLayout {
    static final String CURRENT = "current";
    static final String RELEASES = "releases";
    static final String CACHE = "repo.git";
    private static final String PARTIAL_PREFIX = ".partial-";

    private final Path appPath;

    ReleaseLayout(Path appPath) {
        this.appPath = appPath;
    }

    Path cache() {
        return appPath.resolve(CACHE);
    }

    Path releases() {
        return appPath.resolve(RELEASES);
    }

    Path current() {
        return appPath.resolve(CURRENT);
    }

    Path release(String sha) {
        return releases().resolve(sha);
    }

    /** Where a release is checked out before it gets its final name. */
    Path partial(String sha) {
        return releases().resolve(PARTIAL_PREFIX + sha);
    }

    boolean hasRelease(String sha) {
        return Files.isDirectory(release(sha), LinkOption.NOFOLLOW_LINKS);
    }

    /** The commit of the release {@code current} points to, if it points to one. */
    Optional<String> currentSha() {
        Path link = current();
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        try {
            Path name = Files.readSymbolicLink(link).getFileName();
            return name != null && GitNames.isFullSha(name.toString())
                    ? Optional.of(name.toString())
                    : Optional.empty();
        } catch (IOException e) {
            throw failure("read the symlink " + link, e);
        }
    }

    /** Points {@code current} at {@code releases/<sha>} in one rename. */
    void switchTo(String sha, Instant now) {
        Path link = current();
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
            throw new FraisierException(
                    ErrorCode.DEPLOYMENT_FAILED,
                    "Step 'switch': " + link + " exists and is not a symlink; the releases strategy needs it to be one",
                    "Move " + link + " away (it is replaced by a symlink to releases/<sha>) and deploy again.");
        }
        Path temporary = appPath.resolve("." + CURRENT + "-" + UUID.randomUUID());
        try {
            Files.createSymbolicLink(temporary, Path.of(RELEASES, sha));
            Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE);
            Files.setLastModifiedTime(release(sha), FileTime.from(now));
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw failure("point " + link + " at " + release(sha), e);
        }
    }

    /** Renames a finished checkout to its release name. */
    void publish(String sha) {
        try {
            Files.move(partial(sha), release(sha), StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw failure("publish release " + release(sha) + " (it appeared meanwhile)", e);
        } catch (IOException e) {
            throw failure("rename " + partial(sha) + " to " + release(sha), e);
        }
    }

    /**
     * Deletes the oldest releases beyond {@code keep}, never one in {@code protectedShas}, and every
     * leftover partial checkout. Returns the commits deleted.
     */
    List<String> prune(int keep, Set<String> protectedShas) {
        List<Path> releaseDirs = new ArrayList<>();
        try (Stream<Path> children = Files.list(releases())) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (name.startsWith(PARTIAL_PREFIX)) {
                    deleteRecursively(child);
                } else if (GitNames.isFullSha(name) && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    releaseDirs.add(child);
                }
            }
        } catch (IOException e) {
            throw failure("list " + releases(), e);
        }
        releaseDirs.sort(Comparator.comparing(ReleaseLayout::modified).reversed());
        List<String> deleted = new ArrayList<>();
        for (Path dir : releaseDirs.subList(Math.min(keep, releaseDirs.size()), releaseDirs.size())) {
            String sha = dir.getFileName().toString();
            if (!protectedShas.contains(sha)) {
                deleteRecursively(dir);
                deleted.add(sha);
            }
        }
        return deleted;
    }

    /** The commits that have a release folder, newest first. */
    List<String> releaseShas() {
        if (!Files.isDirectory(releases())) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(releases())) {
            return children.filter(p -> GitNames.isFullSha(p.getFileName().toString()))
                    .sorted(Comparator.comparing(ReleaseLayout::modified).reversed())
                    .map(p -> p.getFileName().toString())
                    .toList();
        } catch (IOException e) {
            throw failure("list " + releases(), e);
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new FraisierException(
                    ErrorCode.DEPLOYMENT_FAILED,
                    "Cannot delete " + root + ": " + e.getMessage(),
                    "Check the permissions of " + root + " and delete it by hand.");
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: a stray temporary link is harmless and never read
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static FraisierException failure(String what, IOException e) {
        return new FraisierException(
                ErrorCode.DEPLOYMENT_FAILED,
                "Cannot " + what + ": " + e,
                "Check that the user running Fraisier owns the folder and that the disk is not full.");
    }
}
