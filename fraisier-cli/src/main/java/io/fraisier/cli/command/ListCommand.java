package io.fraisier.cli.command;

import io.fraisier.cli.render.Json;
import io.fraisier.cli.render.Table;
import io.fraisier.cli.render.Terminal;
import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraiseConfig;
import io.fraisier.core.config.FraisierConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fraisier list}: the configured fraises and their environments. */
@Command(name = "list", description = "List configured fraises and their environments (type, provider, branch).")
public final class ListCommand extends FraisierSubcommand {
    @Option(names = "--flat", description = "One aligned row per environment instead of a tree.")
    boolean flat;

    @Override
    public Integer call() {
        FraisierConfig config = config();
        PrintWriter out = out();
        if (root().json()) {
            Json.print(out, toJson(config));
        } else if (config.fraises().isEmpty()) {
            out.println("No fraise is configured in " + config.source() + ".");
        } else if (flat) {
            Table table = new Table("FRAISE", "ENVIRONMENT", "TYPE", "PROVIDER", "BRANCH");
            for (FraiseConfig f : config.fraises().values()) {
                for (EnvironmentConfig e : f.environments().values()) {
                    table.row(f.name(), e.target().environment(), f.type(), e.provider(), e.branch());
                }
            }
            table.print(out);
        } else {
            printTree(out, config, root().terminal());
        }
        out.flush();
        return 0;
    }

    private static void printTree(PrintWriter out, FraisierConfig config, Terminal term) {
        for (FraiseConfig f : config.fraises().values()) {
            out.println(term.bold(f.name()) + " (" + f.type() + ")"
                    + (f.description() == null ? "" : "  " + term.dim(f.description())));
            int nameWidth = f.environments().keySet().stream()
                    .mapToInt(String::length)
                    .max()
                    .orElse(0);
            int providerWidth = f.environments().values().stream()
                    .mapToInt(e -> e.provider().length())
                    .max()
                    .orElse(0);
            List<EnvironmentConfig> envs = new ArrayList<>(f.environments().values());
            for (int i = 0; i < envs.size(); i++) {
                EnvironmentConfig e = envs.get(i);
                String branch = e.branch() == null ? "no branch" : "branch " + e.branch();
                out.println((i == envs.size() - 1 ? "└── " : "├── ")
                        + pad(e.target().environment(), nameWidth) + "  " + pad(e.provider(), providerWidth) + "  "
                        + branch);
            }
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static Map<String, Object> toJson(FraisierConfig config) {
        List<Map<String, Object>> fraises = new ArrayList<>();
        for (FraiseConfig f : config.fraises().values()) {
            List<Map<String, Object>> envs = new ArrayList<>();
            for (EnvironmentConfig e : f.environments().values()) {
                Map<String, Object> env = new LinkedHashMap<>();
                env.put("name", e.target().environment());
                env.put("provider", e.provider());
                env.put("branch", e.branch());
                envs.add(env);
            }
            Map<String, Object> fraise = new LinkedHashMap<>();
            fraise.put("name", f.name());
            fraise.put("type", f.type());
            fraise.put("description", f.description());
            fraise.put("environments", envs);
            fraises.add(fraise);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("config", config.source() == null ? null : config.source().toString());
        json.put("fraises", fraises);
        return json;
    }
}
