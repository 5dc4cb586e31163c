package io.fraisier.cli.command;

import io.fraisier.cli.render.Json;
import io.fraisier.core.config.ConfigException;
import io.fraisier.core.config.ConfigProblem;
import io.fraisier.core.config.FraisierConfig;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code fraisier config validate}: {@code valid: <path>}, or every problem on its own line as
 * {@code file:line:col: key.path: message} (the format editors and CI annotate) and exit 3.
 */
@Command(name = "validate", description = "Check fraises.yaml and list every problem in it (exit 3 if any).")
public final class ConfigValidateCommand extends FraisierSubcommand {
    @Override
    public Integer call() {
        PrintWriter out = out();
        FraisierConfig config;
        try {
            config = config();
        } catch (ConfigException e) {
            if (root().json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("valid", false);
                json.put(
                        "problems",
                        e.problems().stream().map(ConfigValidateCommand::toJson).toList());
                Json.print(out, json);
            } else {
                e.problems().forEach(p -> out.println(p.format()));
                out.flush();
                PrintWriter err = spec.commandLine().getErr();
                err.println("invalid: " + count(e.problems()));
                err.flush();
            }
            return e.code().exitCode();
        }
        int environments = config.environments().size();
        if (root().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("valid", true);
            json.put("config", String.valueOf(config.source()));
            json.put("fraises", config.fraises().size());
            json.put("environments", environments);
            Json.print(out, json);
        } else {
            out.println("valid: " + config.source() + " (" + config.fraises().size() + " fraises, " + environments
                    + " environments)");
            out.flush();
        }
        return 0;
    }

    private static String count(List<ConfigProblem> problems) {
        return problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    }

    private static Map<String, Object> toJson(ConfigProblem p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", p.file() == null ? null : p.file().toString());
        json.put("line", p.line());
        json.put("column", p.column());
        json.put("key", p.keyPath());
        json.put("message", p.message());
        return json;
    }
}
