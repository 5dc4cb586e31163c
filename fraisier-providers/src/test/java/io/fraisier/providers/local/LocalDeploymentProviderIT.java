package io.fraisier.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
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
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local provider with in_place checkouts: resolution, commands, timeouts, refusals, self-test. */
class LocalDeploymentProviderIT {
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
    void deploy_clonesThenChecksOutDetached_andReportsEachStepWithItsCommand() throws IOException {
        String v1 = publish("v1");
        List<String> steps = new CopyOnWriteArrayList<>();
        DeploymentProvider provider = provider(Map.of("install_command", "echo installing"));

        provider.deploy(Version.of(v1), (step, message) -> steps.add(step + ": " + message));

        assertThat(Files.readString(appPath.resolve("VERSION"))).isEqualTo("v1\n");
        assertThat(GitOrigin.run(List.of("git", "-C", appPath.toString(), "status", "--porcelain=v2", "--branch")))
                .contains("# branch.head (detached)");
        assertThat(steps)
                .anySatisfy(s -> assertThat(s).startsWith("clone: git clone").contains(origin.url()))
                .anySatisfy(s -> assertThat(s)
                        .isEqualTo("checkout: git -C " + appPath + " checkout --quiet --force --detach " + v1))
                .anySatisfy(s -> assertThat(s).isEqualTo("install: echo installing"));
    }

    @Test
    void deploy_ofANewCommit_fetchesIntoTheCheckout_andDiscardsLocalEdits() throws IOException {
        DeploymentProvider provider = provider(Map.of());
        provider.deploy(Version.of(publish("v1")), StepReporter.NONE);
        Files.writeString(appPath.resolve("VERSION"), "edited by hand\n");
        String v2 = publish("v2");
        List<String> steps = new CopyOnWriteArrayList<>();

        provider.deploy(Version.of(v2), (step, message) -> steps.add(step));

        assertThat(steps).containsExactly("fetch", "checkout");
        assertThat(Files.readString(appPath.resolve("VERSION"))).isEqualTo("v2\n");
        assertThat(provider.currentVersion()).contains(Version.of(v2));
    }

    @Test
    void deploy_runsCommandsInTheCheckout_withFraisierVariables_andStdinClosed() throws IOException {
        String v1 = publish("v1");
        DeploymentProvider provider = provider(Map.of(
                "install_command",
                        "cat; echo \"$FRAISIER_VERSION $FRAISIER_FRAISE $FRAISIER_ENVIRONMENT $(pwd -P)\" > '" + runDir
                                + "/install'",
                "restart_command", "echo restarted \"$FRAISIER_VERSION\" > '" + runDir + "/restart'"));

        provider.deploy(Version.of(v1), StepReporter.NONE);

        assertThat(Files.readString(runDir.resolve("install")).trim())
                .isEqualTo(v1 + " demo test " + appPath.toRealPath());
        assertThat(Files.readString(runDir.resolve("restart")).trim()).isEqualTo("restarted " + v1);
    }

