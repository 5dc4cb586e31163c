package io.fraisier.providers.baremetal;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.providers.host.HostDeploymentProvider;
import io.fraisier.testkit.git.GitOrigin;
import io.fraisier.testkit.git.TinyService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** An in-process SSH server running commands on this machine, a git origin, a test service, and a bare_metal target for them. */
abstract class InProcessSshFixture {
    @TempDir
    Path root;

    SshTestServer server;
    GitOrigin origin;
    TinyService service;
    Path bin;
    Path key;
    Path knownHosts;
    Path appPath;

    @BeforeEach
    void start() throws IOException {
        bin = Files.createDirectories(root.resolve("bin"));
        server = new SshTestServer(bin).start();
        origin = GitOrigin.withBare(Files.createDirectories(root.resolve("git")));
        service = new TinyService(Files.createDirectories(root.resolve("run")));
        key = server.writeClientKey(root.resolve("id_test"), null);
        knownHosts = Files.writeString(root.resolve("known_hosts"), server.knownHostsLine() + "\n");
        appPath = root.resolve("srv").resolve("my app");
    }

    @AfterEach
    void stop() throws IOException {
        service.stop(service.runDir().resolve("pid"), bin.resolve("state").resolve("demo.service.pid"));
        server.stop();
    }

    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", (long) server.port());
        s.put("user", "deploy");
        s.put("key_path", key.toString());
        s.put("known_hosts", knownHosts.toString());
        s.put("app_path", appPath.toString());
        s.put("git_repo", origin.url());
        s.put("restart_command", service.restartCommand());
        return s;
    }

    HostDeploymentProvider provider(Map<String, Object> settings) {
        return provider(settings, Duration.ofSeconds(60), Map.of());
    }

    HostDeploymentProvider provider(Map<String, Object> settings, Duration timeout, Map<String, String> env) {
        HealthCheck check = BareMetalTargets.httpCheck(service.healthUrl());
        return BareMetalTargets.provider(BareMetalTargets.environment(timeout, check, settings), env);
    }

    String fingerprint() throws Exception {
        String blob = PublicKeyEntry.toString(server.hostPublicKey()).split(" ")[1];
        byte[] digest =
                MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(blob));
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }
}
