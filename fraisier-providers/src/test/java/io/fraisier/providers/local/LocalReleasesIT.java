package io.fraisier.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.testkit.git.GitOrigin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The releases strategy's own promises: release folders, the atomic {@code current} switch, pruning. */
class LocalReleasesIT {
    @TempDir
    Path root;

    GitOrigin origin;
    Path appPath;
    Path runDir;
    private final List<DeploymentProvider> providers = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(GitOrigin.available("git"), "git is not installed: apt-get install -y git");
        origin = GitOrigin.create(Files.createDirectories(root.resolve("origin")));
        appPath = root.resolve("srv/demo");
        runDir = Files.createDirectories(root.resolve("run"));
    }

    @AfterEach
    void closeProviders() {
        providers.forEach(DeploymentProvider::close);
    }

    @Test
    void deploy_pointsCurrentAtTheRelease_withARelativeSymlink_andLeavesNoTemporaryLink() throws IOException {
        String v1 = publish("v1");
        DeploymentProvider provider = provider(Map.of());

        provider.deploy(Version.of(v1), StepReporter.NONE);

        Path current = appPath.resolve("current");
        assertThat(Files.isSymbolicLink(current)).isTrue();
        assertThat(Files.readSymbolicLink(current)).isEqualTo(Path.of("releases", v1));
        assertThat(Files.readString(current.resolve("VERSION"))).isEqualTo("v1\n");
        try (Stream<Path> children = Files.list(appPath)) {
            assertThat(children.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("current", "releases", "repo.git");
        }
    }

    @Test
    void deploy_switchesCurrent_soThatAReaderNeverSeesItMissing() throws Exception {
        String v1 = publish("v1");
        String v2 = publish("v2");
        DeploymentProvider provider = provider(Map.of());
        provider.deploy(Version.of(v1), StepReporter.NONE);
        provider.deploy(Version.of(v2), StepReporter.NONE);
        Path version = appPath.resolve("current/VERSION");
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        List<String> misses = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                try {
                    String seen = Files.readString(version).trim();
                    if (!seen.equals("v1") && !seen.equals("v2")) {
                        misses.add(seen);
                    }
                } catch (IOException e) {
                    misses.add(e.toString());
                }
                reads.incrementAndGet();
            }
        });

        for (int i = 0; i < 20; i++) {
            provider.deploy(Version.of(i % 2 == 0 ? v1 : v2), StepReporter.NONE);
        }
        done.set(true);
        reader.join();

        assertThat(reads.get()).isPositive();
        assertThat(misses).isEmpty();
        assertThat(provider.currentVersion()).contains(Version.of(v2));
    }

    @Test
    void deploy_keepsOnlyTheNewestReleases_butNeverTheCurrentOrPrevious() throws IOException {
        DeploymentProvider provider = provider(Map.of("keep_releases", 2L));
        List<String> shas = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            shas.add(publish("v" + i));
            provider.deploy(Version.of(shas.get(i - 1)), StepReporter.NONE);
        }
        assertThat(releases()).containsExactlyInAnyOrder(shas.get(3), shas.get(2));

        DeploymentProvider keepOne = provider(Map.of("keep_releases", 1L));
        keepOne.deploy(Version.of(shas.get(0)), StepReporter.NONE);

        assertThat(releases())
                .as("current v1 and previous v4 stay")
                .containsExactlyInAnyOrder(shas.get(0), shas.get(3));
        assertThat(keepOne.currentVersion()).contains(Version.of(shas.get(0)));
    }

    @Test
    void rollback_toAnExistingRelease_needsNoFetch_evenWithTheRepositoryGone() throws IOException {
        String v1 = publish("v1");
        String v2 = publish("v2");
        DeploymentProvider provider = provider(Map.of());
        provider.deploy(Version.of(v1), StepReporter.NONE);
        provider.deploy(Version.of(v2), StepReporter.NONE);
        Files.move(origin.dir(), root.resolve("origin-gone"));
        List<String> steps = new CopyOnWriteArrayList<>();

        DeploymentProvider offline = provider(Map.of());
        Version resolved = offline.resolveTarget(Version.of(v1.substring(0, 10)));
        offline.deploy(resolved, (step, message) -> steps.add(step));

        assertThat(offline.currentVersion()).contains(Version.of(v1));
        assertThat(steps).doesNotContain("fetch", "clone").contains("release", "switch");
    }

    @Test
    void deploy_runsInstallInTheNewRelease_beforeSwitching_withFraisierVariables() throws IOException {
        String v1 = publish("v1");
        DeploymentProvider provider = provider(Map.of(
                "install_command",
                "echo \"$FRAISIER_VERSION $FRAISIER_FRAISE $FRAISIER_ENVIRONMENT $(pwd -P)\" > '" + runDir
                        + "/install'; test ! -e ../../current"));

        provider.deploy(Version.of(v1), StepReporter.NONE);

        assertThat(Files.readString(runDir.resolve("install")).trim())
                .isEqualTo(v1 + " demo test "
                        + appPath.resolve("releases").resolve(v1).toRealPath());
    }

    @Test
    void deploy_whenInstallFails_leavesCurrentOnThePreviousRelease_andNamesTheFailure() {
        String v1 = publish("v1");
        provider(Map.of()).deploy(Version.of(v1), StepReporter.NONE);
        String v2 = publish("v2");
        DeploymentProvider failing =
                provider(Map.of("install_command", "echo compiling; echo 'error: missing dependency foo' >&2; exit 3"));

        assertThatThrownBy(() -> failing.deploy(Version.of(v2), StepReporter.NONE))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
                    assertThat(e.hint()).contains("install_command");
                })
                .hasMessageContaining("Step 'install' failed")
                .hasMessageContaining("exit 3`")
                .hasMessageContaining("exited with status 3")
                .hasMessageContaining("error: missing dependency foo")
                .hasMessageContaining("compiling");
        assertThat(failing.currentVersion()).contains(Version.of(v1));
    }

    @Test
    void deploy_whenCurrentIsARealDirectory_failsWithoutTouchingIt() throws IOException {
        String v1 = publish("v1");
        Files.createDirectories(appPath.resolve("current"));
        Files.writeString(appPath.resolve("current/keep-me"), "x");

        assertThatThrownBy(() -> provider(Map.of()).deploy(Version.of(v1), StepReporter.NONE))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining("is not a symlink");
        assertThat(appPath.resolve("current/keep-me")).exists();
    }

    private List<String> releases() throws IOException {
        try (Stream<Path> children = Files.list(appPath.resolve("releases"))) {
            return children.map(p -> p.getFileName().toString()).toList();
        }
    }

    private String publish(String marker) {
        return origin.commit(marker, Map.of("VERSION", marker + "\n"));
    }

    private DeploymentProvider provider(Map<String, Object> overrides) {
        Map<String, Object> settings =
                new HashMap<>(Map.of("app_path", appPath.toString(), "git_repo", origin.url(), "strategy", "releases"));
        settings.putAll(overrides);
        DeploymentProvider provider = LocalTargets.provider(LocalTargets.environment(
                "main", Duration.ofSeconds(60), LocalTargets.httpCheck("http://127.0.0.1:1/"), settings));
        providers.add(provider);
        return provider;
    }
}
