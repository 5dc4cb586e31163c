package io.fraisier.core.internal.engine;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Whether a target's own deployment history shows that it moved on from a pushed commit: how a webhook
 * push is judged when the provider cannot tell branch heads or commit ancestry (providers that deploy
 * images or ask an API). A push of commit X is stale when an earlier row of the target (its first within
 * sight) deployed or asked for X, and a later row, still older than the request being judged, is of
 * another version and either
 *
 * <ul>
 *   <li>ended {@code success}, whatever started it: the target moved on past X. This includes an
 *       operator's {@code fraisier deploy --version} or {@code rollback} to an older version: a replay (or
 *       a redelivery) of a newer push does not undo that deliberate choice; a new push, or the operator
 *       again, moves the target on;
 *   <li>or is a webhook push of the same branch (for a tag push: another tag push) that was not skipped:
 *       the branch moved on past X, even when that push was superseded in the queue and never ran, or
 *       failed. Skipped rows changed nothing and say nothing new (a refused replay, a push of what already
 *       ran), and a push of another branch that did not succeed does not move this branch.
 * </ul>
 *
 * <p>The first row that names X counts, not the last: rows that a replay adds (a refused replay, a replay
 * superseded in the queue) then never clear an older commit. A request for the version that runs healthy
 * is not judged here: it is skipped as up to date (see {@link StalePush}).
 *
 * <p>What is in sight: the target's last {@link KnownVersion#LOOK_BACK} rows of any status, and its last
 * {@link KnownVersion#LOOK_BACK} successful ones, read apart because replays add rows of their own (each
 * skipped or superseded) and could otherwise push an old deployment out of sight; they cannot add
 * successes. So a push whose commit was deployed is judged while it is among the target's last 50
 * successful deployments; a push that never succeeded (superseded, failed) only while its row is among the
 * last 50 rows; a commit the target never saw cannot be judged at all. Commits compare without case, and a
 * hex abbreviation of 7 characters or more matches the full SHA it starts. Reads the store (two
 * history queries) each time it is asked.
 */
final class PushHistory {
    private static final int SHORT_SHA = 7;
    private final DeploymentStore deployments;
    private final Deployment request;

    /**
     * @param deployments the store's deployment rows
     * @param request the webhook request being judged (its row, written when it was queued)
     */
    PushHistory(DeploymentStore deployments, Deployment request) {
        this.deployments = deployments;
        this.request = request;
    }

    /**
     * Why {@code pushed} is stale according to the history ({@code stale: …}), or null when the history does
     * not show the target moved on from it.
     */
    @Nullable
    String movedOnFrom(Version pushed) {
        @Nullable Version[] names = {pushed, request.requestedVersion(), commitOf(request)};
        Deployment first = null;
        for (Deployment d : older().values()) {
            if (first == null) {
                if (mentions(d, names)) {
                    first = d;
                }
                continue;
            }
            Version other = versionOf(d);
            if (other == null || matchesAny(other, names)) {
                continue;
            }
            String what = pushed.shortForm() + " (deployment #" + first.id() + ")";
            if (d.status() == DeploymentStatus.SUCCESS) {
                return refusal(what + " was replaced by " + other.shortForm() + " (deployment #" + d.id()
                        + ", succeeded " + when(d.completedAt() == null ? d.createdAt() : d.completedAt()) + ")");
            }
            if (d.trigger() == Trigger.WEBHOOK
                    && d.status() != DeploymentStatus.SKIPPED
                    && Objects.equals(d.gitBranch(), request.gitBranch())) {
                String push = d.gitBranch() == null
                        ? "a tag push of " + other.shortForm()
                        : "a push of " + other.shortForm() + " to branch " + d.gitBranch();
                return refusal(what + " was followed by " + push + " (deployment #" + d.id() + ", received "
                        + when(d.createdAt()) + ")");
            }
        }
        return null;
    }

    /** The rows in sight created before the request, oldest first. */
    private Map<Long, Deployment> older() {
        Target t = request.target();
        TreeMap<Long, Deployment> rows = new TreeMap<>();
        for (Deployment d : deployments.history(
                new HistoryQuery(t.fraise(), t.environment(), null, null, KnownVersion.LOOK_BACK))) {
            rows.put(d.id(), d);
        }
        for (Deployment d : deployments.history(new HistoryQuery(
                t.fraise(), t.environment(), DeploymentStatus.SUCCESS, null, KnownVersion.LOOK_BACK))) {
            rows.put(d.id(), d);
        }
        return rows.headMap(request.id(), false);
    }

    private static String refusal(String why) {
        return "stale: " + why + "; the provider cannot tell commit ancestry, so the target's deployment history"
                + " decides";
    }

    private static String when(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Whether {@code d} deployed or asked for one of {@code names}. */
    private static boolean mentions(Deployment d, @Nullable Version[] names) {
        return matchesAny(d.newVersion(), names)
                || matchesAny(d.requestedVersion(), names)
                || matchesAny(commitOf(d), names);
    }

    private static @Nullable Version commitOf(Deployment d) {
        return d.gitCommit() == null ? null : Version.of(d.gitCommit());
    }

    /** The version a row deployed, or else the one it asked for. */
    private static @Nullable Version versionOf(Deployment d) {
        if (d.newVersion() != null) {
            return d.newVersion();
        }
        if (d.requestedVersion() != null) {
            return d.requestedVersion();
        }
        return commitOf(d);
    }

    private static boolean matchesAny(@Nullable Version v, @Nullable Version[] names) {
        if (v == null) {
            return false;
        }
        for (Version name : names) {
            if (name != null && sameCommit(v.value(), name.value())) {
                return true;
            }
        }
        return false;
    }

    /** Equal, or (for hex commits) equal without case or one a 7+ character abbreviation of the other. */
    static boolean sameCommit(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (!isHex(a) || !isHex(b)) {
            return false;
        }
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return x.length() <= y.length()
                ? x.length() >= SHORT_SHA && y.startsWith(x)
                : y.length() >= SHORT_SHA && x.startsWith(y);
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
