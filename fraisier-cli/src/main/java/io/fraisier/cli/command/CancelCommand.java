package io.fraisier.cli.command;

import io.fraisier.cli.render.DeploymentFormat;
import io.fraisier.cli.render.Json;
import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.LockLease;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier cancel <deployment-id> [--reason TEXT] [--wait]}. */
@Command(
        name = "cancel",
        description = "Ask a pending or running deployment to stop, whichever process or host runs it: its step"
                + " is stopped, the target rolled back if it changed, and the deployment marked cancelled.")
public final class CancelCommand extends FraisierSubcommand {
    /** How often {@code --wait} looks at the row. */
    static final Duration WAIT_POLL = Duration.ofMillis(250);

    @Parameters(index = "0", paramLabel = "DEPLOYMENT-ID", description = "The deployment (see `fraisier history`).")
    long deploymentId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record.")
    String reason;

    @Option(
            names = "--wait",
            description = "Block until the deployment has ended and exit with its status's code"
                    + " (cancelled 130, rolled_back/failed 6, rollback_failed 7, success 0).")
    boolean await;

    @Override
    public Integer call() {
        FraisierConfig config = config();
        return withFraisier(config, this::cancel);
    }

    private int cancel(Fraisier fraisier) {
        String who = operator() + "@" + host(fraisier.holderId());
        Deployment asked = fraisier.cancel(deploymentId, who, reason);
        if (!await) {
            if (json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("requested_by", who);
                m.put("deployment", DeploymentFormat.json(asked));
                Json.print(out(), m);
            } else {
                out().println(
                                asked.status() == DeploymentStatus.CANCELLED
                                        ? "Deployment #" + asked.id() + " of " + asked.target()
                                                + " was cancelled before it started."
                                        : "Cancel of deployment #" + asked.id() + " of " + asked.target()
                                                + " requested: the process running it stops it within a few seconds, rolls"
                                                + " the target back if it changed and marks it cancelled (`fraisier cancel "
                                                + asked.id() + " --wait` waits for that).");
                out().flush();
            }
            return 0;
        }
        if (!json() && asked.status() == DeploymentStatus.IN_PROGRESS) {
            out().println("Cancel of deployment #" + asked.id() + " of " + asked.target()
                    + " requested; waiting for it to stop…");
            out().flush();
        }
        Deployment end = asked;
        while (!end.status().isTerminal()) {
            try {
                Thread.sleep(WAIT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FraisierException(
                        ErrorCode.INTERRUPTED,
                        "Stopped waiting for deployment #" + deploymentId + "; the cancel request stays recorded",
                        "`fraisier history` shows how it ended.");
            }
            end = fraisier.deployment(deploymentId);
            if (!end.status().isTerminal()) {
                freeIfItsProcessIsGone(fraisier, end);
            }
        }
        int exit = exitCode(end.status());
        if (json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requested_by", who);
            m.put("exit_code", exit);
            m.put("deployment", DeploymentFormat.json(end));
            Json.print(out(), m);
        } else {
            out().println("Deployment #" + end.id() + " of " + end.target() + " ended "
                    + end.status().dbValue()
                    + (end.errorMessage() == null ? "" : ": " + end.errorMessage()));
            out().flush();
        }
        return exit;
    }

    /**
     * A run whose process died (killed, host gone) cannot act on the request: once its lease has run out,
     * or at once when its process on this host is gone, its lock is released as {@code fraisier lock
     * release} would, which marks the row {@code interrupted}, so that {@code --wait} does not wait for
     * ever.
     */
    private static void freeIfItsProcessIsGone(Fraisier fraisier, Deployment d) {
        for (LockLease lock : fraisier.locks()) {
            if (lock.deploymentId() == d.id() && (lock.isExpiredAt(Instant.now()) || fraisier.isHolderGone(lock))) {
                try {
                    fraisier.releaseLock(d.target(), false);
                } catch (FraisierException e) {
                    // renewed or released meanwhile: the next look decides again
                }
            }
        }
    }

    /**
     * The exit status of a deployment that ended with {@code status}, as its own {@code deploy} would have
     * exited: 0 success, skipped or superseded; 130 cancelled or interrupted; 6 failed or rolled back; 7
     * rollback failed.
     */
    static int exitCode(DeploymentStatus status) {
        return switch (status) {
            case SUCCESS, SKIPPED, SUPERSEDED -> 0;
            case CANCELLED, INTERRUPTED -> ErrorCode.CANCELLED.exitCode();
            case FAILED, ROLLED_BACK -> ErrorCode.DEPLOYMENT_FAILED.exitCode();
            case ROLLBACK_FAILED -> ErrorCode.ROLLBACK_FAILED.exitCode();
            case PENDING, IN_PROGRESS -> throw new IllegalArgumentException("not ended: " + status.dbValue());
        };
    }

    /** The host part of a {@code host:pid} holder id. */
    private static String host(String holderId) {
        int colon = holderId.lastIndexOf(':');
        return colon < 0 ? holderId : holderId.substring(0, colon);
    }
}
