package io.fraisier.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.testkit.git.GitOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real service to deploy with the {@code local} provider: a git repository (branch main) whose commits
 * hold a {@code VERSION} file and, when healthy, a {@code health} file; the restart command serves the
 * checkout with {@code python3 -m http.server} on a free loopback port, so {@code /health} answers 200
 * exactly when the deployed commit has that file. The restart command appends {@code start <epoch-ms>
 * <sha>} and {@code end <epoch-ms>} to {@code state/restarts.log}, and sleeps {@code state/restart-delay}
 * seconds in between when that file exists, and fails at once while {@code state/restart-fails} exists; the
 * install command sleeps while {@code state/slow-install} exists, after touching {@code state/installing}.
 */
final class Deployable implements AutoCloseable {
    static final String FRAISE = "demo";
    static final String ENVIRONMENT = "production";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path dir;
    final Path repo;
    final Path app;
    final Path state;
    final Path config;
    final int port;
    private final GitOrigin origin;
    private int commits;

    Deployable(Path dir) {
        this.dir = dir;
        this.repo = dir.resolve("repo");
        this.app = dir.resolve("app");
        this.state = dir.resolve("state");
        this.config = dir.resolve("fraises.yaml");
        this.port = freePort();
        try {
            this.origin = GitOrigin.create(Files.createDirectories(repo));
            Files.createDirectories(state);
            Path restart = dir.resolve("restart.sh");
            Files.writeString(restart, """
                    #!/bin/sh
                    set -eu
                    log="$STATE/restarts.log"
                    block="$STATE/block-restart"
                    if [ -f "$block" ] && { [ ! -s "$block" ] || [ "$(cat "$block")" = "$FRAISIER_VERSION" ]; }; then
                      touch "$STATE/at-restart"
                      while [ -f "$block" ]; do sleep 0.05; done
                    fi
                    if [ -f "$STATE/restart-fails" ]; then echo "restart refused on purpose" >&2; exit 3; fi
                    echo "start $(date +%s%3N) $FRAISIER_VERSION" >> "$log"
                    pidfile="$STATE/service.pid"
                    if [ -f "$pidfile" ]; then
                      pid=$(cat "$pidfile")
                      kill "$pid" 2>/dev/null || true
                      i=0
                      while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
                    fi
                    if [ -f "$STATE/restart-delay" ]; then sleep "$(cat "$STATE/restart-delay")"; fi
                    nohup python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$PWD" \\
                      >>"$STATE/service.log" 2>&1 </dev/null &
                    echo $! > "$pidfile"
                    echo "end $(date +%s%3N)" >> "$log"
                    """);
            Path install = dir.resolve("install.sh");
            Files.writeString(install, """
                    #!/bin/sh
                    echo "installing $FRAISIER_VERSION"
                    touch "$STATE/installing"
                    while [ -f "$STATE/slow-install" ]; do sleep 0.1; done
                    rm -f "$STATE/installing"
                    """);
            Path health = dir.resolve("health.sh");
            Files.writeString(health, """
                    #!/bin/sh
                    if [ -f "$STATE/block-health" ]; then
                      touch "$STATE/at-health"
                      while [ -f "$STATE/block-health" ]; do sleep 0.05; done
                    fi
                    exit 0
                    """);
            Files.writeString(
                    config, """
                    fraises:
                      %1$s:
                        type: api
                        environments:
                          %2$s:
                            provider: local
                            branch: main
                            git_repo: %3$s
                            app_path: %4$s
                            install_command: "STATE=%5$s sh %6$s"
                            restart_command: "STATE=%5$s PORT=%7$d sh %8$s"
                            health_check_url: http://127.0.0.1:%7$d/health
                            health_check_command: "STATE=%5$s sh %9$s"
                            health_check_timeout: 2
                            health_check_retries: 5
                            health_check_interval: 0.2
                            timeout: 120
                            lock_timeout: 60
                    """.formatted(FRAISE, ENVIRONMENT, repo, app, state, install, port, restart, health));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits a new version; {@code healthy} says whether it has the {@code health} file. Returns its SHA. */
    String commit(String version, boolean healthy) {
        if (!healthy) {
            try {
                Files.deleteIfExists(repo.resolve("health"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> files =
                healthy ? Map.of("VERSION", version + "\n", "health", "ok\n") : Map.of("VERSION", version + "\n");
        return origin.commit(version + " (" + ++commits + ")", files);
    }

    /** The CLI's environment for this fraises.yaml and an SQLite store in {@code dir}; a copy to add to. */
    Map<String, String> sqliteEnvironment(Path dir) {
        Map<String, String> env = new java.util.HashMap<>(Stores.SQLITE.environment(dir));
        env.put("FRAISIER_CONFIG", config.toString());
        return env;
    }

    /** Rewrites fraises.yaml's {@code restart_command} to {@code command}, written as a YAML double-quoted value. */
    void restartCommand(String command) throws IOException {
        String original = Files.readString(config);
        Files.writeString(
                config,
                original.replaceFirst(
                        "restart_command: .*",
                        java.util.regex.Matcher.quoteReplacement("restart_command: \"" + command + "\"")));
    }

    /** The commit checked out in {@code app_path}. */
    String checkout() {
        return GitOrigin.run(List.of("git", "-C", app.toString(), "rev-parse", "HEAD"))
                .strip();
    }

    /** The VERSION the running service answers with, empty when nothing answers. */
    Optional<String> served() {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/VERSION"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body().strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The restart command's log, one interval per restart, in the order they started. */
    List<Restart> restarts() {
        Path log = state.resolve("restarts.log");
        List<Restart> out = new ArrayList<>();
        try {
            if (!Files.exists(log)) {
                return out;
            }
            Long start = null;
            String sha = null;
            for (String line : Files.readAllLines(log)) {
                String[] f = line.split(" ");
                if (f[0].equals("start")) {
                    assertThat(start)
                            .as("a restart began before the previous ended:\n" + Files.readString(log))
                            .isNull();
                    start = Long.parseLong(f[1]);
                    sha = f[2];
                } else {
                    assertThat(start)
                            .as("an end without a start:\n" + Files.readString(log))
                            .isNotNull();
                    out.add(new Restart(start, Long.parseLong(f[1]), sha));
                    start = null;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    record Restart(long startMillis, long endMillis, String sha) {}

    void restartDelaySeconds(double seconds) {
        write("restart-delay", Double.toString(seconds));
    }

    /** While on, the restart command fails (exit 3) before it logs or starts anything. */
    void failRestarts(boolean fail) {
        if (fail) {
            write("restart-fails", "");
        } else {
            try {
                Files.deleteIfExists(state.resolve("restart-fails"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void slowInstall(boolean slow) {
        if (slow) {
            write("slow-install", "");
        } else {
            try {
                Files.deleteIfExists(state.resolve("slow-install"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Holds the restart ({@code sha} null: every restart; else only the restart of that commit) or the health
     * command ({@code step} "restart" or "health") until {@link #unblock(String)}.
     */
    void block(String step, String sha) {
        write("block-" + step, sha == null ? "" : sha);
    }

    void unblock(String step) {
        try {
            Files.deleteIfExists(state.resolve("block-" + step));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a held step ({@link #block}) was reached. */
    boolean reached(String step) {
        return Files.exists(state.resolve("at-" + step));
    }

    boolean installing() {
        return Files.exists(state.resolve("installing"));
    }

    private void write(String name, String content) {
        try {
            Files.writeString(state.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the service the restart command left running. */
    @Override
    public void close() throws IOException {
        slowInstall(false);
        unblock("restart");
        unblock("health");
        Path pidfile = state.resolve("service.pid");
        if (Files.exists(pidfile)) {
            long pid = Long.parseLong(Files.readString(pidfile).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }
}
