package io.fraisier.providers.git;

import io.fraisier.providers.shell.CommandResult;
import java.util.List;
import java.util.Optional;

/** {@code git merge-base --is-ancestor} in a repository that already holds both commits. */
public final class Ancestry {
    private Ancestry() {}

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
