package io.fraisier.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One service, one empty store of the chosen kind, and the CLI run as separate processes against them. */
final class Scenario implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String LEASE_SECONDS = "4";

    final Deployable service;
    final CliProcess cli;
    private final Map<String, String> environment;

    Scenario(Stores store, Path dir) {
        this(store, dir, Map.of());
    }

    /** With {@code extraEnvironment} added to the CLI's (e.g. a PATH with a git shim first). */
    Scenario(Stores store, Path dir, Map<String, String> extraEnvironment) {
        this.service = new Deployable(dir);
        Map<String, String> env = new HashMap<>(store.environment(dir));
        env.putAll(extraEnvironment);
        env.put("FRAISIER_CONFIG", service.config.toString());
        env.put("FRAISIER_LEASE_SECONDS", LEASE_SECONDS);
        this.cli = new CliProcess(dir, env);
        this.environment = Map.copyOf(env);
    }

    /** The CLI on this scenario's store and service with one variable changed (e.g. a longer lease). */
    CliProcess cliWith(String name, String value) {
        Map<String, String> env = new HashMap<>(environment);
        env.put(name, value);
        return new CliProcess(service.dir, env);
    }

    /** The JDBC URL of this scenario's store, to check it directly rather than through the CLI. */
    String jdbcUrl() {
        String url = environment.get("FRAISIER_DATABASE_URL");
        return url != null
                ? url
                : "jdbc:sqlite:" + Path.of(environment.get("FRAISIER_HOME")).resolve("fraisier.db");
    }

    /** Runs the command and checks its exit status. */
    CliProcess.Result run(int expectedExit, String... args) {
        CliProcess.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(expectedExit);
        return r;
    }

    /** Runs the command with {@code --output json}, checks its exit status and parses stdout. */
    JsonNode json(int expectedExit, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--output");
        all.add("json");
        CliProcess.Result r = run(expectedExit, all.toArray(String[]::new));
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r, e);
        }
    }

    /** Every deployment row of the demo target, newest first. */
    List<JsonNode> history() {
        List<JsonNode> rows = new ArrayList<>();
        json(0, "history", "--fraise", Deployable.FRAISE, "--limit", "100")
                .get("deployments")
                .forEach(rows::add);
        return rows;
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
