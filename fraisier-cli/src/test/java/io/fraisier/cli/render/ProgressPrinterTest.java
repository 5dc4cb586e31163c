package io.fraisier.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.testkit.fake.InMemoryStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    private final StringWriter text = new StringWriter();
    private final Deployment row = new InMemoryStore()
            .deployments()
            .create(
                    new NewDeployment(
                            Target.of("api", "prod"), "local", Trigger.CLI, "dave", null, null, null, null, false),
                    Instant.EPOCH);

    private ProgressPrinter printer(boolean verbose) {
        return new ProgressPrinter(new PrintWriter(text), Terminal.plain(), () -> 0L, verbose);
    }

    private DeploymentEvent event(String step, String message) {
        return new DeploymentEvent(row.id(), Instant.EPOCH, step, DeploymentEvent.Level.INFO, message);
    }

    @Test
    void verbose_printsEachOutputLineUnderItsStep_andDoesNotRepeatTheTailAfterwards() {
        ProgressPrinter p = printer(true);

        p.onOutput(row, "pre_deploy", "checking migrations");
        p.onOutput(row, "install", "npm ci");
        p.onEvent(
                row,
                event("pre_deploy", "pre_deploy hook /x.sh exited 0 after 0.1 s; last output:\nchecking migrations"));

        assertThat(text.toString()).isEqualTo("""
                        [   0.0s] pre_deploy   | checking migrations
                        [   0.0s] install      | npm ci
                        [   0.0s] pre_deploy   pre_deploy hook /x.sh exited 0 after 0.1 s; last output: (output above)
                        """);
    }

    @Test
    void notVerbose_printsNoOutputLines_butAMultiLineMessageIndented() {
        ProgressPrinter p = printer(false);

        p.onOutput(row, "pre_deploy", "checking migrations");
        p.onEvent(row, event("pre_deploy", "pre_deploy hook /x.sh exited 3 after 0.1 s; last output:\none\ntwo"));

        assertThat(text.toString()).isEqualTo("""
                        [   0.0s] pre_deploy   pre_deploy hook /x.sh exited 3 after 0.1 s; last output:
                                               | one
                                               | two
                        """);
    }

    @Test
    void aMessageCarryingACommandsEscapeSequences_showsThemInsteadOfObeyingThem() {
        ProgressPrinter p = printer(false);

        p.onEvent(row, event("restart", "exited 1; last output:\n\u001b]0;pwned\u0007\u001b[2Kdeployment succeeded"));

        assertThat(text.toString())
                .doesNotContain("\u001b", "\u0007")
                .contains("| ^[]0;pwned^G^[[2Kdeployment succeeded");
    }
}
