package io.fraisier.providers.baremetal;

import io.fraisier.providers.shell.LogTail;
import io.fraisier.providers.ssh.SshConnection;
import java.util.List;

/** Reads the end of a service's log on the host: {@code log_command}, or the systemd journal of its unit. */
final class ServiceLogs {
    private final LogTail tail;

    ServiceLogs(BareMetalSettings settings, SshConnection ssh) {
        this.tail = new LogTail(
                ssh,
                settings.keyPath(),
                settings.logCommand(),
                settings.systemdService(),
                settings.deployedDir(),
                "Let " + settings.ssh().endpoint().user()
                        + " read the journal (add it to the systemd-journal group), or set log_command.");
    }

    List<String> tail(int lines) {
        return tail.tail(lines);
    }
}
