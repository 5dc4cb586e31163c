package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provider-test PROVIDER --config-file F} with the real providers: a connectivity check needs only
 * the keys that reach the peer (no {@code git_repo}), and what it says to fix names F, not fraises.yaml.
 */
class ProviderTestFileTest {
    @TempDir
    Path dir;

    @Test
    void localFile_withoutGitRepo_isAConnectivityCheck_thatSkipsTheRepository() throws IOException {
        Path file = dir.resolve("local.yaml");
        Files.writeString(file, "app_path: " + dir.resolve("app") + "\n");

        CliRun.Result result = new CliRun(dir).run("provider-test", "local", "--config-file", file.toString());

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("ok   app_path: ", "ok   git_repo: not set: skipped (a deployment needs git_repo)")
                .doesNotContain("missing required key");
    }

    @Test
    void dockerFile_whoseDaemonIsAbsent_failsNamingTheFileNotFraisesYaml() throws IOException {
        Path file = dir.resolve("docker.yaml");
        Files.writeString(file, "docker_host: unix://" + dir.resolve("no-such.sock") + "\nimage: my/app\n");

        CliRun.Result result = new CliRun(dir).run("provider-test", "docker", "--config-file", file.toString());

        assertThat(result.exit()).as(result.toString()).isEqualTo(5);
        assertThat(result.out()).contains(file.toString()).doesNotContain("fraises.yaml", "provider-test/docker");
    }
}
