package io.fraisier.providers.compose;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code docker_compose} keys of one environment, validated.
 *
 * @param composeFile the compose file (absolute, or relative to where Fraisier runs; absolute on the
 *     remote host when {@code host:} is set)
 * @param project the compose project name, or null for compose's own default (the file's folder, or
 *     {@code COMPOSE_PROJECT_NAME})
 * @param service the service whose image tag is deployed
 * @param tagVariable the variable the compose file reads the tag from ({@code image: app:${IMAGE_TAG}})
 * @param composeCommand the compose program and its first words ({@code docker compose}), or null to
 *     detect it
 * @param timeout the deployment's limit, also the limit of {@code pull} and {@code up}
 * @param keyPath where these keys live in fraises.yaml, for messages
 */
public record ComposeSettings(
        String composeFile,
        @Nullable String project,
        String service,
        String tagVariable,
        @Nullable List<String> composeCommand,
        Duration timeout,
        String keyPath) {
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern SERVICE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    public ComposeSettings {
        composeCommand = composeCommand == null ? null : List.copyOf(composeCommand);
    }

    /**
     * Reads the compose keys; the SSH keys ({@code host:} & co.) are read by
     * {@link io.fraisier.providers.ssh.SshSettings}.
     *
     * @throws FraisierException {@code CONFIG_INVALID} naming the key when a value is malformed (with
     *     {@code host:}, {@code compose_file} must be an absolute path on that host)
     */
    public static ComposeSettings from(EnvironmentConfig environment) {
        ProviderSettings s = environment.settings();
        String key = s.keyPath();
        String file = s.requireString("compose_file");
        if (s.has("host") && !file.startsWith("/")) {
            throw invalid(
                    key,
                    "compose_file",
                    file,
                    "with host: set, compose runs on that host and needs the file's absolute path there");
        }
        String project = s.string("project").orElse(null);
        if (project != null && !PROJECT.matcher(project).matches()) {
            throw invalid(key, "project", project, "compose projects use lowercase letters, digits, '_' and '-'");
        }
        String service = s.requireString("service");
        if (!SERVICE.matcher(service).matches()) {
            throw invalid(key, "service", service, "expected a service name of the compose file");
        }
        String variable = ComposeKeys.TAG_VARIABLE.text(s);
        if (!VARIABLE.matcher(variable).matches()) {
            throw invalid(key, "tag_variable", variable, "expected a variable name such as IMAGE_TAG");
        }
        List<String> command = s.string("compose_command")
                .map(c -> Arrays.stream(c.trim().split("\\s+"))
                        .filter(w -> !w.isEmpty())
                        .toList())
                .orElse(null);
        if (command != null && command.isEmpty()) {
            throw invalid(key, "compose_command", "", "expected \"docker compose\" or \"docker-compose\"");
        }
        return new ComposeSettings(file, project, service, variable, command, environment.timeout(), key);
    }

    private static FraisierException invalid(String keyPath, String key, String value, String why) {
        return new FraisierException(
                ErrorCode.CONFIG_INVALID,
                keyPath + "." + key + ": '" + value + "' is invalid: " + why,
                "Fix '" + key + ":' in fraises.yaml.");
    }
}
