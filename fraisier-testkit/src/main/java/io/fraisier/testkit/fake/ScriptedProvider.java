package io.fraisier.testkit.fake;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.StepReporter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A scripted target behind the {@link DeploymentProvider} port: it runs a version, deploys by switching
 * it (steps {@code fetch}, {@code switch}, {@code restart}), and does what its script says: succeed, fail
 * a step before or after the switch, hang until interrupted, report unhealthy N times or while a given
 * version runs. It records every call, and whether two deployments ever overlapped. One instance stands
 * for one target and survives {@link #close()} (the engine opens and closes it per deployment).
 * Thread-safe.
 */
public final class ScriptedProvider implements DeploymentProvider {
    private final String type;
    private final List<String> calls = new ArrayList<>();
    private final Deque<Action> script = new ArrayDeque<>();
    private final Set<Version> unhealthyVersions = new HashSet<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean overlapped = new AtomicBoolean();
    private final AtomicInteger closes = new AtomicInteger();
    private final List<long[]> deployIntervals = new ArrayList<>();
    private volatile @Nullable Version running;
    private volatile Version defaultTarget = Version.of("v1");
    private volatile int healthFailures;
    private volatile boolean unreachable;
    private volatile @Nullable Runnable duringDeploy;
    private volatile @Nullable String restartWarning;
    private volatile CountDownLatch hangRelease = new CountDownLatch(1);
    private final java.util.Set<String> silentMethods = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile List<CheckResult> selfTest = List.of(CheckResult.pass("scripted", "always reachable"));
    private volatile List<String> logs = List.of();
    private volatile @Nullable String logsFailure;
    private volatile @Nullable List<Version> history;
    private final Map<String, Version> heads = new HashMap<>();

    public ScriptedProvider(String type) {
        this.type = type;
    }

    /** One scripted deployment. */
    private record Action(Kind kind, String step, String message) {}

    private enum Kind {
        SUCCEED,
        FAIL_BEFORE_SWITCH,
        FAIL_AFTER_SWITCH,
        HANG,
        HANG_IGNORING_INTERRUPTS
    }

    // ---- script

    /** The target runs {@code v} (null: nothing deployed yet). */
    public ScriptedProvider running(@Nullable Version v) {
        running = v;
        return this;
    }

    /** What {@code resolveTarget(null)} answers (the branch head, the configured tag). */
    public ScriptedProvider defaultTarget(Version v) {
        defaultTarget = v;
        return this;
    }

    /** The next deployment fails at {@code step} before the version changes. */
    public ScriptedProvider failBeforeSwitch(String step, String message) {
        return enqueue(Kind.FAIL_BEFORE_SWITCH, step, message);
    }

    /** The next deployment switches the version, then fails at {@code step}. */
    public ScriptedProvider failAfterSwitch(String step, String message) {
        return enqueue(Kind.FAIL_AFTER_SWITCH, step, message);
    }

    /**
     * The peer behind the provider stops answering for {@code method} ({@code currentVersion}, {@code
     * resolveTarget}, {@code probe}): each call blocks until interrupted (recorded as {@code "<method>
     * interrupted"}), then fails with {@code INTERRUPTED}.
     */
    public ScriptedProvider silent(String method) {
        silentMethods.add(method);
        return this;
    }

    private void hangIfSilent(String method) {
        if (!silentMethods.contains(method)) {
            return;
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            call(method + " interrupted");
            Thread.currentThread().interrupt();
            throw new FraisierException(ErrorCode.INTERRUPTED, method + " interrupted", null);
        }
    }

    /** The next deployment blocks until interrupted or {@link #releaseHang()}. */
    public ScriptedProvider hang() {
        return enqueue(Kind.HANG, "fetch", "hanging");
    }

    /** The next deployment blocks until {@link #releaseHang()}, ignoring interrupts (a stuck step). */
    public ScriptedProvider hangIgnoringInterrupts() {
        return enqueue(Kind.HANG_IGNORING_INTERRUPTS, "fetch", "stuck");
    }

    /** The next deployment succeeds (the default once the script is empty). */
    public ScriptedProvider succeed() {
        return enqueue(Kind.SUCCEED, "", "");
    }

    /** The next {@code n} probes are unhealthy. */
    public ScriptedProvider failHealth(int n) {
        healthFailures = n;
        return this;
    }

    /** Probes are unhealthy while {@code v} runs. */
    public ScriptedProvider unhealthyWhileRunning(Version v) {
        synchronized (unhealthyVersions) {
            unhealthyVersions.add(v);
        }
        return this;
    }

    /** {@code currentVersion} and {@code resolveTarget} throw {@code PROVIDER_UNREACHABLE}. */
    public ScriptedProvider unreachable(boolean value) {
        unreachable = value;
        return this;
    }

    /**
     * Makes the target deploy from a scripted git repository whose one line of history is {@code commits},
     * oldest first: {@code isAncestor} answers from it, {@code branchHead} from {@link #branchHead}, and a
     * branch never given a head does not exist. Without it, both answer "cannot tell" (the SPI defaults).
     */
    public ScriptedProvider gitHistory(Version... commits) {
        history = List.of(commits);
        return this;
    }

    /** The head of {@code branch} (null: the branch does not exist); implies {@link #gitHistory}. */
    public ScriptedProvider branchHead(String branch, @Nullable Version head) {
        synchronized (heads) {
            if (head == null) {
                heads.remove(branch);
            } else {
                heads.put(branch, head);
            }
        }
        if (history == null) {
            history = List.of();
        }
        return this;
    }

    /** Runs {@code hook} in the middle of every deployment (after {@code fetch}), on the provider thread. */
    public ScriptedProvider duringDeploy(@Nullable Runnable hook) {
        duringDeploy = hook;
        return this;
    }

    /**
     * Every deployment's {@code restart} step reports {@code message} as a warning ({@link StepReporter#warning}),
     * as the local provider does of a restart command that left a process writing to its output; null: none.
     */
    public ScriptedProvider warnOnRestart(@Nullable String message) {
        restartWarning = message;
        return this;
    }

    public ScriptedProvider selfTestResults(List<CheckResult> results) {
        selfTest = List.copyOf(results);
        return this;
    }

    /** What {@code recentLogs(n)} answers: the last {@code n} of these lines. */
    public ScriptedProvider logs(List<String> lines) {
        logs = List.copyOf(lines);
        logsFailure = null;
        return this;
    }

    /** {@code recentLogs} throws {@code DEPLOYMENT_FAILED} with {@code message} (a log command that fails). */
    public ScriptedProvider failLogs(String message) {
        logsFailure = message;
        return this;
    }

    public void releaseHang() {
        hangRelease.countDown();
    }

    private ScriptedProvider enqueue(Kind kind, String step, String message) {
        synchronized (script) {
            script.add(new Action(kind, step, message));
        }
        return this;
    }

    // ---- what happened

    /** Every call, in order: {@code currentVersion}, {@code resolveTarget(v)}, {@code deploy(v)}, … */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The versions deployed, in order (rollbacks included). */
    public List<String> deployed() {
        return calls().stream()
                .filter(c -> c.startsWith("deploy("))
                .map(c -> c.substring(7, c.length() - 1))
                .toList();
    }

    /** Whether two deployments ever ran at the same time. */
    public boolean overlapped() {
        return overlapped.get();
    }

    /** {@code [start, end]} in {@link System#nanoTime()} of every finished deployment call. */
    public List<long[]> deployIntervals() {
        synchronized (deployIntervals) {
            return List.copyOf(deployIntervals);
        }
    }

    public int closes() {
        return closes.get();
    }

    public @Nullable Version runningVersion() {
        return running;
    }

    private void call(String c) {
        synchronized (calls) {
            calls.add(c);
        }
    }

    // ---- the port

    @Override
    public String type() {
        return type;
    }

    @Override
    public Optional<Version> currentVersion() {
        call("currentVersion");
        hangIfSilent("currentVersion");
        checkReachable();
        return Optional.ofNullable(running);
    }

    @Override
    public Optional<Version> branchHead(String branch) {
        call("branchHead(" + branch + ")");
        checkReachable();
        if (history == null) {
            return Optional.empty();
        }
        synchronized (heads) {
            Version head = heads.get(branch);
            if (head == null) {
                throw new FraisierException(ErrorCode.NOT_FOUND, "no branch " + branch, null);
            }
            return Optional.of(head);
        }
    }

    @Override
    public Optional<Boolean> isAncestor(Version ancestor, Version descendant) {
        call("isAncestor(" + ancestor + "," + descendant + ")");
        List<Version> line = history;
        if (line == null || !line.contains(ancestor) || !line.contains(descendant)) {
            return Optional.empty();
        }
        return Optional.of(line.indexOf(ancestor) <= line.indexOf(descendant));
    }

    @Override
    public Version resolveTarget(@Nullable Version requested) {
        call("resolveTarget(" + requested + ")");
        hangIfSilent("resolveTarget");
        checkReachable();
        return requested != null ? requested : defaultTarget;
    }

    @Override
    public List<String> plan(@Nullable Version current, Version target) {
        call("plan(" + current + "," + target + ")");
        return List.of("fetch " + target, "switch " + current + " -> " + target, "restart");
    }

    @Override
    public void deploy(Version version, StepReporter steps) {
        call("deploy(" + version + ")");
        if (active.incrementAndGet() > 1) {
            overlapped.set(true);
        }
        long start = System.nanoTime();
        try {
            Action action;
            synchronized (script) {
                action = script.isEmpty() ? new Action(Kind.SUCCEED, "", "") : script.poll();
            }
            steps.step("fetch", "fetching " + version);
            Runnable hook = duringDeploy;
            if (hook != null) {
                hook.run();
            }
            switch (action.kind()) {
                case HANG -> {
                    try {
                        hangRelease.await();
                    } catch (InterruptedException e) {
                        call("interrupted");
                        Thread.currentThread().interrupt();
                        throw new FraisierException(ErrorCode.INTERRUPTED, "scripted step interrupted", null);
                    }
                }
                case HANG_IGNORING_INTERRUPTS -> {
                    boolean interrupted = false;
                    while (hangRelease.getCount() > 0) {
                        try {
                            hangRelease.await();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    if (interrupted) {
                        call("ignored interrupt");
                    }
                }
                case FAIL_BEFORE_SWITCH -> throw fail(action);
                default -> {}
            }
            steps.step("switch", "switching to " + version);
            running = version;
            if (action.kind() == Kind.FAIL_AFTER_SWITCH) {
                throw fail(action);
            }
            steps.step("restart", "restarting");
            steps.output("restart", "restarted at " + version);
            String warning = restartWarning;
            if (warning != null) {
                steps.warning("restart", warning);
            }
        } finally {
            active.decrementAndGet();
            synchronized (deployIntervals) {
                deployIntervals.add(new long[] {start, System.nanoTime()});
            }
        }
    }

    private static FraisierException fail(Action action) {
        return new FraisierException(ErrorCode.DEPLOYMENT_FAILED, action.step() + " failed: " + action.message(), null);
    }

    @Override
    public ProbeResult probe(HealthCheck check, Duration timeout) {
        Version now = running;
        call("probe(" + now + ")");
        hangIfSilent("probe");
        boolean bad;
        synchronized (unhealthyVersions) {
            bad = unhealthyVersions.contains(now);
        }
        synchronized (this) {
            if (healthFailures > 0) {
                healthFailures--;
                bad = true;
            }
        }
        return bad
                ? ProbeResult.unhealthy("HTTP 503 from " + now, Duration.ofMillis(12))
                : ProbeResult.healthy("HTTP 200 from " + now, Duration.ofMillis(3));
    }

    @Override
    public List<String> recentLogs(int lines) {
        call("recentLogs(" + lines + ")");
        String failure = logsFailure;
        if (failure != null) {
            throw new FraisierException(ErrorCode.DEPLOYMENT_FAILED, failure, "Fix log_command.");
        }
        List<String> all = logs;
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }

    @Override
    public List<CheckResult> selfTest() {
        call("selfTest");
        return selfTest;
    }

    @Override
    public void close() {
        call("close");
        closes.incrementAndGet();
    }

    private void checkReachable() {
        if (unreachable) {
            throw new FraisierException(
                    ErrorCode.PROVIDER_UNREACHABLE,
                    "scripted " + type + " target unreachable",
                    "Call unreachable(false).");
        }
    }
}
