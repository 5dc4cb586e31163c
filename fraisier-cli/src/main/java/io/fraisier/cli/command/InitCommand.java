package io.fraisier.cli.command;

import io.fraisier.cli.render.Json;
import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fraisier init}: writes a commented {@code fraises.yaml} with one fraise and one environment of
 * the chosen provider. The provider's keys come from its schema ({@code DeploymentProviderFactory.keys()}):
 * the required ones are set to example values (secrets to a {@code ${VARIABLE}}), the others are listed
 * as comments with their defaults, so the file passes {@code fraisier config validate} as written.
 */
@Command(
        name = "init",
        description = "Write a commented fraises.yaml for a provider (to -c FILE, else ./fraises.yaml);"
                + " never overwrites one without --force.")
public final class InitCommand extends FraisierSubcommand {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    /** Example values of required keys, where the key's type alone says too little. */
    private static final Map<String, String> EXAMPLES = Map.of(
            "app_path", "/srv/%s",
            "git_repo", "https://git.example.com/org/%s.git",
            "host", "deploy.example.com",
            "image", "registry.example.com/%s",
            "compose_file", "/srv/%s/compose.yaml",
            "service", "%s",
            "application_uuid", "CHANGE-ME-application-uuid",
            "api_url", "https://coolify.example.com");

    @Option(
            names = "--provider",
            paramLabel = "TYPE",
            completionCandidates = ProviderTypes.class,
            description = "The provider of the environment: ${COMPLETION-CANDIDATES} (default: local).")
    String provider = "local";

    @Option(names = "--fraise", paramLabel = "NAME", description = "The fraise's name (default: my_app).")
    String fraise = "my_app";

    @Option(names = "--environment", paramLabel = "NAME", description = "The environment's name (default: production).")
    String environment = "production";

    @Option(names = "--force", description = "Replace an existing file.")
    boolean force;

