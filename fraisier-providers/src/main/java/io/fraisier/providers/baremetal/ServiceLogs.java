package io.fraisier.providers.baremetal;

import io.fraisier.core.api.ErrorCode;
import io.fraisier.core.api.FraisierException;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.ssh.SshConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads the end of a service's log on the host: {@code log_command}, or the systemd journal of its unit. */
final class ServiceLogs {
    private static final Duration QUICK = Duration.ofSeconds(30);

    private final BareMetalSettings settings;
    private final SshConnection ssh;

    ServiceLogs(BareMetalSettings settings, SshConnection ssh) {
        this.settings = settings;
        this.ssh = ssh;
    }

    List<String> tail(int lines) {
        int n = Math.max(1, Math.min(lines, 10_000));
        CommandSpec spec;
        if (settings.logCommand().isPresent()) {
            spec = CommandSpec.shell("logs", settings.logCommand().get(), QUICK)
                    .in(settings.deployedDir())
                    .withEnv(Map.of("FRAISIER_LOG_LINES", Integer.toString(n)));
        } else if (settings.systemdService().isPresent()) {
            spec = CommandSpec.of(
                    "logs",
                    List.of(
                            "journalctl",
                            "-u",
                            settings.systemdService().get(),
                            "-n",
                            Integer.toString(n),
                            "--no-pager"),
                    QUICK);
        } else {
            throw new FraisierException(
                    ErrorCode.NOT_AVAILABLE,
                    settings.keyPath() + ": no log source: neither systemd_service nor log_command is set",
                    "Set log_command (e.g. \"tail -n \\\"$FRAISIER_LOG_LINES\\\" /var/log/my-api.log\") or systemd_service.");
        }
        CommandResult result = ssh.runOrFail(
                spec,
                ErrorCode.DEPLOYMENT_FAILED,
                settings.logCommand().isPresent()
                        ? "Fix log_command in " + settings.keyPath() + "."
                        : "Let " + settings.ssh().endpoint().user()
                                + " read the journal (add it to the systemd-journal group), or set log_command.");
        List<String> all = result.output().lines().toList();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }
}
