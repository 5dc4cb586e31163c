package io.fraisier.cli.it;

import static io.fraisier.cli.it.Deployable.ENVIRONMENT;
import static io.fraisier.cli.it.Deployable.FRAISE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A restart command that prints its whole environment ({@code env}) and then every secret Fraisier
 * knows (read from a file, as a careless script or a stack trace would print them) and fails: no secret
 * reaches the CLI's output, {@code tb_deployment.error_message} or {@code tb_deployment_event}, read
 * straight from the database the real CLI wrote.
 */
class SecretsIT {
    private static final String WEBHOOK_SECRET = "whsec-7f3a9c2e1b5d";
    private static final String COOLIFY_TOKEN = "coolify-tok-55e1d0a9";
    private static final String GIT_TOKEN = "ghp_gittoken0a1b2c3d4e";
    private static final String DB_PASSWORD = "pgpass-9d8c7b6a";
    private static final String ENV_TOKEN = "envtoken-31337abc";

    @TempDir
    Path dir;

    static List<Stores> stores() {
        return Stores.available();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRestartCommandPrintingItsEnvironmentAndTheSecrets_leaksNoSecret(Stores store) throws Exception {
        try (Deployable svc = new Deployable(dir)) {
            svc.commit("v1", true);
            Map<String, String> env = new HashMap<>(store.environment(dir));
            String url;
            List<String> secrets = new ArrayList<>(List.of(WEBHOOK_SECRET, COOLIFY_TOKEN, GIT_TOKEN, ENV_TOKEN));
            if (store == Stores.SQLITE) {
                Path db = dir.resolve("home").resolve("fraisier.db");
                env.put("FRAISIER_DATABASE_URL", "sqlite:" + db);
                url = "jdbc:sqlite:" + db;
            } else {
                // trust authentication ignores the password, but Fraisier must treat it as the secret it is
                url = env.get("FRAISIER_DATABASE_URL") + "&password=" + DB_PASSWORD;
                env.put("FRAISIER_DATABASE_URL", url);
                secrets.add(DB_PASSWORD);
            }
            env.put("FRAISIER_CONFIG", svc.config.toString());
            env.put("GITHUB_WEBHOOK_SECRET", WEBHOOK_SECRET);
            env.put("COOLIFY_API_TOKEN", COOLIFY_TOKEN);
            env.put("GIT_TOKEN", GIT_TOKEN);
            env.put("SOME_API_TOKEN", ENV_TOKEN);

            Path leak = dir.resolve("leak.txt");
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < secrets.size(); i++) {
                lines.append("LEAK_")
                        .append(i)
                        .append('=')
                        .append(secrets.get(i))
                        .append('\n');
            }
            lines.append("URL=").append(url).append('\n');
            Files.writeString(leak, lines);
            String original = Files.readString(svc.config);
            String config = "git:\n  github:\n    webhook_secret: ${GITHUB_WEBHOOK_SECRET}\n"
                    + original.replaceFirst("restart_command: .*", "restart_command: \"env; cat " + leak + "; exit 1\"")
                    + """
                      other:
                        type: api
                        environments:
                          prod:
                            provider: coolify
                            api_url: https://coolify.example.invalid
                            api_token: ${COOLIFY_API_TOKEN}
                            application_uuid: abc
                          mirror:
                            provider: local
                            app_path: %s
                            git_repo: https://oauth2:${GIT_TOKEN}@git.example.invalid/demo.git
                    """.formatted(dir.resolve("mirror"));
            Files.writeString(svc.config, config);
            CliProcess cli = new CliProcess(dir, env);

            CliProcess.Result text = cli.run("deploy", FRAISE, ENVIRONMENT);
            assertThat(text.exit()).as(text.toString()).isEqualTo(6);
            // the command did run and print: its output is there, masked
            assertThat(text.toString()).contains("LEAK_0=***");
            CliProcess.Result json = cli.run("deploy", FRAISE, ENVIRONMENT, "--force", "--output", "json");
            assertThat(json.exit()).as(json.toString()).isEqualTo(6);
            CliProcess.Result history = cli.run("history", "-v");
            CliProcess.Result status = cli.run("status", FRAISE, ENVIRONMENT);

            List<String> stored = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT error_message FROM tb_deployment")) {
                    while (r.next()) {
                        stored.add("error_message: " + r.getString(1));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT message FROM tb_deployment_event")) {
                    while (r.next()) {
                        stored.add("event: " + r.getString(1));
                    }
                }
            }
            assertThat(stored).anyMatch(m -> m.startsWith("error_message: ") && m.contains("LEAK_0=***"));
            assertThat(stored).anyMatch(m -> m.startsWith("event: ") && m.contains("LEAK_0=***"));
            for (String secret : secrets) {
                for (CliProcess.Result r : List.of(text, json, history, status)) {
                    assertThat(r.out()).as(r.command()).doesNotContain(secret);
                    assertThat(r.err()).as(r.command()).doesNotContain(secret);
                }
                assertThat(stored).noneMatch(m -> m.contains(secret));
            }
        }
    }
}
