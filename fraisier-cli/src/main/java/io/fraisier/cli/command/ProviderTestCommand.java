package io.fraisier.cli.command;

import io.fraisier.cli.render.Json;
import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.GitConfig;
import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.config.WebhookConfig;
import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProviderFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fraisier provider-test}: a provider type with {@code --config-file}, a provider type (every
 * environment of fraises.yaml that uses it), a fraise (all its environments) or a fraise and environment.
 * Exit 0 when every check passes, 5 when one fails.
 */
@Command(
        name = "provider-test",
        description = "Test that a provider is reachable (SSH, Docker socket, Coolify API) without deploying.")
public final class ProviderTestCommand extends FraisierSubcommand {
    @Parameters(
            index = "0",
            paramLabel = "PROVIDER|FRAISE",
            description = "A provider type (bare_metal, local, docker, docker_compose, coolify) or a fraise.")
    String subject;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "ENVIRONMENT",
            description = "With a fraise: only this environment.")
    String environment;

    @Option(
            names = "--config-file",
            paramLabel = "F",
            description = "YAML file holding one provider's keys at top level (CONFIG.md names them).")
    Path configFile;

    private record Result(EnvironmentConfig env, List<CheckResult> checks, FraisierException error) {
        boolean ok() {
            return error == null && checks.stream().allMatch(CheckResult::ok);
        }
    }

    @Override
    public Integer call() {
        FraisierConfig config = configFile == null ? config() : configOrEmpty();
        List<EnvironmentConfig> envs = environments(config);
        List<Result> results = new ArrayList<>();
        for (EnvironmentConfig env : envs) {
            try {
                List<CheckResult> checks = root().providerTest(config, env).stream()
                        .map(c -> new CheckResult(c.name(), c.ok(), inFile(c.detail())))
                        .toList();
                results.add(new Result(env, checks, null));
            } catch (FraisierException e) {
                results.add(new Result(
                        env, List.of(), new FraisierException(e.code(), inFile(e.getMessage()), inFile(e.hint()), e)));
            }
        }
        print(results);
        return results.stream()
                .filter(r -> !r.ok())
                .findFirst()
                .map(r -> r.error() != null ? r.error().code().exitCode() : ErrorCode.PROVIDER_UNREACHABLE.exitCode())
                .orElse(0);
    }

    private ConfigParser parser() {
        return new ConfigParser(root().environment(), root().services().load(DeploymentProviderFactory.class));
    }

    private List<EnvironmentConfig> environments(FraisierConfig config) {
        if (configFile != null) {
            if (environment != null) {
                throw usage("with --config-file, name only the provider type, not an environment");
            }
            return List.of(parser().parseProviderFile(configFile, subject));
        }
        if (environment != null) {
            return List.of(config.environment(subject, environment));
        }
        if (config.fraises().containsKey(subject)) {
            return List.copyOf(config.fraises().get(subject).environments().values());
        }
        // the provider types on the class path, each with the schema its factory declares
        Set<String> types = parser().providerTypes();
        if (!types.contains(subject)) {
            throw new FraisierException(
                    ErrorCode.UNKNOWN_TARGET,
                    "'" + subject + "' is neither a provider type nor a configured fraise",
                    "Providers: " + String.join(", ", types) + "; fraises: "
                            + String.join(", ", config.fraises().keySet()) + ".");
        }
        List<EnvironmentConfig> using = config.environments().stream()
                .filter(e -> e.provider().equals(subject))
                .toList();
        if (using.isEmpty()) {
            throw new FraisierException(
                    ErrorCode.NOT_FOUND,
                    "No environment of " + config.source() + " uses provider " + subject,
                    "Test its settings before using them: fraisier provider-test " + subject
                            + " --config-file provider.yaml");
        }
        return using;
    }

    /**
     * Providers word their messages for fraises.yaml ("fix docker_host in fraises.yaml", key paths under the
     * environment); with {@code --config-file F} the keys are at the top level of F, so name F instead.
     */
    private String inFile(String text) {
        if (configFile == null || text == null) {
            return text;
        }
        String keyPath = "provider-test/" + subject;
        return text.replace(keyPath + ".", configFile + ": ")
                .replace(keyPath, configFile.toString())
                .replace("in fraises.yaml", "in " + configFile);
    }

    // a provider file needs no fraises.yaml (nor a store: provider-test never opens one)
    private FraisierConfig configOrEmpty() {
        try {
            return config();
        } catch (FraisierException e) {
            if (e.code() != ErrorCode.CONFIG_NOT_FOUND || root().configOption() != null) {
                throw e;
            }
            return new FraisierConfig(
                    null,
                    null,
                    new GitConfig(null, Map.of()),
                    WebhookConfig.defaults(),
                    MetricsConfig.defaults(),
                    Map.of(),
                    Map.of());
        }
    }

    private void print(List<Result> results) {
        PrintWriter out = out();
        if (json()) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Result r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("target", r.env().target().toString());
                m.put("provider", r.env().provider());
                m.put("ok", r.ok());
                m.put(
                        "checks",
                        r.checks().stream()
                                .map(c -> Map.of("name", c.name(), "ok", c.ok(), "detail", c.detail()))
                                .toList());
                m.put(
                        "error",
                        r.error() == null
                                ? null
                                : Map.of(
                                        "code",
                                        r.error().code().id(),
                                        "message",
                                        r.error().getMessage()));
                docs.add(m);
            }
            Json.print(out, Map.of("results", docs));
            return;
        }
        var term = root().terminal();
        for (Result r : results) {
            String subjectName = configFile == null ? r.env().target().toString() : configFile.toString();
            out.println(term.bold(subjectName) + " (" + r.env().provider() + ")");
            for (CheckResult c : r.checks()) {
                out.println(
                        "  " + (c.ok() ? term.green("ok  ") : term.red("FAIL")) + " " + c.name() + ": " + c.detail());
            }
            if (r.error() != null) {
                out.println("  " + term.red("FAIL") + " " + r.error().getMessage());
                if (r.error().hint() != null) {
                    out.println("       hint: " + r.error().hint());
                }
            }
        }
        out.flush();
    }
}
