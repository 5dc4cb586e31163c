package io.fraisier.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball: what it holds, and docs/INSTALL.md's tarball path (install, then upgrade to a next version
 * unpacked beside it) run as written, under a temporary root folder instead of {@code /}. Then the webhook
 * daemon of that installation answers {@code GET /health}.
 */
class TarballInstallIT {
    @TempDir
    Path tmp;

    @Test
    void theTarball_holdsOneInstallation_withBothLaunchers_andOneVersionOfEachJar() throws Exception {
        String top = "fraisier-" + Distribution.version() + "/";
        List<String> entries = Shell.run("tar", "-tzf", Distribution.tarball().toString())
                .ok()
                .output()
                .lines()
                .toList();

        assertThat(entries).allMatch(e -> e.startsWith(top), "everything under " + top);
        assertThat(entries)
                .contains(
                        top + "bin/fraisier",
                        top + "bin/fraisier-webhook",
                        top + "lib/fraisier-cli-" + Distribution.version() + ".jar",
                        top + "lib/fraisier-webhook-" + Distribution.version() + ".jar",
                        top + "systemd/fraisier-webhook.service",
                        top + "systemd/fraisier-metrics.service",
                        top + "completion/fraisier.bash",
                        top + "completion/_fraisier",
                        top + "completion/fraisier.fish",
                        top + "man/fraisier.1",
                        top + "examples/minimal.yaml",
                        top + "examples/fraises.yaml",
                        top + "LICENSE",
                        top + "README.md");
        // one jar per artifact: two versions of one library on a class path is what the layout rules out
        Map<String, List<String>> byArtifact = entries.stream()
                .filter(e -> e.startsWith(top + "lib/") && e.endsWith(".jar"))
                .map(e -> e.substring((top + "lib/").length()))
                .collect(Collectors.groupingBy(jar -> jar.replaceFirst("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", "")));
        assertThat(byArtifact)
                .allSatisfy((artifact, jars) -> assertThat(jars).as(artifact).hasSize(1));
    }

    @Test
    void theDocumentedInstallAndUpgrade_runAsWritten() throws Exception {
        Path root = tmp.resolve("root");
        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        Files.createDirectories(root.resolve("usr/local/bin"));
        Files.copy(
                Distribution.tarball(), downloads.resolve(Distribution.tarball().getFileName()));
        makeNextVersion(downloads);
        Map<String, String> env = environment(root);

        Shell.Result install = Shell.bash(underRoot(Distribution.block("tarball-install"), root), downloads, env)
                .ok();

        assertThat(install.output()).contains("fraisier " + Distribution.version());
        Path current = root.resolve("opt/fraisier/current");
        assertThat(Files.readSymbolicLink(current)).hasToString("fraisier-" + Distribution.version());
        assertThat(root.resolve("usr/local/bin/fraisier")).isSymbolicLink();
        assertThat(root.resolve("usr/local/bin/fraisier-webhook")).isSymbolicLink();
        for (String documented : Distribution.documentedInstallationPaths()) {
            assertThat(root.resolve(documented.substring(1)))
                    .as("%s, named in the docs or a unit, after the documented install", documented)
                    .exists();
        }

        // a jar only the old version has (a dependency the next one dropped) must not reach the new class path
        Files.copy(
                root.resolve("opt/fraisier/fraisier-" + Distribution.version() + "/lib/fraisier-cli-"
                        + Distribution.version() + ".jar"),
                root.resolve("opt/fraisier/fraisier-" + Distribution.version() + "/lib/old-only.jar"));

        Shell.Result upgrade = Shell.bash(underRoot(Distribution.block("tarball-upgrade"), root), downloads, env)
                .ok();

        assertThat(upgrade.output()).contains("fraisier " + Distribution.version());
        assertThat(Files.readSymbolicLink(current)).hasToString("fraisier-" + Distribution.NEXT_VERSION);
        // beside, not over: the old folder is untouched and the new one holds only its own jars
        assertThat(root.resolve("opt/fraisier/fraisier-" + Distribution.version() + "/bin/fraisier"))
                .exists();
        assertThat(root.resolve("opt/fraisier/fraisier-" + Distribution.NEXT_VERSION + "/lib/old-only.jar"))
                .doesNotExist();
        assertThat(root.resolve("opt/fraisier/fraisier-" + Distribution.version() + "/lib/old-only.jar"))
                .exists();

        // the operator guide's upgrade step says the same, from the old version again
        Shell.run("ln", "-sfn", "fraisier-" + Distribution.version(), current.toString())
                .ok();
        Shell.bash(underRoot(Distribution.block("docs/OPERATOR_GUIDE.md", "guide-upgrade"), root), downloads, env)
                .ok();
        assertThat(Files.readSymbolicLink(current)).hasToString("fraisier-" + Distribution.NEXT_VERSION);
        assertThat(Shell.bash("fraisier --version", downloads, env).ok().output())
                .startsWith("fraisier " + Distribution.version());
    }

    @Test
    void theInstalledWebhookDaemon_answersHealth() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("usr/local/bin"));
        Shell.bash(underRoot(Distribution.block("tarball-install"), root), Distribution.target(), environment(root))
                .ok();
        int port = Distribution.freePort();
        Path config = tmp.resolve("fraises.yaml");
        Files.writeString(
                config, """
                database:
                  type: sqlite
                  path: %s
                webhook:
                  address: 127.0.0.1
                  port: %d
                fraises:
                  hello:
                    type: api
                    environments:
                      production:
                        provider: local
                        git_repo: %s
                        app_path: %s
                """.formatted(tmp.resolve("fraisier.db"), port, tmp.resolve("repo"), tmp.resolve("app")));
        Path log = tmp.resolve("daemon.log");
        ProcessBuilder builder = new ProcessBuilder(
                        root.resolve("usr/local/bin/fraisier-webhook").toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        environment(root).forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        Process daemon = builder.start();
        try {
            int status = Distribution.healthStatus(port, daemon::isAlive);
            assertThat(status)
                    .as("GET /health; the daemon's output:\n%s", Files.readString(log))
                    .isEqualTo(200);
        } finally {
            Distribution.stop(daemon);
        }
    }

    /** fraisier-NEXT.tar.gz: this build under the next version's folder. */
    private void makeNextVersion(Path downloads) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("next"));
        String next = "fraisier-" + Distribution.NEXT_VERSION;
        Shell.run("tar", "-xzf", Distribution.tarball().toString(), "-C", work.toString())
                .ok();
        Files.move(work.resolve("fraisier-" + Distribution.version()), work.resolve(next));
        Shell.run(
                        "tar",
                        "-I",
                        "gzip -1",
                        "-cf",
                        downloads.resolve(next + ".tar.gz").toString(),
                        "-C",
                        work.toString(),
                        next)
                .ok();
    }

    /** The documented commands with / moved to {@code root} (only the paths the install writes to). */
    static String underRoot(String script, Path root) {
        return script.replace("/opt/fraisier", root + "/opt/fraisier")
                .replace("/usr/local/bin/", root + "/usr/local/bin/");
    }

    private Map<String, String> environment(Path root) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", root.resolve("usr/local/bin") + ":" + System.getenv("PATH"));
        env.put("JAVA_HOME", Distribution.javaHome());
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        env.put("FRAISIER_HOME", tmp.resolve("home").toString());
        env.put("FRAISIER_LOG_DIR", Files.createDirectories(tmp.resolve("log")).toString());
        Arrays.asList("FRAISIER_CONFIG", "FRAISIER_DATABASE_URL").forEach(k -> env.put(k, null));
        return env;
    }
}
