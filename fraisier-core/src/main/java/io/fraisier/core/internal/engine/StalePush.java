package io.fraisier.core.internal.engine;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentStore;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether a webhook request is stale, asked at run time: a host signs only the body of a push, so an old
 * push replayed under a new delivery id is as valid as the day it was sent. A request is refused when the
 * branch no longer exists, when its branch has moved on to a head that already runs, or when its commit
 * is an ancestor of a version that ran (a move back). When the branch moved on to a head that does not run
 * yet (a newer push, possibly coalesced into this request), that head is deployed instead.
 *
 * <p>When the provider cannot tell (the SPI defaults, kept by the providers that deploy images or ask an
 * API): no head for a branch push, or for a tag push no answer about ancestry against any version that
 * ran, the target's deployment history decides ({@link PushHistory}): a push of a commit the target has
 * moved on from is refused. A push of the version that runs healthy is not refused then: it is skipped
 * as up to date, or deployed again when the last deployment did not end healthy and the history shows
 * nothing newer. Not thread-safe.
 */
final class StalePush {
    private final DeploymentProvider provider;
    private final @Nullable String branch;
    private final @Nullable Version seen;
    private final KnownVersion known;
    private final PushHistory history;
    // whether the provider answered an ancestry question (true or false) in behindRunning
    private boolean ancestryAnswered;

    /**
     * @param provider the opened provider
     * @param history the target's deployment history, for when the provider cannot tell
     * @param branch the pushed branch (null for a tag push: ancestry is checked, and the history when the
     *     provider cannot tell)
     * @param seen what the provider finds running
     * @param known what the database knows ran healthy
     */
    StalePush(
            DeploymentProvider provider,
            PushHistory history,
            @Nullable String branch,
            @Nullable Version seen,
            KnownVersion known) {
        this.provider = provider;
        this.history = history;
        this.branch = branch;
        this.seen = seen;
        this.known = known;
    }

    /**
     * The judgement of the webhook request {@code request}: its branch, and its history ({@link PushHistory}).
     *
     * @param provider the opened provider
     * @param deployments the store's deployment rows
     * @param seen what the provider finds running
     * @param known what the database knows ran healthy
     */
    static StalePush of(
            DeploymentProvider provider,
            DeploymentStore deployments,
            Deployment request,
            @Nullable Version seen,
            KnownVersion known) {
        return new StalePush(provider, new PushHistory(deployments, request), request.gitBranch(), seen, known);
    }

    /**
     * What to do with a request for {@code pushed}.
     *
     * @param refusal why it is refused, starting with {@code stale}; null when it is not
     * @param deploy the version to deploy when not refused: {@code pushed}, or the branch's newer head
     */
    record Verdict(@Nullable String refusal, Version deploy) {}

    Verdict check(Version pushed) {
        Version head = null;
        if (branch != null) {
            try {
                head = provider.branchHead(branch).orElse(null);
            } catch (FraisierException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
                return new Verdict(
                        "stale: branch " + branch + " no longer exists in the repository, so " + pushed.shortForm()
                                + " is not its head",
                        pushed);
            }
        }
        if (head != null && !head.equals(pushed)) {
            String moved = "stale: " + pushed.shortForm() + " is no longer the head of branch " + branch + " (now "
                    + head.shortForm() + ")";
            if (known.upToDate(seen, head)) {
                return new Verdict(moved + ", which already runs", pushed);
            }
            String behind = behindRunning(head);
            return behind == null ? new Verdict(null, head) : new Verdict(moved + ", and the head " + behind, pushed);
        }
        String behind = behindRunning(pushed);
        if (behind != null) {
            return new Verdict("stale: " + pushed.shortForm() + " " + behind, pushed);
        }
        boolean cannotTell = branch != null ? head == null : !ancestryAnswered;
        if (cannotTell && !known.upToDate(seen, pushed)) {
            return new Verdict(history.movedOnFrom(pushed), pushed);
        }
        return new Verdict(null, pushed);
    }

    /** "is an ancestor of the running version X" when {@code version} is older than what ran; else null. */
    private @Nullable String behindRunning(Version version) {
        Set<Version> ran = new LinkedHashSet<>();
        if (seen != null) {
            ran.add(seen);
        }
        if (known.lastGood() != null) {
            ran.add(known.lastGood());
        }
        for (Version running : ran) {
            if (running.equals(version)) {
                continue;
            }
            Optional<Boolean> ancestor = provider.isAncestor(version, running);
            ancestryAnswered |= ancestor.isPresent();
            if (ancestor.equals(Optional.of(Boolean.TRUE))) {
                return "is an ancestor of the running version " + running.shortForm()
                        + (running.equals(seen) ? "" : " (last deployed healthy)");
            }
        }
        return null;
    }
}
