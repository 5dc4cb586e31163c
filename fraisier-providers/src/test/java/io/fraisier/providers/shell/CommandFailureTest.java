package io.fraisier.providers.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandFailureTest {
    private final CommandSpec install = CommandSpec.shell("install", "./install.sh", Duration.ofSeconds(600))
            .in("/srv/app");

    @Test
    void failure_namesStepCommandStatusFolderAndLastLines() {
        StringBuilder output = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            output.append("line ").append(i).append('\n');
        }
        FraisierException e = CommandFailure.of(
                ErrorCode.DEPLOYMENT_FAILED,
                install,
                new CommandResult(true, 2, false, output.toString(), Duration.ofSeconds(1)),
                "fix it");

        assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
        assertThat(e.hint()).isEqualTo("fix it");
        assertThat(e.getMessage())
                .startsWith("Step 'install' failed: `./install.sh` exited with status 2 (in /srv/app). Last output:")
                .contains("\n  line 6\n")
                .doesNotContain("line 5\n")
                .endsWith("line 20");
    }

    @Test
    void failure_ofATimeout_saysItWasKilled() {
        FraisierException e = CommandFailure.of(
                ErrorCode.DEPLOYMENT_FAILED,
                install,
                new CommandResult(true, -1, true, "", Duration.ofSeconds(600)),
                "h");
        assertThat(e.getMessage())
                .isEqualTo(
                        "Step 'install' timed out after 600 s and was killed: `./install.sh` (in /srv/app). It printed"
                                + " nothing.");
    }

    @Test
    void failure_ofAProgramThatDidNotStart_saysSo() {
        FraisierException e = CommandFailure.of(
                ErrorCode.PROVIDER_UNREACHABLE,
                CommandSpec.of("git", java.util.List.of("git", "--version"), Duration.ofSeconds(5)),
                CommandResult.notStarted("Cannot run program \"git\": error=2, No such file or directory"),
                "install git");
        assertThat(e.getMessage())
                .startsWith("Step 'git' could not start `git --version`. Last output:")
                .contains("No such file or directory");
    }
}
