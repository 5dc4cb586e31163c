package io.fraisier.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a read-only command loads, in a real JVM ({@code -verbose:class}): {@code history} reads the store
 * and the config, so it may load the provider factories and their key lists (the config schema) and the
 * local hook runner, but no Docker, SSH, HTTP-client or provider implementation class.
 */
class ClassLoadingIT {
    @TempDir
    Path dir;

    @Test
    void history_loadsNoProviderImplementationNorDockerOrSshLibrary() throws Exception {
        Path config = Files.writeString(dir.resolve("fraises.yaml"), """
                fraises:
                  demo:
                    type: api
                    environments:
                      production:
                        provider: local
                        app_path: /srv/demo
                      docker:
                        provider: docker
                        image: registry.example.com/demo
                      remote:
                        provider: bare_metal
                        host: deploy.example.com
                        app_path: /srv/demo
                """);
        List<String> loaded = loadedBy(config, "history");
        assertThat(loaded)
                .noneMatch(c -> c.startsWith("com.github.dockerjava."))
                .noneMatch(c -> c.startsWith("net.schmizz.") || c.startsWith("com.hierynomus."))
                .noneMatch(c -> c.startsWith("org.bouncycastle.") || c.startsWith("okhttp3."))
                .noneMatch(c -> c.startsWith("org.apache.hc."));
        // the remote providers' packages contribute their schema only (factories and key lists)
        assertThat(loaded.stream()
                        .filter(c -> c.matches(
                                "io\\.fraisier\\.providers\\.(ssh|docker|compose|coolify|baremetal|host)\\..*")))
                .as("remote provider classes: only the schema")
                .allMatch(c -> c.endsWith("DeploymentProviderFactory")
                        || c.endsWith("Keys")
                        || c.equals("io.fraisier.providers.host.HostAccess"));
    }

    /**
     * Issue #14: on a store that exists and is current, {@code history}, {@code stats} and {@code
     * status-all} read with plain JDBC: no jOOQ, HikariCP or Flyway class is loaded (without an AOT cache,
     * which would preload what its training runs loaded).
     */
    @Test
    void readOnlyCommandsOnACurrentStore_loadNoJooqHikariOrFlyway() throws Exception {
        Path config = Files.writeString(dir.resolve("fraises.yaml"), """
                fraises:
                  demo:
                    type: api
                    environments:
                      production:
                        provider: local
                        app_path: /srv/demo
                """);
        // the first command makes the store (Flyway, the pool): what follows finds it current
        assertThat(loadedBy(config, "history")).anyMatch(c -> c.startsWith("org.flywaydb."));
        for (String command : List.of("history", "stats", "status-all")) {
            assertThat(loadedBy(config, command))
                    .as(command)
                    .anyMatch(c -> c.startsWith("org.sqlite."))
                    .noneMatch(c -> c.startsWith("org.jooq."))
                    .noneMatch(c -> c.startsWith("com.zaxxer.hikari."))
                    .noneMatch(c -> c.startsWith("org.flywaydb."));
        }
    }

    /**
     * Issue #14: the command models are built by code generated from the picocli annotations, so no
     * annotation is read at run time and the JDK spins no dynamic proxy class ({@code jdk.proxy*}, which
     * its AOT cache cannot hold): not for one subcommand, nor for the whole tree that {@code --help} shows.
     */
    @Test
    void list_andTheTopHelp_spinNoDynamicProxy() throws Exception {
        Path config = Files.writeString(dir.resolve("fraises.yaml"), """
                fraises:
                  demo:
                    type: api
                    environments:
                      production:
                        provider: local
                        app_path: /srv/demo
                """);
        for (String command : List.of("list", "--help")) {
            assertThat(loadedBy(config, command)).as(command).noneMatch(c -> c.startsWith("jdk.proxy"));
        }
    }

    /** The classes a {@code fraisier COMMAND -c CONFIG} JVM loads, in load order; fails unless it exits 0. */
    private List<String> loadedBy(Path config, String command) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-verbose:class",
                        "-cp",
                        classPath,
                        "io.fraisier.cli.Main",
                        command,
                        "-c",
                        config.toString())
                .directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("FRAISIER_") || k.startsWith("JAVA_TOOL"));
        builder.environment().put("FRAISIER_HOME", dir.resolve("home").toString());
        builder.environment().put("HOME", dir.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue())
                .as(Files.readString(dir.resolve("stderr.txt")))
                .isZero();
        List<String> loaded = out.lines()
                .filter(line -> line.contains("class,load"))
                .map(line -> line.split(" ")[1])
                .toList();
        assertThat(loaded)
                .as("classes loaded, from:\n" + out.substring(0, Math.min(2000, out.length())))
                .hasSizeGreaterThan(500);
        return loaded;
    }
}
