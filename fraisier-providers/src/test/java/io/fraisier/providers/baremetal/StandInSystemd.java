package io.fraisier.providers.baremetal;

import io.fraisier.testkit.git.TinyService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The stand-in {@code systemctl}/{@code journalctl} (test resources) that run a {@link TinyService} for {@code systemd_service}. */
final class StandInSystemd {
    private StandInSystemd() {}

    /**
     * Installs the stand-in systemctl and journalctl into {@code bin} and declares unit {@code unit},
     * whose ExecStart runs {@code service}'s server of {@code deployedDir}.
     */
    static void install(TinyService service, Path bin, String unit, String deployedDir) throws IOException {
        Path state = Files.createDirectories(bin.resolve("state"));
        for (String tool : new String[] {"systemctl", "journalctl"}) {
            try (InputStream in = StandInSystemd.class.getResourceAsStream("/standin/" + tool)) {
                Path target = bin.resolve(tool);
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.writeString(state.resolve(unit + ".exec"), service.serveCommand(deployedDir) + "\n");
    }
}
