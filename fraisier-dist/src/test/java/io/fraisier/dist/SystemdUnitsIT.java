package io.fraisier.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The units as shipped (the distribution's systemd/ folder): each scores 2.5 or less with
 * {@code systemd-analyze security --offline=yes}, runs as the fraisier user from /opt/fraisier/current, and
 * sets the sandbox docs/INSTALL.md describes. (systemd-analyze verify needs the installed launcher:
 * DebPackageIT runs it.)
 */
class SystemdUnitsIT {
    @Test
    void bothUnits_scoreAtMost2point5_andRunFromCurrent() throws Exception {
        assumeTrue(Shell.onPath("systemd-analyze"), "no systemd-analyze: apt-get install systemd");
        Path units = Distribution.target().resolve("fraisier-" + Distribution.version() + "/systemd");
        for (String unit : List.of("fraisier-webhook.service", "fraisier-metrics.service")) {
            Path file = units.resolve(unit);
            String text = Files.readString(file);

            assertThat(DebPackageIT.exposure(file)).as(unit).isLessThanOrEqualTo(DebPackageIT.MAX_EXPOSURE);
            assertThat(text)
                    .contains("User=fraisier")
                    .contains("StateDirectory=fraisier")
                    .contains("LogsDirectory=fraisier")
                    .contains("ExecStart=/opt/fraisier/current/bin/")
                    .contains("-c /opt/fraisier/fraises.yaml")
                    .contains("NoNewPrivileges=true")
                    .contains("ProtectSystem=strict");
        }
    }
}