    /**
     * A restart command that starts its service in the background without redirecting its output leaves the
     * service writing to Fraisier's deleted output file: the runner's warning is an event of the restart step,
     * which the engine stores with the deployment ({@code fraisier history}), not only a console or log line.
     */
    @Test
    void deploy_whoseRestartLeavesAProcessWritingToItsOutput_reportsItAsAnEventOfTheStep() throws IOException {
        String v1 = publish("v1");
        Path loopPid = runDir.resolve("loop");
        DeploymentProvider provider = provider(Map.of(
                "restart_command",
                "(while true; do echo service-line; sleep 0.05; done) & echo $! > '" + loopPid + "'"));
        List<String> steps = new CopyOnWriteArrayList<>();
        try {
            provider.deploy(Version.of(v1), (step, message) -> steps.add(step + ": " + message));

            long loop = Long.parseLong(Files.readString(loopPid).trim());
            assertThat(steps)
                    .filteredOn(s -> s.contains("warning"))
                    .singleElement()
                    .satisfies(s -> assertThat(s)
                            .startsWith("restart: [fraisier] warning: `(while true;")
                            .contains("pid " + loop + " ", "systemd_service"));
        } finally {
            if (Files.exists(loopPid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(loopPid).trim()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void deploy_whenACommandRunsTooLong_killsItsProcessTree_andSaysItTimedOut() throws IOException {
        String v1 = publish("v1");
        Path childPid = runDir.resolve("child");
        DeploymentProvider provider = provider(
                Map.of("restart_command", "sleep 300 & echo $! > '" + childPid + "'; wait"), Duration.ofSeconds(3));
        long start = System.nanoTime();

        assertThatThrownBy(() -> provider.deploy(Version.of(v1), StepReporter.NONE))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED))
                .hasMessageContaining("Step 'restart' timed out after 3 s and was killed");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        long pid = Long.parseLong(Files.readString(childPid).trim());
        // SIGKILL is delivered asynchronously: give a loaded machine a moment to reap the child
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(pid)
                        .filter(LocalDeploymentProviderIT::runningNotZombie)
                        .isPresent()
                && System.nanoTime() < until) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(ProcessHandle.of(pid).filter(LocalDeploymentProviderIT::runningNotZombie))
                .as("the background sleep was killed")
                .isEmpty();
    }

    @Test
    void resolveTarget_followsTheConfiguredBranch() {
        publish("v1");
        origin.checkoutNewBranch("develop");
        String dev = publish("dev");
        origin.checkout("main");

        assertThat(provider(Map.of(), "develop").resolveTarget(null)).isEqualTo(Version.of(dev));
        assertThatThrownBy(() -> provider(Map.of(), "nope").resolveTarget(null))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("branch 'nope' does not exist in " + origin.url());
    }

    @Test
    void resolveTarget_acceptsTagsShortShasAndCommitsBehindTheTip() {
        String v1 = publish("v1");
        origin.tag("v1.0", v1);
        String v2 = publish("v2");
        publish("v3");
        DeploymentProvider provider = provider(Map.of());

        assertThat(provider.resolveTarget(Version.of("v1.0")))
                .as("annotated tag, peeled")
                .isEqualTo(Version.of(v1));
        assertThat(provider.resolveTarget(Version.of(v2.substring(0, 9)))).isEqualTo(Version.of(v2));
        assertThat(provider.resolveTarget(Version.of(v2.toUpperCase(java.util.Locale.ROOT))))
                .isEqualTo(Version.of(v2));
        assertThat(provider.currentVersion()).as("resolving changes nothing").isEmpty();
        assertThat(appPath).doesNotExist();
    }

    @Test
    void resolveTarget_refusesRevisionExpressions() {
        publish("v1");
        DeploymentProvider provider = provider(Map.of());
        for (String tricky : List.of("main:VERSION", "main..main", "v1@x", "+v1", "HEAD:../../etc/passwd")) {
            assertThatThrownBy(() -> provider.resolveTarget(Version.of(tricky)))
                    .as(tricky)
                    .isInstanceOfSatisfying(
                            FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                    .hasMessageContaining("'" + tricky + "' is not a commit SHA, tag or branch name");
        }
    }

    @Test
    void optionsAndShellInVersionsBranchesOrRepositories_neverReachGit() {
        publish("v1");
        Path pwned = root.resolve("pwned");
        assertThatThrownBy(() -> Version.of("--upload-pack=touch " + pwned))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Version.of("$(touch " + pwned + ")")).isInstanceOf(IllegalArgumentException.class);
        for (String branch : List.of("--upload-pack=touch", "$(touch x)", "-main", "a..b", "/main")) {
            assertThatThrownBy(() -> provider(Map.of(), branch))
                    .as(branch)
                    .isInstanceOfSatisfying(
                            FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                    .hasMessageContaining(LocalTargets.KEY_PATH + ".branch");
        }
        for (String repo : List.of("--upload-pack=touch " + pwned, "ext::sh -c touch% " + pwned)) {
            assertThatThrownBy(() -> provider(Map.of("git_repo", repo)))
                    .as(repo)
                    .isInstanceOfSatisfying(
                            FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                    .hasMessageContaining(LocalTargets.KEY_PATH + ".git_repo");
        }
        assertThat(pwned).doesNotExist();
    }

    @Test
    void unreachableRepository_isReportedWithoutItsCredentials() {
        String repo = "https://deploy:s3cr3t-token@127.0.0.1:1/org/app.git";
        DeploymentProvider provider = provider(Map.of("git_repo", repo));

        assertThatThrownBy(() -> provider.resolveTarget(null))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE))
                // git is never given the credentials: the URL it names has none
                .hasMessageContaining("https://127.0.0.1:1/org/app.git")
                .hasMessageNotContaining("s3cr3t");
        assertThat(provider.plan(null, Version.of("0123456789abcdef0123456789abcdef01234567")))
                .noneMatch(step -> step.contains("s3cr3t"));
        assertThat(provider.selfTest())
                .anySatisfy(check -> {
                    assertThat(check.name()).isEqualTo("git_repo");
                    assertThat(check.ok()).isFalse();
                    assertThat(check.detail()).contains("not reachable");
                })
                .noneMatch(check -> check.detail().contains("s3cr3t"));
    }

    @Test
    void deploy_intoANonEmptyFolderThatIsNoCheckout_refusesToTouchIt() throws IOException {
        String v1 = publish("v1");
        Files.createDirectories(appPath);
        Files.writeString(appPath.resolve("precious.txt"), "x");

        assertThatThrownBy(() -> provider(Map.of()).deploy(Version.of(v1), StepReporter.NONE))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining("app_path " + appPath + " exists, is not empty and is not a git checkout");
        assertThat(appPath.resolve("precious.txt")).exists();
    }

    @Test
    void plan_namesEveryStep_includingSudoSystemctl() {
        String v1 = publish("v1");
        DeploymentProvider provider = provider(
                Map.of("install_command", "./install.sh", "systemd_service", "my-api.service", "use_sudo", true));

        assertThat(provider.plan(null, Version.of(v1)))
                .containsExactly(
                        "clone " + origin.url() + " into " + appPath,
                        "check out " + v1.substring(0, 12) + " (detached) in " + appPath,
                        "install in " + appPath + ": ./install.sh",
                        "restart: sudo -n systemctl restart my-api.service");
        assertThat(appPath).doesNotExist();
    }

    @Test
    void currentVersion_ofACloneNeverCheckedOut_isEmpty() {
        publish("v1");
        GitOrigin.run(List.of("git", "clone", "--quiet", "--no-checkout", origin.url(), appPath.toString()));

        assertThat(provider(Map.of()).currentVersion()).isEmpty();
    }

    @Test
    void plan_ofATag_resolvesItFirst() {
        String v1 = publish("v1");
        origin.tag("v1.0", v1);

        assertThat(provider(Map.of()).plan(null, Version.of("v1.0")))
                .contains("check out " + v1.substring(0, 12) + " (detached) in " + appPath);
    }

    @Test
    void selfTest_checksGitAppPathRepositoryAndSystemctl() {
        publish("v1");
        List<CheckResult> checks =
                provider(Map.of("systemd_service", "my-api.service")).selfTest();

        assertThat(checks).extracting(CheckResult::name).containsExactly("git", "app_path", "git_repo", "systemctl");
        assertThat(checks.get(0).detail()).startsWith("git version");
        assertThat(checks.get(1))
                .matches(CheckResult::ok)
                .extracting(CheckResult::detail)
                .asString()
                .contains("can be");
        assertThat(checks.get(2))
                .matches(CheckResult::ok)
                .extracting(CheckResult::detail)
                .asString()
                .contains("main is at");
    }

    private static boolean runningNotZombie(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    private String publish(String marker) {
        return origin.commit(marker, Map.of("VERSION", marker + "\n"));
    }

    @Test
    void branchHead_isAskedOfGitRepoNow_andAMissingBranchIsNotFound() {
        DeploymentProvider provider = provider(Map.of());
        String v1 = publish("v1");
        assertThat(provider.branchHead("main")).contains(Version.of(v1));
        String v2 = publish("v2");

        assertThat(provider.branchHead("main")).contains(Version.of(v2));
        assertThatThrownBy(() -> provider.branchHead("gone")).isInstanceOfSatisfying(FraisierException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).contains("Branch 'gone' does not exist");
        });
        assertThatThrownBy(() -> provider.branchHead("--upload-pack=x"))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void isAncestor_answersFromTheCheckout_andCannotTellBeforeItOrForUnknownCommits() {
        DeploymentProvider provider = provider(Map.of());
        String v1 = publish("v1");
        String v2 = publish("v2");
        assertThat(provider.isAncestor(Version.of(v1), Version.of(v2))).isEmpty();
        provider.deploy(Version.of(v2), StepReporter.NONE);
        String v3 = publish("v3");

        assertThat(provider.isAncestor(Version.of(v1), Version.of(v2))).contains(true);
        assertThat(provider.isAncestor(Version.of(v2), Version.of(v1))).contains(false);
        assertThat(provider.isAncestor(Version.of(v2), Version.of(v2))).contains(true);
        // v3 was never fetched here: nothing is fetched to answer
        assertThat(provider.isAncestor(Version.of(v2), Version.of(v3))).isEmpty();
        assertThat(provider.isAncestor(Version.of("v1.0"), Version.of(v2))).isEmpty();
    }

    @Test
    void recentLogs_runsLogCommandInTheCheckoutWithTheLineCount() throws IOException {
        DeploymentProvider provider = provider(Map.of("log_command", "seq 1 \"$((FRAISIER_LOG_LINES * 2))\"; pwd -P"));
        provider.deploy(Version.of(publish("v1")), StepReporter.NONE);

        assertThat(provider.recentLogs(3))
                .containsExactly("5", "6", appPath.toRealPath().toString());
    }

    @Test
    void recentLogs_withoutLogSource_isEmpty_andAFailingLogCommandNamesTheKey() throws IOException {
        Files.createDirectories(appPath);
        assertThat(provider(Map.of()).recentLogs(5)).isEmpty();

        DeploymentProvider failing = provider(Map.of("log_command", "echo 'log gone' >&2; exit 4"));
        assertThatThrownBy(() -> failing.recentLogs(5)).isInstanceOfSatisfying(FraisierException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
            assertThat(e.getMessage()).contains("log gone");
            assertThat(e.hint()).contains("log_command");
        });
    }

    private DeploymentProvider provider(Map<String, Object> overrides) {
        return provider(overrides, "main", Duration.ofSeconds(60));
    }

    private DeploymentProvider provider(Map<String, Object> overrides, String branch) {
        return provider(overrides, branch, Duration.ofSeconds(60));
    }

    private DeploymentProvider provider(Map<String, Object> overrides, Duration timeout) {
        return provider(overrides, "main", timeout);
    }

    private DeploymentProvider provider(Map<String, Object> overrides, String branch, Duration timeout) {
        Map<String, Object> settings = new HashMap<>(Map.of("app_path", appPath.toString(), "git_repo", origin.url()));
        settings.putAll(overrides);
        DeploymentProvider provider = LocalTargets.provider(
                LocalTargets.environment(branch, timeout, LocalTargets.httpCheck("http://127.0.0.1:1/"), settings));
        providers.add(provider);
        return provider;
    }
}
