package io.fraisier.core.internal.engine;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import org.jspecify.annotations.Nullable;

/**
 * Gives back the place in the queue that a skipped webhook push took. Queueing a request supersedes the
 * older pending requests of its target (the queue keeps only the newest), and each row superseded gets a
 * {@code superseded} event naming the request that replaced it ({@link #recordSuperseded}). When that
 * request then ends {@code skipped}, as stale or as already up to date (typically an old push replayed
 * under a new delivery id while a newer push waited in the queue), it changed nothing, yet it cancelled
 * the newer push, which would not run until pushed or delivered again.
 *
 * <p>So the newest request it superseded is queued again as a new {@code pending} row with the same facts
 * (version, branch, commit, webhook event, trigger, sender, force), and an event on the superseded row,
 * the new one and the skipped one says why. A webhook push among them is first judged as the skipped one
 * was, with the same provider, running version and known version ({@link StalePush}, its own history in
 * {@link PushHistory}): one that would be skipped too (stale, or already up to date: a replay that
 * superseded another replay) is passed over, with an event on the skipped row saying why, for the next
 * older one. When that judgement cannot be made now (the git host does not answer), the request is queued
 * again. Either way the new row is judged again when it runs, like any request.
 *
 * <p>The new row supersedes nothing: a request queued while the skipped one ran is newer and keeps its
 * place ahead of it (a worker runs the oldest pending request first); a request queued after it supersedes
 * it as usual. One queued again that is skipped in turn superseded nothing, so it gives nothing back.
 *
 * <p>The rows superseded are looked for among the target's last {@link KnownVersion#LOOK_BACK} superseded
 * rows: older than the skipped request, superseded since it was written, and whose event names it. Not
 * thread-safe; reads the store each time it is asked.
 */
final class SupersededRequests {
    /** The step of the event on a row superseded in the queue, and of the events of a request queued again. */
    static final String STEP = "superseded";

    private static final String REPLACED_BY = "replaced by deployment #";

    /**
     * What the skipped push was judged with.
     *
     * @param provider the provider asked for branch heads and ancestry
     * @param seen what runs (null: nothing, or unknown)
     * @param known what the database knows ran healthy
     */
    record Judge(DeploymentProvider provider, @Nullable Version seen, KnownVersion known) {}

    private final EngineServices services;
    private final EnvironmentConfig env;

    SupersededRequests(EngineServices services, EnvironmentConfig env) {
        this.services = services;
        this.env = env;
    }

    /** Records on {@code older} that queueing {@code newer} superseded it. */
    static void recordSuperseded(EngineServices services, Deployment older, Deployment newer) {
        services.recorder().info(older, STEP, REPLACED_BY + newer.id());
        services.recorder().status(older);
    }

    /**
     * When the webhook push {@code skipped} is skipped: queues again the newest request it superseded that
     * would not be skipped too (see the class description). Asked before the skip is written, so that a
     * failed write or a killed process cannot lose the request superseded.
     *
     * @param skipped the row, about to end {@code skipped}
     * @param reason why it was skipped
     * @param judge what it was judged with
     * @return the new pending row, or null when nothing was queued again
     */
    @Nullable
    Deployment giveBack(Deployment skipped, String reason, Judge judge) {
        Target t = skipped.target();
        for (Deployment d : services.store()
                .deployments()
                .history(new HistoryQuery(
                        t.fraise(), t.environment(), DeploymentStatus.SUPERSEDED, null, KnownVersion.LOOK_BACK))) {
            if (d.id() >= skipped.id()
                    || (d.completedAt() != null && d.completedAt().isBefore(skipped.createdAt()))
                    || !supersededBy(d, skipped)) {
                continue;
            }
            String passedOver = wouldBeSkipped(d, judge);
            if (passedOver != null) {
                services.recorder()
                        .info(
                                skipped,
                                STEP,
                                "this request superseded deployment #" + d.id()
                                        + " in the queue; that request is not queued again: " + passedOver);
                continue;
            }
            Deployment again = new DeploymentEngine(services)
                    .create(
                            env,
                            new DeployRequest(
                                    t,
                                    d.requestedVersion(),
                                    d.force(),
                                    false,
                                    d.trigger(),
                                    d.triggeredBy(),
                                    d.gitBranch(),
                                    d.gitCommit(),
                                    d.webhookEventId()));
            services.recorder()
                    .info(
                            again,
                            STEP,
                            "queued again in place of deployment #" + d.id() + ": deployment #" + skipped.id()
                                    + " superseded it in the queue, and is skipped (" + reason + ")");
            services.recorder().info(d, STEP, "queued again as deployment #" + again.id());
            services.recorder()
                    .info(
                            skipped,
                            STEP,
                            "this request superseded deployment #" + d.id()
                                    + " in the queue and is skipped: that request is queued again as"
                                    + " deployment #" + again.id());
            return again;
        }
        return null;
    }

    /** Whether {@code d}'s events say that queueing {@code newer} superseded it. */
    private boolean supersededBy(Deployment d, Deployment newer) {
        String replaced = REPLACED_BY + newer.id();
        for (DeploymentEvent e : services.store().events().list(d.id())) {
            if (e.step().equals(STEP) && e.message().equals(replaced)) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code d} would be skipped if it ran now (stale, up to date); null when not, or when unsure. */
    private @Nullable String wouldBeSkipped(Deployment d, Judge judge) {
        Version pushed = d.requestedVersion() != null
                ? d.requestedVersion()
                : d.gitCommit() == null ? null : Version.of(d.gitCommit());
        if (d.trigger() != Trigger.WEBHOOK || d.force() || pushed == null) {
            return null;
        }
        StalePush.Verdict verdict;
        try {
            verdict = StalePush.of(judge.provider(), services.store().deployments(), d, judge.seen(), judge.known())
                    .check(pushed);
        } catch (RuntimeException cannotTell) {
            // the git host does not answer now: the request is judged when it runs
            return null;
        }
        if (verdict.refusal() != null) {
            return verdict.refusal();
        }
        return judge.known().upToDate(judge.seen(), verdict.deploy())
                ? "already up to date at " + verdict.deploy()
                : null;
    }
}