    /** The installed provider types, read only when completion or help asks for them. */
    static final class ProviderTypes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ConfigParser.installedProviders().stream()
                    .map(DeploymentProviderFactory::type)
                    .iterator();
        }
    }

    @Override
    public Integer call() {
        for (String[] name : new String[][] {{"--fraise", fraise}, {"--environment", environment}}) {
            if (!NAME.matcher(name[1]).matches()) {
                throw usage(name[0] + " '" + name[1] + "' is not a name: use lower-case letters, digits, _ and -,"
                        + " starting with a letter");
            }
        }
        List<DeploymentProviderFactory> installed = root().services().load(DeploymentProviderFactory.class);
        DeploymentProviderFactory factory = installed.stream()
                .filter(f -> f.type().equals(provider))
                .findFirst()
                .orElseThrow(() -> usage("Unknown provider '" + provider + "': choose one of "
                        + String.join(
                                ", ",
                                installed.stream()
                                        .map(DeploymentProviderFactory::type)
                                        .toList())));
        Path target = root().configOption() != null
                ? root().configOption()
                : root().workingDirectory().resolve("fraises.yaml");
        List<String> variables = new ArrayList<>();
        String text = render(factory, variables);
        write(target, text);
        PrintWriter out = out();
        if (json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("written", target.toString());
            json.put("provider", provider);
            json.put("fraise", fraise);
            json.put("environment", environment);
            json.put("variables", variables);
            Json.print(out, json);
        } else {
            out.println("wrote " + target + " (" + fraise + " → " + environment + " on " + provider + ")");
            for (String variable : variables) {
                out.println("set " + variable + " in the environment of fraisier and fraisier-webhook");
            }
            out.println("next: edit the example values, then run 'fraisier config validate"
                    + (root().configOption() == null ? "" : " -c " + target) + "'");
        }
        out.flush();
        return 0;
    }

    /**
     * Writes {@code text} to a new file next to {@code target}, then moves it into place: a write cut short
     * (a full disk) leaves neither a truncated config nor an empty file that makes the retry say "already
     * exists"; with --force, the old file stays whole until the new one is.
     */
    private void write(Path target, String text) {
        Path dir = target.toAbsolutePath().getParent();
        Path partial = null;
        try {
            Files.createDirectories(dir);
            if (!force && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.FileAlreadyExistsException(target.toString());
            }
            partial = dir.resolve("." + target.getFileName() + "."
                    + Long.toUnsignedString(
                            java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
            Files.writeString(partial, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            if (force) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(partial, target);
            }
            partial = null;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    target + " already exists: not overwritten",
                    "Pass --force to replace it, or -c FILE to write another file.");
        } catch (IOException e) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "Cannot write " + target + ": " + e.getMessage(),
                    "Check that the folder is writable and its disk not full, or give another file with -c FILE.",
                    e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // nothing better to do: the error above says what failed
                }
            }
        }
    }

    /** The file's text; adds the variables its secrets read to {@code variables}. */
    String render(DeploymentProviderFactory factory, List<String> variables) {
        StringBuilder y = new StringBuilder();
        y.append("# fraises.yaml, written by 'fraisier init --provider ")
                .append(factory.type())
                .append("'.\n");
        y.append("# Every key is described in docs/CONFIG.md. Check the file with: fraisier config validate\n");
        y.append("# ${VAR} and ${VAR:-default} are read from the environment of fraisier and fraisier-webhook.\n\n");
        y.append("""
                # The store. Absent: an embedded SQLite file (/var/lib/fraisier/fraisier.db when writable,
                # else ~/.local/share/fraisier/fraisier.db). For several hosts or the webhook daemon, PostgreSQL:
                # database:
                #   type: postgresql
                #   host: localhost
                #   port: 5432
                #   name: fraisier
                #   user: fraisier
                #   password: ${FRAISIER_DB_PASSWORD}

                # Push webhooks (fraisier-webhook): the secret of your git host, and which branch deploys what.
                # git:
                #   github: { webhook_secret: ${GITHUB_WEBHOOK_SECRET} }
                # webhook:
                #   address: 127.0.0.1
                #   port: 8080
                # branch_mapping:
                #   main: { fraise: %1$s, environment: %2$s }

                # Inherited by every environment that does not set its own.
                defaults:
                  lock_timeout: 300          # seconds to wait for a target's lock
                  timeout: 600               # seconds for a whole deployment
                  auto_rollback: true        # roll back when a deployment or its health check fails

                fraises:
                  %1$s:
                    type: api                # api | etl | scheduled | backup
                    description: %1$s, deployed with %3$s
                    environments:
                      %2$s:
                        provider: %3$s
                        branch: main
                        # health_check_url: http://localhost:8000/health
                """.formatted(fraise, environment, factory.type()));
        String description = factory.description();
        if (!description.isBlank()) {
            y.append("        # ")
                    .append(factory.type())
                    .append(": ")
                    .append(description)
                    .append('\n');
        }
        for (ProviderKey key : factory.keys()) {
            if (key.required()) {
                String value = example(factory, key, variables);
                y.append("        ").append(key.name()).append(": ").append(value);
                y.append("    # required: ").append(key.description()).append('\n');
            }
        }
        for (ProviderKey key : factory.keys()) {
            if (!key.required()) {
                String value = key.defaultText();
                y.append("        # ").append(key.name()).append(":");
                if (!value.isEmpty()) {
                    y.append(' ').append(yamlScalar(value));
                }
                y.append("    # ").append(key.description());
                if (!value.isEmpty()) {
                    y.append(" (default ").append(value).append(')');
                }
                y.append('\n');
            }
        }
        return y.toString();
    }

    private String example(DeploymentProviderFactory factory, ProviderKey key, List<String> variables) {
        if (key.secret()) {
            String variable = (factory.type() + "_" + key.name()).toUpperCase(Locale.ROOT);
            variables.add(variable);
            return "${" + variable + "}";
        }
        String known = EXAMPLES.get(key.name());
        if (known != null) {
            return yamlScalar(known.formatted(fraise));
        }
        return switch (key.type()) {
            case INT -> String.valueOf(Math.max(key.min(), 1));
            case PORT -> "8080";
            case BOOL -> "false";
            case DURATION -> "60";
            case URL -> "https://example.com";
            case VARIABLE_NAME -> "CHANGE_ME";
            case CHOICE -> key.choices().getFirst();
            case LIST -> "[CHANGE-ME]";
            case MAP -> "{ CHANGE_ME: value }";
            case HOSTS -> "[change-me-1.example.com, change-me-2.example.com]";
            case STRING -> "CHANGE-ME";
        };
    }

    // quoted when YAML would read it as something else than text
    private static String yamlScalar(String value) {
        if (value.matches("[A-Za-z0-9_./:@+-]+") && !value.startsWith("~") && !value.contains(": ")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
