package io.fraisier.core.internal.engine;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether a webhook request is stale, asked at run time: a host signs only the body of a push, so an old
 * push replayed under a new delivery id is as valid as the day it was sent. A request is refused when the
 * branch no longer exists, when its branch has moved on to a head that already runs, or when its commit
 * is an ancestor of a version that ran (a move back). When the branch moved on to a head that does not run
 * yet (a newer push, possibly coalesced into this request), that head is deployed instead. Providers that
 * cannot tell heads or ancestry (the SPI defaults) are not checked. Not thread-safe.
 */
final class StalePush {
    private final DeploymentProvider provider;
    private final @Nullable String branch;
    private final @Nullable Version seen;
    private final KnownVersion known;

    /**
     * @param provider the opened provider
     * @param branch the pushed branch (null for a tag push: only ancestry is checked)
     * @param seen what the provider finds running
     * @param known what the database knows ran healthy
     */
    StalePush(DeploymentProvider provider, @Nullable String branch, @Nullable Version seen, KnownVersion known) {
        this.provider = provider;
        this.branch = branch;
        this.seen = seen;
        this.known = known;
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
        return new Verdict(behind == null ? null : "stale: " + pushed.shortForm() + " " + behind, pushed);
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
            if (!running.equals(version)
                    && provider.isAncestor(version, running).equals(Optional.of(Boolean.TRUE))) {
                return "is an ancestor of the running version " + running.shortForm()
                        + (running.equals(seen) ? "" : " (last deployed healthy)");
            }
        }
        return null;
    }
}
