package io.fraisier.cli.it;

import static io.fraisier.cli.it.Deployable.ENVIRONMENT;
import static io.fraisier.cli.it.Deployable.FRAISE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart command that leaves its service writing to the command's output (its {@code &} without a
 * redirection): the operator reads the warning once on the console, and later in {@code fraisier status},
 * which shows the deployment's stored WARN event.
 */
class LeftoverWriterIT {
    private static final String WARNING = "left 1 process(es) running that write to its output";

    @TempDir
    Path dir;

    @Test
    void theWarning_isPrintedOnce_andStoredWithTheDeployment() throws Exception {
        try (Deployable svc = new Deployable(dir)) {
            svc.commit("v1", true);
            Path loopPid = dir.resolve("loop.pid");
            svc.restartCommand("(while true; do echo careless-cli-loop; sleep 0.05; done) & echo $! > " + loopPid);
            CliProcess cli = new CliProcess(dir, svc.sqliteEnvironment(dir));
            try {
                CliProcess.Result deploy = cli.run("deploy", FRAISE, ENVIRONMENT);

                assertThat(deploy.err().split(java.util.regex.Pattern.quote(WARNING), -1))
                        .as("the warning on the console, once: %s", deploy.err())
                        .hasSize(2);
                CliProcess.Result status = cli.run("status", FRAISE, ENVIRONMENT);
                assertThat(status.out()).contains("warn", WARNING);
            } finally {
                if (Files.exists(loopPid)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(loopPid).trim()))
                            .ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }
}
