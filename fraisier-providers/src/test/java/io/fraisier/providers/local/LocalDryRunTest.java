package io.fraisier.providers.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Version;
import io.fraisier.providers.host.HostDeploymentProvider;
import io.fraisier.providers.host.LocalHost;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a dry run of a local target asks its host ({@code currentVersion} then {@code plan}): the file tests
 * are answered in process, so that no {@code sh} is started for them; only git and the releases' symlink
 * reading are commands. The runner is a recorder that starts nothing and answers every command "failed".
 */
class LocalDryRunTest {
    private static final Version SHA = Version.of("0123456789abcdef0123456789abcdef01234567");

    @TempDir
    Path root;

    private final RecordingRunner runner = new RecordingRunner();

    @Test
    void inPlace_notClonedYet_runsNoCommand() {
        HostDeploymentProvider provider = provider("in_place");

        assertThat(provider.currentVersion()).isEmpty();
        assertThat(provider.plan(null, SHA)).anySatisfy(step -> assertThat(step).startsWith("clone "));
        assertThat(runner.ran).isEmpty();
    }

    @Test
    void inPlace_aCheckout_isSeenWithoutAShell_andOnlyGitRuns() throws IOException {
        Path app = Files.createDirectories(root.resolve("srv/demo/.git"));
        Files.writeString(app.resolve("index"), "DIRC");
        HostDeploymentProvider provider = provider("in_place");

        provider.currentVersion();
        List<String> plan = provider.plan(null, SHA);

        // seen as a checkout (through the runner the file test would have said no): fetch, not clone
        assertThat(plan).anySatisfy(step -> assertThat(step).startsWith("fetch "));
        assertThat(plan).noneSatisfy(step -> assertThat(step).startsWith("clone "));
        assertThat(runner.programs()).isNotEmpty().containsOnly("git");
    }

    @Test
    void releases_aReleaseAlreadyThere_isSeenWithoutAShell_andOnlyTheCurrentLinkIsReadByOne() throws IOException {
        Files.createDirectories(root.resolve("srv/demo/releases/" + SHA.value()));
        Files.createDirectories(root.resolve("srv/demo/repo.git"));
        HostDeploymentProvider provider = provider("releases");

        assertThat(provider.currentVersion()).isEmpty();
        assertThat(provider.plan(null, SHA)).anySatisfy(step -> assertThat(step).startsWith("reuse release "));
        assertThat(runner.ran)
                .singleElement()
                .satisfies(spec -> assertThat(spec.display()).isEqualTo("version " + root.resolve("srv/demo/current")));
    }

    private HostDeploymentProvider provider(String strategy) {
        var environment = LocalTargets.environment(
                "main",
                Duration.ofSeconds(60),
                LocalTargets.httpCheck("http://127.0.0.1:9/health"),
                Map.of(
                        "app_path",
                        root.resolve("srv/demo").toString(),
                        "git_repo",
                        "https://git.example.invalid/demo.git",
                        "strategy",
                        strategy));
        return new HostDeploymentProvider(
                "local", LocalTargets.TARGET, LocalSettings.from(environment), new LocalHost(runner));
    }

    /** Records every command and starts none. */
    private static final class RecordingRunner implements CommandRunner {
        final List<CommandSpec> ran = new ArrayList<>();

        @Override
        public CommandResult run(CommandSpec spec) {
            ran.add(spec);
            return new CommandResult(true, 1, false, "", Duration.ZERO);
        }

        List<String> programs() {
            return ran.stream().map(spec -> spec.argv().getFirst()).toList();
        }
    }
}
