package io.fraisier.providers.compose;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory.ProviderContext;
import io.fraisier.providers.docker.DockerDaemon;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.shell.LocalCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A compose project on a test daemon: one service {@code web} serving {@code fraisier-test/app:${IMAGE_TAG}}. */
final class ComposeProject {
    static final Target TARGET = Target.of("demo", "preview");
    static final String KEY_PATH = "fraises.demo.environments.preview";
    private static final AtomicInteger PROJECTS = new AtomicInteger();

    final DockerDaemon daemon;
    final Path dir;
    final Path file;
    final String project;
    final int port;

    ComposeProject(DockerDaemon daemon, Path dir) {
        this.daemon = daemon;
        this.dir = dir;
        this.file = dir.resolve("docker-compose.yml");
        this.project = "fraisiertest" + PROJECTS.incrementAndGet();
        this.port = DockerDaemon.freePort();
        write(file, """
                version: "2.4"
                services:
                  web:
                    image: %s:${IMAGE_TAG}
                    ports:
                      - "127.0.0.1:%d:8000"
                """.formatted(DockerDaemon.REPO, port));
    }

    static void assumeComposeV1() {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/docker-compose"))
                        || Files.isExecutable(Path.of("/usr/local/bin/docker-compose")),
                "docker-compose is not installed: apt-get install -y docker-compose");
    }

    /** Makes {@code tag} the compose file's default (the .env file next to it). */
    void setDefaultTag(String tag) {
        write(dir.resolve(".env"), "IMAGE_TAG=" + tag + "\n");
    }

    HealthCheck httpCheck() {
        return new HealthCheck(healthUrl(), null, null, null, Duration.ofSeconds(2), 0, Duration.ofSeconds(1));
    }

    String healthUrl() {
        return "http://127.0.0.1:" + port + "/health";
    }

    DeploymentProvider provider(Map<String, Object> overrides) {
        return provider(overrides, daemon.env());
    }

    /** @param processEnv Fraisier's own environment (where DOCKER_HOST is read for compose on this host) */
    DeploymentProvider provider(Map<String, Object> overrides, Map<String, String> processEnv) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("compose_file", file.toString());
        settings.put("project", project);
        settings.put("service", "web");
        settings.put("tag_variable", "IMAGE_TAG");
        settings.putAll(overrides);
        EnvironmentConfig environment = new EnvironmentConfig(
                TARGET,
                "docker_compose",
                null,
                Duration.ofSeconds(300),
                Duration.ofSeconds(120),
                true,
                httpCheck(),
                new ProviderSettings(KEY_PATH, settings));
        return new ComposeDeploymentProviderFactory()
                .create(new ProviderContext(
                        TARGET, environment, environment.settings(), Clock.systemUTC(), processEnv));
    }

    CommandResult compose(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker-compose", "-f", file.toString(), "-p", project));
        argv.addAll(List.of(args));
        return new LocalCommandRunner()
                .runOrFail(
                        CommandSpec.of("compose", argv, Duration.ofSeconds(120))
                                .in(dir.toString())
                                .withEnv(daemon.env()),
                        ErrorCode.INTERNAL,
                        "test setup");
    }

    void down() {
        compose("down", "--remove-orphans");
    }

    private static void write(Path path, String text) {
        try {
            Files.writeString(path, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
