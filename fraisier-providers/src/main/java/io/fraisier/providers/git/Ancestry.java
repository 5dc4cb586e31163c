package io.fraisier.providers.git;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.UrlCredentials;
import java.util.List;
import java.util.Optional;

/**
 * What refusing stale webhook pushes asks of git: a branch's head now ({@code git ls-remote}), and
 * {@code git merge-base --is-ancestor} in a repository that already holds both commits.
 */
public final class Ancestry {
    private Ancestry() {}

    /**
     * The commit at the head of {@code branch} of {@code repository}, asked now.
     *
     * @throws FraisierException {@link ErrorCode#NOT_FOUND} when the repository has no such branch
     */
    public static Version branchHead(Git git, String repository, String branch) {
        String ref = "refs/heads/" + branch;
        String sha = GitNames.isRefName(branch)
                ? git.lsRemote(repository, List.of(ref)).get(ref)
                : null;
        if (sha == null) {
            String shown = UrlCredentials.redact(repository);
            throw new FraisierException(
                    ErrorCode.NOT_FOUND,
                    "Branch '" + branch + "' does not exist in " + shown,
                    "`git ls-remote --heads " + shown + "` lists its branches.");
        }
        return Version.of(sha);
    }

    /**
     * Whether commit {@code ancestor} is an ancestor of (or equal to) commit {@code descendant} in the
     * repository at {@code dir}; empty when either is not a full SHA, the repository lacks either commit,
     * or git fails. Reads only; fetches nothing.
     */
    public static Optional<Boolean> isAncestor(Git git, String dir, String ancestor, String descendant) {
        if (!GitNames.isFullSha(ancestor)
                || !GitNames.isFullSha(descendant)
                || !git.hasCommit(dir, ancestor)
                || !git.hasCommit(dir, descendant)) {
            return Optional.empty();
        }
        CommandResult result =
                git.run("resolve", List.of("-C", dir, "merge-base", "--is-ancestor", ancestor, descendant));
        if (!result.started() || result.timedOut()) {
            return Optional.empty();
        }
        // 0: it is, 1: it is not, anything else: git could not tell
        return switch (result.exitCode()) {
            case 0 -> Optional.of(true);
            case 1 -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
