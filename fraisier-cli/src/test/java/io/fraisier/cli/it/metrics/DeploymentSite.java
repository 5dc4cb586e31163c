package io.fraisier.cli.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.testkit.git.GitOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One installation of Fraisier: a fraises.yaml whose {@code shop_api} deploys with the {@code local} provider
 * from a real git repository, a database (named by {@code env}), and the forked CLI that works on them.
 *
 * <p>A commit containing {@code BROKEN} fails the health check ({@code test ! -f BROKEN}).
 */
final class DeploymentSite {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Path dir;
    private final Map<String, String> env;
    private final GitOrigin origin;
    private final Path config;

    private DeploymentSite(String name, Path dir, Map<String, String> env, GitOrigin origin, Path config) {
        this.name = name;
        this.dir = dir;
        this.env = env;
        this.origin = origin;
        this.config = config;
    }

    /** A site in {@code dir} whose store is chosen by {@code databaseEnv} (FRAISIER_HOME or FRAISIER_DATABASE_URL). */
    static DeploymentSite create(String name, Path dir, Map<String, String> databaseEnv) throws IOException {
        Files.createDirectories(dir);
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Map<String, String> env = new HashMap<>(databaseEnv);
        env.put("HOME", dir.toString());
        env.put("FRAISIER_LOG_DIR", dir.resolve("log").toString());
        Path config = dir.resolve("fraises.yaml");
        Files.writeString(config, """
                fraises:
                  shop_api:
                    type: api
                    environments:
                      production:
                        provider: local
                        branch: main
                        git_repo: %1$s
                        app_path: %2$s/production
                        restart_command: "true"
                        health_check_command: "test ! -f BROKEN"
                        health_check_timeout: 10
                        health_check_retries: 0
                        timeout: 60
                        lock_timeout: 10
                      staging:
                        provider: local
                        branch: main
                        git_repo: %1$s
                        app_path: %2$s/staging
                        restart_command: "true"
                        health_check_command: "test ! -f BROKEN"
                        health_check_retries: 0
                        timeout: 60
                """.formatted(repo, dir.resolve("app")));
        return new DeploymentSite(name, dir, Map.copyOf(env), GitOrigin.create(repo), config);
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    Map<String, String> env() {
        return env;
    }

    Path config() {
        return config;
    }

    /** Commits a new version, as a developer pushing; {@code broken} makes its health check fail. */
    void commit(String version, boolean broken) {
        try {
            Files.writeString(origin.dir().resolve("VERSION"), version + "\n");
            if (broken) {
                Files.writeString(origin.dir().resolve("BROKEN"), "health fails\n");
            } else {
                Files.deleteIfExists(origin.dir().resolve("BROKEN"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        origin.commit(version, Map.of());
    }

    /** {@code fraisier deploy shop_api <environment>}, checking its exit status. */
    ForkedFraisier.Result deploy(String environment, int expectedExit) {
        ForkedFraisier.Result result = fraisier("deploy", "shop_api", environment);
        assertThat(result.exit()).as(result.toString()).isEqualTo(expectedExit);
        return result;
    }

    /** Every deployment row, from {@code fraisier --output json history}. */
    List<JsonNode> history() {
        ForkedFraisier.Result result = fraisier("--output", "json", "history", "--limit", "1000");
        assertThat(result.exit()).as(result.toString()).isZero();
        try {
            List<JsonNode> rows = new ArrayList<>();
            JSON.readTree(result.out()).path("deployments").forEach(rows::add);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ForkedFraisier.Result fraisier(String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.add("-c");
        argv.add(config.toString());
        return ForkedFraisier.run(dir, env, argv);
    }
}
