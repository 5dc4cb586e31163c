package io.fraisier.providers.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.testkit.provider.CommandStepsContract;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The provider contract's cases that run operator commands (recent logs, a failing step, a hanging step),
 * written once for the host provider whichever way it reaches its host: locally, over in-process SSH or
 * over OpenSSH. A subclass says how to make a provider with some keys overridden and where the test
 * service runs.
 */
public abstract class HostProviderContract extends CommandStepsContract {
    /** A provider for the contract's target with {@code overrides} on top of its usual keys. */
    protected abstract DeploymentProvider provider(Duration timeout, Map<String, Object> overrides);

    /** Where the test service keeps its pid, log and installs. */
    protected abstract Path serviceRunDir();

    /** The contract target's git_repo. */
    protected abstract String gitRepo();

    @Test
    void close_deletesTheScratchRepository_thatResolvingAVersionBeforeTheFirstDeploymentFetchedInto()
            throws IOException {
        publishNewVersion(); // a branch to fetch, which names git_repo in the scratch repository's FETCH_HEAD
        DeploymentProvider provider = createProvider();
        Version unknown = unknownVersion();
        // neither a ref nor on the host yet: fetched into a temporary repository on the host, then not found
        assertThatThrownBy(() -> provider.resolveTarget(unknown)).hasMessageContaining(unknown.value());
        List<Path> scratch = scratchRepositoriesFetchedFrom(gitRepo());
        assertThat(scratch)
                .as("the host's scratch repository for %s", gitRepo())
                .hasSize(1);

        provider.close();

        assertThat(scratch.getFirst()).doesNotExist();
    }

    /** The host's (this machine's) temporary repositories that fetched from {@code repo}. */
    private static List<Path> scratchRepositoriesFetchedFrom(String repo) throws IOException {
        String named = repo.endsWith(".git") ? repo.substring(0, repo.length() - 4) : repo; // as FETCH_HEAD names it
        List<Path> found = new ArrayList<>();
        for (String tmp : new LinkedHashSet<>(List.of(System.getenv().getOrDefault("TMPDIR", "/tmp"), "/tmp"))) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of(tmp), "fraisier-resolve-*")) {
                for (Path dir : dirs) {
                    Path fetched = dir.resolve("FETCH_HEAD");
                    if (Files.isRegularFile(fetched)
                            && Files.readString(fetched).contains(named)) {
                        found.add(dir);
                    }
                }
            }
        }
        return found;
    }

    @Override
    protected Optional<String> logLineAfterDeploy() {
        return Optional.of(HostSteps.INSTALL_LOG_LINE);
    }

    @Override
    protected DeploymentProvider newProviderWithFailingStep() {
        return provider(Duration.ofSeconds(60), Map.of("install_command", HostSteps.FAILING));
    }

    @Override
    protected List<String> failingStepMessage() {
        return HostSteps.FAILING_MESSAGE;
    }

    @Override
    protected DeploymentProvider newProviderWithHangingStep() {
        return provider(stepTimeout(), Map.of("restart_command", HostSteps.hanging(serviceRunDir())));
    }

    @Override
    protected void assertHangingStepKilled() {
        HostSteps.assertHangingStepKilled(serviceRunDir());
    }
}
