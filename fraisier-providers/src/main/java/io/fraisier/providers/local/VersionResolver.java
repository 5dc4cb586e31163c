package io.fraisier.providers.local;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.providers.git.Ancestry;
import io.fraisier.providers.git.Git;
import io.fraisier.providers.git.GitNames;
import io.fraisier.providers.shell.UrlCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns what an operator asks for (nothing = the branch head, a SHA, a short SHA, a tag, a branch) into
 * a full commit SHA of git_repo. It asks, in order: the local repository (so a rollback to a commit
 * already here works when the git host is down), {@code git ls-remote} (tags and branch tips), and
 * finally a fetch, into the local repository when there is one, else into a temporary bare repository
 * that {@link #close()} deletes, so that resolving never touches {@code app_path} before a deployment.
 *
 * <p>Not thread-safe.
 */
final class VersionResolver implements AutoCloseable {
    private final LocalSettings settings;
    private final Git git;
    private final Supplier<Optional<Path>> localRepository;
    private @Nullable Path scratch;

    VersionResolver(LocalSettings settings, Git git, Supplier<Optional<Path>> localRepository) {
        this.settings = settings;
        this.git = git;
        this.localRepository = localRepository;
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
        return localRepository
                .get()
                .map(Path::toString)
                .flatMap(dir -> Ancestry.isAncestor(git, dir, ancestor.value(), descendant.value()));
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
        Optional<Path> local = localRepository.get();
        if (shaLike && local.isPresent()) {
            Optional<String> here = git.commitOf(local.get().toString(), candidate);
            if (here.isPresent()) {
                return Version.of(here.get());
            }
        }
        Optional<String> advertised = fromRefs(git.lsRemote(settings.gitRepo(), List.of()), candidate, shaLike);
        if (advertised.isPresent()) {
            return Version.of(advertised.get());
        }
        Path repository = local.orElseGet(this::scratchRepository);
        git.fetch(repository.toString(), settings.gitRepo(), fetchSpec(repository), (step, message) -> {});
        return git.commitOf(repository.toString(), candidate)
                .map(Version::of)
                .orElseThrow(() -> new FraisierException(
                        ErrorCode.NOT_FOUND,
                        "Version '" + requested + "' is not a commit, tag or branch of " + repo(),
                        "Check it with `git ls-remote " + repo() + "`, or push it first."));
    }

    private static Optional<String> fromRefs(Map<String, String> refs, String wanted, boolean shaLike) {
        for (String ref : List.of("refs/tags/" + wanted + "^{}", "refs/tags/" + wanted, "refs/heads/" + wanted)) {
            if (refs.containsKey(ref)) {
                return Optional.of(refs.get(ref));
            }
        }
        if (shaLike) {
            List<String> matches = refs.values().stream()
                    .filter(sha -> sha.startsWith(wanted))
                    .distinct()
                    .toList();
            if (matches.size() == 1) {
                return Optional.of(matches.get(0));
            }
        }
        return Optional.empty();
    }

    private String fetchSpec(Path repository) {
        // a work tree keeps remote branches apart from its own; a bare cache mirrors them
        return Files.exists(repository.resolve(".git"))
                ? "+refs/heads/*:refs/remotes/origin/*"
                : "+refs/heads/*:refs/heads/*";
    }

    private Path scratchRepository() {
        if (scratch == null) {
            try {
                scratch = Files.createTempDirectory("fraisier-resolve-");
            } catch (IOException e) {
                throw new FraisierException(
                        ErrorCode.INTERNAL,
                        "Cannot create a temporary repository to resolve versions: " + e.getMessage(),
                        "Check that java.io.tmpdir (" + System.getProperty("java.io.tmpdir") + ") is writable.");
            }
            git.initBare(scratch.toString());
        }
        return scratch;
    }

    private String repo() {
        return UrlCredentials.redact(settings.gitRepo());
    }

    @Override
    public void close() {
        if (scratch != null) {
            try {
                ReleaseLayout.deleteRecursively(scratch);
            } catch (FraisierException ignored) {
                // a leftover temporary repository is harmless
            }
            scratch = null;
        }
    }
}
