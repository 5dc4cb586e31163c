package io.fraisier.core.spi;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs an environment's {@code hooks:} (pre_deploy, post_deploy, on_failure) on the Fraisier host. The
 * engine calls it with the target's lock held and decides what the result means; the adapter
 * ({@code fraisier-providers}' local runner) starts the process. Implementations must:
 *
 * <ul>
 *   <li>give the hook an environment built from the process basics ({@code PATH}, {@code HOME}, locale…)
 *       and {@link Call#env()} only: never Fraisier's own variables (database URL, tokens, the variables
 *       {@code ${VAR}} in fraises.yaml reads secrets from);
 *   <li>kill the hook with its process tree when it overruns {@link Call#timeout()} or the calling
 *       thread is interrupted;
 *   <li>hand each line of output to the consumer as it comes (on any thread, one at a time).
 * </ul>
 *
 * Thread-safe.
 */
@FunctionalInterface
public interface HookRunner {
    /**
     * Runs {@code call} to its end or its timeout.
     *
     * @param output receives each line of the hook's combined stdout and stderr
     * @throws FraisierException with {@link ErrorCode#INTERRUPTED} when the calling thread is interrupted
     *     (the hook is killed first)
     */
    Result run(Call call, Consumer<String> output);

    /** A runner for a Fraisier without one: running any hook fails, saying what to wire. */
    HookRunner NONE = (call, output) -> {
        throw new FraisierException(
                ErrorCode.NOT_AVAILABLE,
                "No hook runner: cannot run hook " + call.hook() + " (" + call.script() + ")",
                "Hand one to Fraisier.builder().hookRunner(…) (fraisier-providers' LocalHookRunner).");
    };

    /**
     * One hook to run.
     *
     * @param hook its key ({@code pre_deploy}, {@code post_deploy}, {@code on_failure})
     * @param script the absolute path of the executable; run without arguments, in its own directory
     * @param env the variables it gets on top of the process basics ({@code FRAISIER_*})
     * @param timeout after this the hook and its process tree are killed
     */
    record Call(String hook, Path script, Map<String, String> env, Duration timeout) {
        public Call {
            Objects.requireNonNull(hook, "hook");
            Objects.requireNonNull(script, "script");
            env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * How a hook ended.
     *
     * @param started whether it could be started at all (false: {@code detail} says why)
     * @param exitCode its exit status (meaningless when not started or timed out)
     * @param timedOut whether it was killed for overrunning its timeout
     * @param tail the last lines of its output
     * @param took how long it ran
     * @param detail why it could not be started, or ""
     * @param warnings what the runner found wrong around a hook that ran (a process it left writing to its
     *     output), each stored as a warning event of the hook; empty almost always
     */
    record Result(
            boolean started,
            int exitCode,
            boolean timedOut,
            List<String> tail,
            Duration took,
            String detail,
            List<String> warnings) {
        public Result {
            tail = List.copyOf(tail);
            Objects.requireNonNull(took, "took");
            Objects.requireNonNull(detail, "detail");
            warnings = List.copyOf(warnings);
        }

        /** A result without warnings. */
        public Result(
                boolean started, int exitCode, boolean timedOut, List<String> tail, Duration took, String detail) {
            this(started, exitCode, timedOut, tail, took, detail, List.of());
        }

        public boolean ok() {
            return started && !timedOut && exitCode == 0;
        }
    }
}
