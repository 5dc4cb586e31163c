package io.fraisier.providers.host;

import io.fraisier.providers.git.GitNames;
import io.fraisier.providers.shell.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The releases strategy's folders under {@code app_path} on the host: {@code repo.git} (a bare cache of
 * git_repo), {@code releases/<sha>} (a release appears under its name only once checked
 * out) and {@code current}, a relative symlink switched by {@code ln -sfn} to a temporary name and an
 * atomic {@code mv -T} over the old link. A release's modification time records when it was last made
 * live, which orders pruning.
 *
 * <p>Not thread-safe; the deployment lock keeps one deployment per target.
 */
final class HostReleases {
    static final String CURRENT = "current";
    static final String RELEASES = "releases";
    static final String CACHE = "repo.git";
    private static final String PARTIAL_PREFIX = ".partial-";

    static final String SWITCH = String.join(
            "\n",
            "cd \"$1\" || exit 1",
            "if [ -e current ] && [ ! -L current ]; then",
            "  echo \"$1/current exists and is not a symlink; the releases strategy needs it to be one\" >&2; exit 3",
            "fi",
            "ln -sfn \"releases/$2\" \"$3\" && mv -Tf \"$3\" current || { rm -f \"$3\"; exit 1; }",
            "touch \"releases/$2\"");
    static final String PUBLISH = "mv -T \"$1\" \"$2\"";
    static final String LIST = String.join(
            "\n",
            "cd \"$1\" 2>/dev/null || exit 0",
            "ls -1at | while read -r d; do if [ -d \"$d\" ] && [ ! -L \"$d\" ]; then echo \"$d\"; fi; done");

    private final String appPath;
    private final HostFiles files;

    HostReleases(String appPath, HostFiles files) {
        this.appPath = appPath;
        this.files = files;
    }

    String cache() {
        return appPath + "/" + CACHE;
    }

    String releases() {
        return appPath + "/" + RELEASES;
    }

    String current() {
        return appPath + "/" + CURRENT;
    }

    String release(String sha) {
        return releases() + "/" + sha;
    }

    String partial(String sha) {
        return releases() + "/" + PARTIAL_PREFIX + sha;
    }

    boolean hasRelease(String sha) {
        return files.isDirectory("release", release(sha));
    }

    boolean hasCache() {
        return files.isDirectory("fetch", cache());
    }

    /** The commit of the release {@code current} points to, if it points to one. */
    Optional<String> currentSha() {
        CommandResult result = files.run("version", HostFiles.READ_LINK, current());
        if (!result.ok()) {
            return Optional.empty();
        }
        String target = result.output().strip();
        String name = target.substring(target.lastIndexOf('/') + 1);
        return GitNames.isFullSha(name) ? Optional.of(name) : Optional.empty();
    }

    /** Points {@code current} at {@code releases/<sha>} in one rename. */
    void switchTo(String sha) {
        files.require(
                "switch",
                SWITCH,
                "Move " + current() + " away if it is not a symlink, check that " + appPath
                        + " is writable and that the host has GNU mv (-T), then deploy again.",
                appPath,
                sha,
                "." + CURRENT + "-" + UUID.randomUUID());
    }

    void publish(String sha) {
        files.require(
                "release",
                PUBLISH,
                "Look at " + releases() + "; delete a half-made release folder by hand if one is in the way.",
                partial(sha),
                release(sha));
    }

    void delete(String path) {
        files.require(
                "release", HostFiles.DELETE, "Check the permissions of " + path + " and delete it by hand.", path);
    }

    /**
     * Deletes the oldest releases beyond {@code keep}, never one in {@code protectedShas}, and every
     * leftover partial checkout. Returns the commits deleted.
     */
    List<String> prune(int keep, Set<String> protectedShas) {
        CommandResult listing = files.require("prune", LIST, "Check that " + releases() + " is readable.", releases());
        List<String> newestFirst = new ArrayList<>();
        for (String name : listing.output().strip().split("\\R")) {
            if (name.startsWith(PARTIAL_PREFIX) && GitNames.isFullSha(name.substring(PARTIAL_PREFIX.length()))) {
                delete(releases() + "/" + name);
            } else if (GitNames.isFullSha(name)) {
                newestFirst.add(name);
            }
        }
        List<String> deleted = new ArrayList<>();
        for (String sha : newestFirst.subList(Math.min(keep, newestFirst.size()), newestFirst.size())) {
            if (!protectedShas.contains(sha)) {
                delete(release(sha));
                deleted.add(sha);
            }
        }
        return deleted;
    }
}
