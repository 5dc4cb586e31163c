package io.fraisier.core.internal.engine;

import io.fraisier.core.config.Hooks;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.HookRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs an environment's hooks for one deployment, with its lock held: records a step for each (named
 * after the hook: {@code pre_deploy}, {@code post_deploy}, {@code on_failure}) whose message keeps the
 * last {@value #TAIL_LINES} lines (at most {@value #TAIL_BYTES} bytes) of the hook's output, and hands
 * every line to the listeners as it comes (the CLI shows them under {@code -v}). What a failure means is
 * the caller's: a failed {@code pre_deploy} aborts the deployment, the others are only recorded.
 *
 * <p>Used by the deployment's thread.
 */
final class HookSteps {
    /** How many lines of a hook's output its event keeps. */
    static final int TAIL_LINES = 20;

    /** How many bytes of a hook's output its event keeps, at most. */
    static final int TAIL_BYTES = 4096;

    private final HookRunner runner;
    private final EventRecorder recorder;
    private final Hooks hooks;

    HookSteps(HookRunner runner, EventRecorder recorder, Hooks hooks) {
        this.runner = runner;
        this.recorder = recorder;
        this.hooks = hooks;
    }

    /**
     * Runs {@code pre_deploy}, when there is one.
     *
     * @return null when it passed or there is none; otherwise why it failed
     * @throws InterruptedException when the thread was interrupted while it ran (it was killed)
     */
    @Nullable
    String preDeploy(Deployment row, @Nullable Version old, Version target) throws InterruptedException {
        Path script = hooks.preDeploy();
        if (script == null) {
            return null;
        }
        String failure =
                run(Hooks.PRE_DEPLOY, script, row, variables(row, old, target, null), DeploymentEvent.Level.ERROR);
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while hook pre_deploy ran");
        }
        return failure;
    }

    /**
     * Runs the hook a terminal status calls for: {@code post_deploy} for {@code success},
     * {@code on_failure} for {@code failed}, {@code rolled_back} and {@code rollback_failed}; none for the
     * others. A failure is recorded as a warning and changes nothing else.
     *
     * @return whether the thread was interrupted while the hook ran (the hook was killed): the interrupt is
     *     held back so that the end can still be written, and the caller sets it again afterwards
     */
    boolean beforeEnd(Deployment row, DeploymentStatus status, @Nullable Version old, @Nullable Version target) {
        Path script = switch (status) {
            case SUCCESS -> hooks.postDeploy();
            case FAILED, ROLLED_BACK, ROLLBACK_FAILED -> hooks.onFailure();
            default -> null;
        };
        if (script == null) {
            return false;
        }
        String hook = status == DeploymentStatus.SUCCESS ? Hooks.POST_DEPLOY : Hooks.ON_FAILURE;
        run(hook, script, row, variables(row, old, target, status), DeploymentEvent.Level.WARN);
        return Thread.interrupted();
    }

    private @Nullable String run(
            String hook, Path script, Deployment row, Map<String, String> env, DeploymentEvent.Level failureLevel) {
        recorder.info(
                row, hook, "running " + script + " (timeout " + hooks.timeout().toSeconds() + " s)");
        Deque<String> lines = new ArrayDeque<>();
        HookRunner.Result result;
        try {
            result = runner.run(new HookRunner.Call(hook, script, env, hooks.timeout()), line -> {
                synchronized (lines) {
                    lines.addLast(line);
                    if (lines.size() > TAIL_LINES) {
                        lines.removeFirst();
                    }
                }
                recorder.output(row, hook, line);
            });
        } catch (FraisierException e) {
            if (e.code() == ErrorCode.INTERRUPTED) {
                Thread.currentThread().interrupt();
            }
            String why = hook + " hook " + script + " did not run to its end: " + e.getMessage()
                    + (e.hint() == null ? "" : " " + e.hint());
            recorder.event(row, hook, failureLevel, why);
            return why;
        } catch (RuntimeException e) {
            String why = hook + " hook " + script + " could not run: " + DeploymentEngine.describe(e);
            recorder.event(row, hook, failureLevel, why);
            return why;
        }
        List<String> tail;
        synchronized (lines) {
            tail = lines.isEmpty() ? result.tail() : List.copyOf(lines);
        }
        // a process the hook left writing to its output (a disk filling where du does not look): stored
        result.warnings().forEach(warning -> recorder.warn(row, hook, warning));
        String how = outcome(hook, script, result);
        String message = how + tail(tail);
        if (result.ok()) {
            recorder.info(row, hook, message);
            return null;
        }
        recorder.event(row, hook, failureLevel, message);
        return how;
    }

    private String outcome(String hook, Path script, HookRunner.Result result) {
        String took = String.format(Locale.ROOT, "%.1f s", result.took().toMillis() / 1000.0);
        if (!result.started()) {
            return hook + " hook " + script + " could not start: " + result.detail();
        }
        if (result.timedOut()) {
            return hook + " hook " + script + " did not finish within "
                    + hooks.timeout().toSeconds() + " s: killed with its process tree";
        }
        return hook + " hook " + script + " exited " + result.exitCode() + " after " + took;
    }

    /** "; last output:" and the lines, keeping the newest within {@link #TAIL_BYTES}. */
    static String tail(List<String> lines) {
        List<String> kept = new ArrayList<>();
        int bytes = 0;
        for (int i = lines.size() - 1; i >= 0 && kept.size() < TAIL_LINES; i--) {
            String line = lines.get(i);
            int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes + size > TAIL_BYTES) {
                if (kept.isEmpty()) {
                    // one huge line: keep its end
                    kept.add(0, "…" + line.substring(Math.max(0, line.length() - TAIL_BYTES / 4)));
                }
                break;
            }
            bytes += size;
            kept.add(0, line);
        }
        if (kept.isEmpty()) {
            return "";
        }
        return "; last output:\n" + String.join("\n", kept);
    }

    private static Map<String, String> variables(
            Deployment row, @Nullable Version old, @Nullable Version target, @Nullable DeploymentStatus status) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FRAISIER_FRAISE", row.target().fraise());
        env.put("FRAISIER_ENVIRONMENT", row.target().environment());
        env.put("FRAISIER_VERSION", target == null ? "" : target.value());
        env.put("FRAISIER_OLD_VERSION", old == null ? "" : old.value());
        env.put("FRAISIER_DEPLOYMENT_ID", Long.toString(row.id()));
        if (status != null) {
            env.put("FRAISIER_STATUS", status.dbValue());
        }
        env.put("FRAISIER_TRIGGER", row.trigger().dbValue());
        return env;
    }
}
