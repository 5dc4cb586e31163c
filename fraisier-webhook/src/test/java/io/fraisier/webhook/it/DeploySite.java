package io.fraisier.webhook.it;

import io.fraisier.testkit.git.GitOrigin;
import io.fraisier.webhook.Payloads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the daemon's integration tests deploy: a git repository in a temp folder, targets {@code app/e0…}
 * deployed by the real {@code local} provider into {@code apps/e0…}, and a restart command that appends
 * {@code start <target> <sha> <epoch-ms>} and {@code end …} to {@code restarts.log}, so that a test can
 * see from timestamps which deployments ran and whether two of one target overlapped. Branch {@code bN}
 * deploys {@code app/eN}; every commit is the head of all of them.
 */
final class DeploySite {
    static final String SECRET = "it-webhook-secret";
    /** How many branches {@code bN} {@link #commit()} moves: more targets than any test configures. */
    static final int BRANCHES = 8;

    private final Path dir;
    private final Path repo;
    private final Path restarts;
    private final Path gate;
    private final HttpClient http = HttpClient.newHttpClient();
    private GitOrigin origin;

    DeploySite(Path dir) {
        this.dir = dir;
        this.repo = dir.resolve("repo");
        this.restarts = dir.resolve("restarts.log");
        this.gate = dir.resolve("gate");
    }

    /** From now on a restart that has begun waits, before it ends, until {@link #openGate()}. */
    void closeGate() throws IOException {
        Files.writeString(gate, "closed");
    }

    void openGate() throws IOException {
        Files.deleteIfExists(gate);
    }

    /** A repository with one commit on {@code main}, a restart script sleeping {@code restartSeconds}. */
    DeploySite init(double restartSeconds) throws IOException {
        origin = GitOrigin.create(Files.createDirectories(repo));
        commit();
        Files.writeString(dir.resolve("restart.sh"), """
                #!/bin/sh
                # $1 target, $2 its checkout
                sha=$(git -C "$2" rev-parse HEAD)
                echo "start $1 $sha $(date +%%s%%3N)" >> "%s"
                sleep %s
                # a closed gate holds the restart (at most 60 s) until the test opens it
                n=0; while [ -e "%s" ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done
                echo "end $1 $sha $(date +%%s%%3N)" >> "%s"
                """.formatted(restarts, restartSeconds, gate, restarts));
        return this;
    }

    /**
     * A new commit on {@code main}, which branches {@code b0…b7} then point at too (what pushing it to
     * each would leave: the daemon checks a push against its branch's head); returns its SHA.
     */
    String commit() {
        String sha = origin.commit("c" + UUID.randomUUID(), Map.of());
        for (int i = 0; i < BRANCHES; i++) {
            origin.git("update-ref", "refs/heads/b" + i, sha);
        }
        return sha;
    }

    /**
     * A {@code fraises.yaml} with {@code targets} environments, {@code workers} per daemon and a free port
     * of loopback (the config wants a real port number).
     */
    Path config(int targets, int workers) throws IOException {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        StringBuilder mapping = new StringBuilder();
        StringBuilder envs = new StringBuilder();
        for (int i = 0; i < targets; i++) {
            mapping.append("  b%d: { fraise: app, environment: e%d }\n".formatted(i, i));
            envs.append("""
                          e%d:
                            provider: local
                            branch: b%d
                            git_repo: %s
                            app_path: %s
                            restart_command: "sh %s e%d %s"
                            timeout: 120
                            lock_timeout: 60
                    """.formatted(i, i, repo, app(i), dir.resolve("restart.sh"), i, app(i)));
        }
        Path file = dir.resolve("fraises-" + port + ".yaml");
        Files.writeString(file, """
                git:
                  provider: github
                  github: { webhook_secret: %s }
                webhook:
                  address: 127.0.0.1
                  port: %d
                  rate_limit: 1000000
                  workers: %d
                branch_mapping:
                %sfraises:
                  app:
                    type: api
                    environments:
                %s""".formatted(SECRET, port, workers, mapping, envs));
        return file;
    }

    Path app(int target) {
        return dir.resolve("apps").resolve("e" + target);
    }

    /** The commit checked out for target {@code eN}, or null when nothing was deployed there. */
    String checkedOut(int target) {
        if (!Files.isDirectory(app(target).resolve(".git"))
                && !Files.exists(app(target).resolve(".git"))) {
            return null;
        }
        return GitOrigin.run(List.of("git", "-C", app(target).toString(), "rev-parse", "HEAD"))
                .strip();
    }

    /** Signs and posts a GitHub push of {@code sha} to branch {@code bN}; returns the HTTP status. */
    HttpResponse<String> push(int port, int target, String sha) throws IOException, InterruptedException {
        String body = Payloads.githubPush("refs/heads/b" + target, sha, false);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + Payloads.hmacHex(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The restart log, one {@link Restart} per line. */
    List<Restart> restarts() throws IOException {
        List<Restart> out = new ArrayList<>();
        if (!Files.exists(restarts)) {
            return out;
        }
        for (String line : Files.readAllLines(restarts)) {
            String[] f = line.strip().split(" ");
            if (f.length == 4) {
                out.add(new Restart(f[0].equals("start"), f[1], f[2], Long.parseLong(f[3])));
            }
        }
        return out;
    }

    /** One line of the restart log. */
    record Restart(boolean start, String target, String sha, long epochMs) {}
}
