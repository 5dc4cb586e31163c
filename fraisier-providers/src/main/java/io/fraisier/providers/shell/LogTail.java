package io.fraisier.providers.shell;

import io.fraisier.core.error.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the end of a service's log where its commands run: the operator's {@code log_command} (a shell
 * line, run in the deployed folder with {@code FRAISIER_LOG_LINES} set), else the systemd journal of
 * {@code systemd_service} (when journalctl exists); nothing when neither is configured.
 *
 * <p>Thread-safe when its runner is.
 */
public final class LogTail {
    /** The most lines one call reads, whatever the caller asks. */
    public static final int MAX_LINES = 10_000;

    private static final Duration QUICK = Duration.ofSeconds(30);

    private final CommandRunner runner;
    private final String keyPath;
    private final Optional<String> logCommand;
    private final Optional<String> systemdService;
    private final String deployedDir;
    private final String journalHint;

    /**
     * @param keyPath where the keys live in fraises.yaml, for messages
     * @param journalHint what to do when {@code journalctl} fails (who must be let read the journal)
     */
    public LogTail(
            CommandRunner runner,
            String keyPath,
            Optional<String> logCommand,
            Optional<String> systemdService,
            String deployedDir,
            String journalHint) {
        this.runner = runner;
        this.keyPath = keyPath;
        this.logCommand = logCommand;
        this.systemdService = systemdService;
        this.deployedDir = deployedDir;
        this.journalHint = journalHint;
    }

    /**
     * The last {@code lines} lines (clamped to 1..{@value #MAX_LINES}), oldest first; empty when no log
     * source is configured.
     *
     * @throws io.fraisier.core.error.FraisierException {@code DEPLOYMENT_FAILED} when the command fails,
     *     or what the runner throws (unreachable host, interruption)
     */
    public List<String> tail(int lines) {
        int n = Math.max(1, Math.min(lines, MAX_LINES));
        CommandSpec spec;
        String hint;
        if (logCommand.isPresent()) {
            spec = CommandSpec.shell("logs", logCommand.get(), QUICK)
                    .in(deployedDir)
                    .withEnv(Map.of("FRAISIER_LOG_LINES", Integer.toString(n)));
            hint = "Fix log_command in " + keyPath + ".";
        } else if (systemdService.isPresent()) {
            spec = CommandSpec.of(
                    "logs",
                    List.of("journalctl", "-u", systemdService.get(), "-n", Integer.toString(n), "--no-pager"),
                    QUICK);
            hint = journalHint;
        } else {
            return List.of();
        }
        CommandResult result = runner.run(spec);
        if (!result.started() && logCommand.isEmpty()) {
            // a host without journalctl has no journal to show: no log source, not a failure
            return List.of();
        }
        if (!result.ok()) {
            throw CommandFailure.of(ErrorCode.DEPLOYMENT_FAILED, spec, result, hint);
        }
        List<String> all = result.output().lines().toList();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }
}
