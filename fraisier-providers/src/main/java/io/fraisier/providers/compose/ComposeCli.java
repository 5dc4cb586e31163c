package io.fraisier.providers.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Compose and docker commands of one target, run through a {@link CommandRunner}: this host, or the
 * {@code host:} of the environment over SSH. Finds which compose to use: the configured {@code compose_command}, else
 * {@code docker compose} (v2) when {@code docker compose version} works, else {@code docker-compose} (v1).
 *
 * <p>Not thread-safe (caches the detected command).
 */
final class ComposeCli {
    static final Duration SHORT = Duration.ofSeconds(60);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*:(\\s.*)?");
    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12,64}");

    private final ComposeSettings settings;
    private final CommandRunner runner;
    private final Map<String, String> env;
    private final String where;
    private @Nullable List<String> command;
    private String version = "";

    /**
     * @param env variables every command gets (DOCKER_HOST and the like, from Fraisier's environment)
     */
    ComposeCli(ComposeSettings settings, CommandRunner runner, Map<String, String> env) {
        this(settings, runner, env, "");
    }

    /** @param where where the commands run, for messages: "" for this host, else " on user@host:port" */
    ComposeCli(ComposeSettings settings, CommandRunner runner, Map<String, String> env, String where) {
        this.settings = settings;
        this.runner = runner;
        this.env = Map.copyOf(env);
        this.where = where;
        this.command = settings.composeCommand();
    }

    /** The compose program and its first words, detected once. */
    List<String> command() {
        if (command != null) {
            return command;
        }
        List<List<String>> candidates = List.of(List.of("docker", "compose"), List.of("docker-compose"));
        List<String> tried = new ArrayList<>();
        for (List<String> candidate : candidates) {
            List<String> argv = new ArrayList<>(candidate);
            argv.add("version");
            CommandResult result = runner.run(spec("compose", argv, SHORT));
            if (result.ok()) {
                command = candidate;
                version = firstLine(result.output());
                return command;
            }
            tried.add("`" + String.join(" ", argv) + "`: " + (result.started() ? result.lastLine() : "not found"));
        }
        throw new FraisierException(
                ErrorCode.NOT_AVAILABLE,
                "No Docker Compose found" + where + " for " + settings.keyPath() + "; tried "
                        + String.join("; ", tried),
                "Install the compose plugin (apt-get install docker-compose-plugin) or docker-compose, or set"
                        + " compose_command: in fraises.yaml.");
    }

    /** What {@code version} printed when the command was detected, or asks it now. */
    String version() {
        List<String> base = command();
        if (version.isEmpty()) {
            List<String> argv = new ArrayList<>(base);
            argv.add("version");
            CommandResult result = runner.runOrFail(
                    spec("compose", argv, SHORT), ErrorCode.NOT_AVAILABLE, "Check compose_command in fraises.yaml.");
            version = firstLine(result.output());
        }
        return version;
    }

    /** Runs {@code compose -f FILE [-p PROJECT] args…} with the tag variable set when {@code tag} is not null. */
    CommandResult compose(String step, @Nullable String tag, Duration timeout, String... args) {
        return runner.run(composeSpec(step, tag, timeout, args));
    }

    CommandSpec composeSpec(String step, @Nullable String tag, Duration timeout, String... args) {
        List<String> argv = new ArrayList<>(command());
        argv.addAll(List.of("-f", settings.composeFile()));
        if (settings.project() != null) {
            argv.addAll(List.of("-p", settings.project()));
        }
        argv.addAll(List.of(args));
        CommandSpec spec = spec(step, argv, timeout);
        return tag == null ? spec : spec.withEnv(Map.of(settings.tagVariable(), tag));
    }

    /** The service's image reference as compose resolves it (with {@code tag}, or compose's own default). */
    Optional<String> image(@Nullable String tag) {
        CommandSpec spec = composeSpec("config", tag, SHORT, "config");
        CommandResult result = runner.runOrFail(
                spec, ErrorCode.CONFIG_INVALID, "Fix " + settings.composeFile() + " (`" + spec.display() + "`).");
        JsonNode services = parseConfig(result.output()).path("services");
        if (!services.has(settings.service())) {
            List<String> names = new ArrayList<>();
            services.fieldNames().forEachRemaining(names::add);
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    settings.keyPath() + ".service: '" + settings.service() + "' is not a service of "
                            + settings.composeFile() + " (services: " + String.join(", ", names) + ")",
                    "Set service: to one of them.");
        }
        String image = services.path(settings.service()).path("image").asText("");
        return image.isEmpty() ? Optional.empty() : Optional.of(image);
    }

    /** The ids of the service's containers in this project. */
    List<String> containerIds() {
        CommandResult result = compose("ps", null, SHORT, "ps", "-q", settings.service());
        if (!result.ok()) {
            throw failure("ps", result);
        }
        // compose prints its warnings (unset variables…) on stderr, which the runner merges
        return result.output()
                .lines()
                .map(String::strip)
                .filter(l -> CONTAINER_ID.matcher(l).matches())
                .toList();
    }

    /** A docker CLI command against the same daemon as compose. */
    CommandResult docker(String step, String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return runner.run(spec(step, argv, SHORT));
    }

    CommandRunner runner() {
        return runner;
    }

    Map<String, String> env() {
        return env;
    }

    /** Where the commands run, for messages: "" for this host, else " on user@host:port". */
    String where() {
        return where;
    }

    String composeDir() {
        Path parent = Path.of(settings.composeFile()).toAbsolutePath().getParent();
        return parent == null ? "/" : parent.toString();
    }

    FraisierException failure(String step, CommandResult result) {
        // a command killed at its timeout may have printed nothing: say what happened rather than nothing
        String why = result.timedOut()
                ? "it did not finish within " + result.took().toSeconds() + " s and was stopped (a Docker daemon"
                        + " that takes the connection and never answers does that)"
                : result.lastLines(5).isEmpty()
                        ? "exit status " + result.exitCode() + ", no output"
                        : String.join(" | ", result.lastLines(5));
        return new FraisierException(
                ErrorCode.DEPLOYMENT_FAILED,
                "Step '" + step + "' of " + settings.keyPath() + " failed: " + why,
                "Run the same compose command by hand in " + composeDir() + where + " to see more.");
    }

    private CommandSpec spec(String step, List<String> argv, Duration timeout) {
        return CommandSpec.of(step, argv, timeout).in(composeDir()).withEnv(env);
    }

    static JsonNode parseConfig(String output) {
        StringBuilder yaml = new StringBuilder();
        boolean started = false;
        for (String line : output.split("\\R")) {
            // compose's warnings ("WARNING: …", "WARN[0000] …", "The X variable is not set…") share the
            // merged output; the document starts at its first top-level key
            if (isComposeWarning(line)) {
                continue;
            }
            if (!started && !TOP_LEVEL_KEY.matcher(line).matches()) {
                continue;
            }
            started = true;
            yaml.append(line).append('\n');
        }
        try {
            JsonNode node = YAML.readTree(yaml.toString());
            return node == null ? YAML.createObjectNode() : node;
        } catch (IOException e) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    "`compose config` printed something that is not YAML: "
                            + e.getMessage().lines().findFirst().orElse(""),
                    "Run it by hand to see why.");
        }
    }

    /** A warning compose mixes into a command's merged output ("WARNING: …", "WARN[0000] …", unset variables). */
    static boolean isComposeWarning(String line) {
        return line.startsWith("WARNING:") || line.startsWith("WARN[") || line.contains("variable is not set");
    }

    static Optional<String> tagOf(String reference) {
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        if (reference.contains("@") || colon <= slash || colon == reference.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(reference.substring(colon + 1));
    }

    private static String firstLine(String output) {
        return output.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse("");
    }

    static Map<String, String> dockerEnvironment(Map<String, String> processEnv) {
        Map<String, String> out = new LinkedHashMap<>();
        processEnv.forEach((k, v) -> {
            if (k.startsWith("DOCKER_") || k.startsWith("COMPOSE_")) {
                out.put(k, v);
            }
        });
        return out;
    }
}
