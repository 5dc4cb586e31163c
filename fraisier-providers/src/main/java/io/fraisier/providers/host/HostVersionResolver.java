package io.fraisier.providers.host;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.providers.git.Ancestry;
import io.fraisier.providers.git.Git;
import io.fraisier.providers.git.GitNames;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.shell.UrlCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns what an operator asks for (nothing = the branch head, a SHA, a short SHA, a tag, a branch) into
 * a full commit SHA, asking the host (which holds the credentials for git_repo): its own repository
 * first (so a rollback works when the git host is down), then {@code git ls-remote}, then a fetch into
 * that repository or, before the first deployment, into a temporary bare repository on the host that
 * {@link #close()} deletes, so that resolving never touches {@code app_path} before a deployment.
 *
 * <p>Not thread-safe.
 */
final class HostVersionResolver implements AutoCloseable {
    private final HostSettings settings;
    private final Git git;
    private final CommandRunner runner;
    private final HostAccess host;
    private final Supplier<Optional<String>> hostRepository;
    private @Nullable String scratch;

    HostVersionResolver(HostSettings settings, Git git, HostAccess host, Supplier<Optional<String>> hostRepository) {
        this.settings = settings;
        this.git = git;
        this.runner = host.runner();
        this.host = host;
        this.hostRepository = hostRepository;
    }

    /** The commit at the head of the configured branch of git_repo. */
    Version branchHead() {
        String ref = "refs/heads/" + settings.branch();
        String sha = git.lsRemote(settings.gitRepo(), List.of(ref)).get(ref);
        if (sha == null) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    settings.keyPath() + ".branch: branch '" + settings.branch() + "' does not exist in " + repo(),
                    "Push the branch, or set branch: to one that `git ls-remote --heads " + repo() + "` lists.");
        }
        return Version.of(sha);
    }

    /**
     * The commit at the head of {@code branch} of git_repo, asked now (for refusing stale webhook pushes).
     *
     * @throws FraisierException {@link ErrorCode#NOT_FOUND} when git_repo has no such branch
     */
    Version branchHead(String branch) {
        return Ancestry.branchHead(git, settings.gitRepo(), branch);
    }

    /**
     * Whether {@code ancestor} is an ancestor of {@code descendant}, asked of the repository already here
     * (nothing is fetched); empty before the first deployment or when it lacks either commit.
     */
    Optional<Boolean> isAncestor(Version ancestor, Version descendant) {
        return hostRepository.get().flatMap(dir -> Ancestry.isAncestor(git, dir, ancestor.value(), descendant.value()));
    }

    /** The full SHA of the commit {@code requested} names. */
    Version resolve(String requested) {
        if (!GitNames.isRefName(requested) && !GitNames.isShaPrefix(requested)) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "Version '" + requested + "' is not a commit SHA, tag or branch name (" + GitNames.REF_GRAMMAR
                            + ")",
                    "Pass a commit SHA (full or at least 7 hex digits), a tag or a branch of " + repo() + ".");
        }
        boolean shaLike = GitNames.isShaPrefix(requested);
        String candidate = shaLike ? GitNames.normalizeSha(requested) : requested;
        Optional<String> local = hostRepository.get();
        if (shaLike && local.isPresent()) {
            Optional<String> here = git.commitOf(local.get(), candidate);
            if (here.isPresent()) {
                return Version.of(here.get());
            }
        }
        Map<String, String> refs = git.lsRemote(settings.gitRepo(), List.of());
        for (String ref :
                List.of("refs/tags/" + candidate + "^{}", "refs/tags/" + candidate, "refs/heads/" + candidate)) {
            if (refs.containsKey(ref)) {
                return Version.of(refs.get(ref));
            }
        }
        if (shaLike) {
            List<String> matches = refs.values().stream()
                    .filter(sha -> sha.startsWith(candidate))
                    .distinct()
                    .toList();
            if (matches.size() == 1) {
                return Version.of(matches.get(0));
            }
        }
        String repository = local.orElseGet(this::scratchRepository);
        boolean workTree = local.isPresent() && settings.strategy() == HostSettings.Strategy.IN_PLACE;
        git.fetch(
                repository,
                settings.gitRepo(),
                workTree ? "+refs/heads/*:refs/remotes/origin/*" : "+refs/heads/*:refs/heads/*",
                (step, message) -> {});
        return git.commitOf(repository, candidate)
                .map(Version::of)
                .orElseThrow(() -> new FraisierException(
                        ErrorCode.NOT_FOUND,
                        "Version '" + requested + "' is not a commit, tag or branch of " + repo(),
                        "Check it with `git ls-remote " + repo() + "`" + (host.remote() ? " on " + host.hostName() : "")
                                + ", or push it first."));
    }

    private String scratchRepository() {
        if (scratch == null) {
            CommandResult made = runner.runOrFail(
                    CommandSpec.of(
                            "resolve",
                            List.of("mktemp", "-d", "-t", "fraisier-resolve-XXXXXXXX"),
                            Duration.ofSeconds(30)),
                    ErrorCode.DEPLOYMENT_FAILED,
                    "Check that the host's temporary folder (TMPDIR or /tmp) is writable.");
            String dir = made.lastLine().strip();
            if (!dir.startsWith("/")) {
                throw new FraisierException(
                        ErrorCode.DEPLOYMENT_FAILED,
                        "mktemp" + host.on() + " printed '" + dir + "' instead of a folder",
                        "Check that the host has mktemp and a writable /tmp.");
            }
            scratch = dir;
            git.initBare(dir);
        }
        return scratch;
    }

    private String repo() {
        return UrlCredentials.redact(settings.gitRepo());
    }

    /** Deletes the temporary repository, if one was made. Never throws. */
    @Override
    public void close() {
        if (scratch != null) {
            try {
                runner.run(HostFiles.spec("cleanup", HostFiles.DELETE, scratch));
            } catch (RuntimeException ignored) {
                // the host is gone; a leftover folder in its /tmp is harmless
            }
            scratch = null;
        }
    }
}
