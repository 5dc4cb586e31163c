package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.testkit.fake.ScriptedProvider;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store-backed commands end to end: the real engine and a real SQLite file under FRAISIER_HOME; only
 * the provider is scripted.
 */
class DeploymentCommandsTest {
    private static final Target PRODUCTION = Target.of("my_api", "production");

    @TempDir
    Path dir;

    final ScriptedProviderFactory local = new ScriptedProviderFactory("local");
    CliRun cli;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("fraises.yaml"), """
                fraises:
                  my_api:
                    type: api
                    environments:
                      production:
                        provider: local
                        branch: main
                        app_path: /srv/my-api
                      staging:
                        provider: local
                        app_path: /srv/my-api-staging
                """);
        cli = new CliRun(dir).wiring(builder -> builder.provider(local));
    }

    private ScriptedProvider production() {
        return local.target(PRODUCTION);
    }

    @Test
    void deploy_succeeds_printsProgressOnStderr_andIsRecorded() {
        production().running(Version.of("v0")).defaultTarget(Version.of("v1"));

        CliRun.Result deploy = cli.run("deploy", "my_api", "production");

        assertThat(deploy.exit()).as(deploy.toString()).isZero();
        assertThat(deploy.out()).contains("Deployed my_api/production v0 -> v1", "deployment #1: success");
        assertThat(deploy.err()).containsPattern("\\[ *\\d+\\.\\ds\\] \\S+");
        assertThat(production().deployed()).containsExactly("v1");

        CliRun.Result history = cli.run("history", "--fraise", "my_api");
        assertThat(history.out().lines().toList())
                .hasSize(2)
                .element(1)
                .asString()
                .startsWith("1 ")
                .contains(" my_api ", " production ", " success ", " v0 ", " v1 ", " cli ");
    }

    @Test
    void deploy_whenTheServiceBreaks_rollsBack_andExitsSix() {
        production().running(Version.of("v0")).defaultTarget(Version.of("v1")).failAfterSwitch("restart", "exit 3");

        CliRun.Result deploy = cli.run("deploy", "my_api", "production");

        assertThat(deploy.exit()).as(deploy.toString()).isEqualTo(6);
        assertThat(deploy.out()).contains("rolled back to v0");
        assertThat(cli.run("history", "--status", "rolled_back").out()).contains("rolled_back");
        assertThat(cli.run("history", "--status", "success").out()).isEqualTo("No deployment matches.\n");
    }

    @Test
    void deploy_dryRun_printsVersionsProviderAndSteps_andRecordsNothing() {
        production().running(Version.of("v0")).defaultTarget(Version.of("v1"));

        CliRun.Result dry = cli.run("deploy", "my_api", "production", "--dry-run");

        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out())
                .contains("current version: v0", "target version:  v1", "provider:        local", "steps:");
        assertThat(production().deployed()).isEmpty();
        assertThat(cli.run("history").out()).isEqualTo("No deployment matches.\n");
    }

    @Test
    void deploy_dryRun_ofAFrozenTarget_saysARealDeployWouldBeRefused_namingTheFreeze() throws IOException {
        production().running(Version.of("v0")).defaultTarget(Version.of("v1"));
        assertThat(cli.run("freeze", "my_api", "production", "--for", "2h", "--reason", "incident 42")
                        .exit())
                .isZero();

        CliRun.Result dry = cli.run("deploy", "my_api", "production", "--dry-run");
        CliRun.Result json = cli.run("--output", "json", "deploy", "my_api", "production", "--dry-run");
        CliRun.Result overridden =
                cli.run("deploy", "my_api", "production", "--dry-run", "--override-freeze", "--reason", "hotfix");

        // a dry run changes nothing, so it is not refused itself: it says what a real deploy would meet
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out())
                .contains("target version:  v1")
                .containsPattern(
                        "frozen: a real run would be refused \\(exit 4\\) by the manual freeze set by \\S+@\\S+"
                                + " \\(reason: incident 42\\) until 20")
                .contains("--override-freeze --reason TEXT");
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertThat(doc.get("would_be_refused").asBoolean()).isTrue();
        assertThat(doc.at("/freezes/0/reason").asText()).isEqualTo("incident 42");
        assertThat(doc.at("/freezes/0/until").isNull()).isFalse();
        assertThat(overridden.exit()).as(overridden.toString()).isZero();
        assertThat(overridden.out()).contains("frozen: a real run would override the manual freeze");
        assertThat(production().deployed()).isEmpty();
        assertThat(cli.run("history").out()).isEqualTo("No deployment matches.\n");
        // and the real deploy is refused as announced
        assertThat(cli.run("deploy", "my_api", "production").exit()).isEqualTo(4);
    }

    @Test
    void deploy_withAnInvalidVersion_isAUsageError() {
        CliRun.Result result = cli.run("deploy", "my_api", "production", "--version", "not a version");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--version", "not a valid version", "Try 'fraisier deploy --help'.");
    }

    @Test
    void deploy_json_isOneDocumentWithTheDeploymentRow() {
        production().running(null).defaultTarget(Version.of("v1"));

        CliRun.Result result = cli.run("--output", "json", "deploy", "my_api", "staging");

        assertThat(result.exit()).as(result.toString()).isZero();
        String out = result.out().replaceAll("\\s+", "");
        assertThat(out).startsWith("{\"outcome\":\"succeeded\"").contains("\"status\":\"success\"", "\"exit_code\":0");
    }

    @Test
    void statusCommands_showWhatWasRecorded() {
        production().running(Version.of("v0")).defaultTarget(Version.of("v1"));
        cli.run("deploy", "my_api", "production");

        CliRun.Result status = cli.run("status", "my_api", "production");
        CliRun.Result all = cli.run("status-all", "--environment", "production");
        CliRun.Result stats = cli.run("stats", "--days", "1");

        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("my_api/production (local)", "running:  v1", "lock:     free", "success");
        assertThat(all.out().lines().toList())
                .hasSize(2)
                .last()
                .asString()
                .contains("my_api", "production", "v1", "success", "free");
        assertThat(stats.out()).contains("(all)").containsPattern("my_api +1 +1 +0 +0 +100\\.0%");
    }

    @Test
    void status_printsTheServicesRecentLogs() {
        production().running(Version.of("v1")).logs(List.of("started", "GET /health 200", "GET /users 200"));

        CliRun.Result status = cli.run("status", "my_api", "production", "--log-lines", "2");

        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).endsWith("recent logs:\n  GET /health 200\n  GET /users 200\n");
        assertThat(production().calls()).contains("recentLogs(2)");
    }

    @Test
    void status_whenTheLogsCannotBeRead_printsWhyAndStillSucceeds() {
        production().running(Version.of("v1")).failLogs("journalctl: Permission denied");

        CliRun.Result status = cli.run("status", "my_api", "production");

        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out())
                .contains("running:  v1")
                .endsWith("recent logs:\n  (logs unavailable: journalctl: Permission denied)\n");
    }

    @Test
    void status_asJson_carriesTheRecentLogs() {
        production().running(Version.of("v1")).logs(List.of("line \"one\"", "line two"));

        CliRun.Result status = cli.run("--output", "json", "status", "my_api", "production");

        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out().replaceAll("\\s+", ""))
                .contains("\"recent_logs\":[\"line\\\"one\\\"\",\"linetwo\"]", "\"logs_note\":null");
    }

    @Test
    void status_withoutLogLines_doesNotAskForLogs() {
        production().running(Version.of("v1")).logs(List.of("started"));

        CliRun.Result status = cli.run("status", "my_api", "production", "--log-lines", "0");

        assertThat(status.out()).doesNotContain("recent logs:");
        assertThat(production().calls()).noneMatch(c -> c.startsWith("recentLogs"));
    }

    @Test
    void resolve_closesAFailedDeploymentByHand() {
        production().running(Version.of("v0")).defaultTarget(Version.of("v1")).failBeforeSwitch("fetch", "no route");
        assertThat(cli.run("deploy", "my_api", "production").exit()).isEqualTo(6);

        CliRun.Result resolved = cli.run("resolve", "1", "--as", "success", "--reason", "deployed by hand");

        assertThat(resolved.exit()).as(resolved.toString()).isZero();
        assertThat(resolved.out()).startsWith("Deployment #1 of my_api/production is now success");
    }

    @Test
    void cancel_stopsADeploymentRunningElsewhere_andWaitExitsWithItsEnd() throws Exception {
        production().running(Version.of("v0")).defaultTarget(Version.of("v1")).hang();
        java.util.concurrent.CompletableFuture<CliRun.Result> deploy =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> cli.run("deploy", "my_api", "production"));
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!production().calls().contains("deploy(v1)")) {
            assertThat(System.nanoTime()).as("the deploy never started").isLessThan(deadline);
            Thread.sleep(20);
        }

        CliRun.Result cancel = cli.run("cancel", "1", "--reason", "wrong build", "--wait");

        assertThat(cancel.exit()).as(cancel.toString()).isEqualTo(130);
        assertThat(cancel.out())
                .contains("Cancel of deployment #1 of my_api/production requested")
                .contains("ended cancelled: cancelled by ", "wrong build; rolled back to v0");
        CliRun.Result deployed = deploy.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(deployed.exit()).as(deployed.toString()).isEqualTo(130);
        assertThat(deployed.out()).contains("was cancelled by", "wrong build", "rolled back to v0");
        assertThat(production().deployed()).containsExactly("v1", "v0");
        assertThat(cli.run("history").out()).contains(" cancelled ");

        CliRun.Result late = cli.run("cancel", "1");
        assertThat(late.exit()).isEqualTo(2);
        assertThat(late.err()).contains("Deployment #1 of my_api/production already finished: cancelled");
        CliRun.Result unknown = cli.run("cancel", "42", "--output", "json");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.out()).contains("\"code\" : \"not_found\"");
    }

    @Test
    void locks_andWebhooks_onAnEmptyStore_sayThereIsNone() {
        assertThat(cli.run("lock", "list").out()).isEqualTo("No lock is held.\n");
        assertThat(cli.run("webhooks", "--limit", "5").out()).isEqualTo("No webhook event received yet.\n");

        CliRun.Result release = cli.run("lock", "release", "my_api", "production");
        assertThat(release.exit()).isEqualTo(2);
        assertThat(release.err()).startsWith("error: ").contains("my_api/production");
    }

    @Test
    void providerTest_printsEveryCheck_andExitsFiveWhenOneFails() {
        production().selfTestResults(List.of(CheckResult.pass("connect", "ok"), CheckResult.fail("git", "no repo")));

        CliRun.Result result = cli.run("provider-test", "my_api", "production");

        assertThat(result.exit()).as(result.toString()).isEqualTo(5);
        assertThat(result.out()).contains("my_api/production (local)", "ok   connect: ok", "FAIL git: no repo");
    }

    @Test
    void providerTest_byType_testsEveryEnvironmentUsingIt() {
        CliRun.Result result = cli.run("provider-test", "local");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("my_api/production (local)", "my_api/staging (local)");
    }

    @Test
    void providerTest_neverOpensTheStore_soAnUnreachableDatabaseDoesNotMatter() throws IOException {
        String withDatabase = "database: { host: 127.0.0.1, port: 1, user: nobody }\n"
                + Files.readString(dir.resolve("fraises.yaml"));
        Files.writeString(dir.resolve("with-db.yaml"), withDatabase);

        CliRun.Result result = cli.run(
                "provider-test", "local", "-c", dir.resolve("with-db.yaml").toString());

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("my_api/production (local)");
        assertThat(result.err()).doesNotContain("127.0.0.1:1");
    }

    @Test
    void history_sinceAcceptsDatesAndDurations_andRejectsTheRest() {
        assertThat(cli.run("history", "--since", "7d").exit()).isZero();
        assertThat(cli.run("history", "--since", "2026-01-01").exit()).isZero();

        CliRun.Result bad = cli.run("history", "--since", "yesterday");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("neither a date", "Try 'fraisier history --help'.");
    }

    @Test
    void deploy_interrupted_marksItCancelled_releasesTheLock_andExits130() throws Exception {
        CountDownLatch deploying = new CountDownLatch(1);
        production()
                .running(Version.of("v0"))
                .defaultTarget(Version.of("v1"))
                .duringDeploy(deploying::countDown)
                .hang();
        AtomicReference<CliRun.Result> result = new AtomicReference<>();
        Thread command = new Thread(() -> result.set(cli.run("deploy", "my_api", "production")));
        command.start();

        assertThat(deploying.await(20, TimeUnit.SECONDS)).isTrue();
        command.interrupt();
        command.join(20_000);

        assertThat(result.get()).isNotNull();
        assertThat(result.get().exit()).as(result.get().toString()).isEqualTo(130);
        assertThat(result.get().err()).contains("interrupted").doesNotContain("\tat ");
        assertThat(cli.run("history").out()).contains(" cancelled ");
        assertThat(cli.run("lock", "list").out()).isEqualTo("No lock is held.\n");
    }
}
