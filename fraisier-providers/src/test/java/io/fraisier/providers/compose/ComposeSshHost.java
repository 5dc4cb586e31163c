package io.fraisier.providers.compose;

import io.fraisier.providers.baremetal.SshTestServer;
import io.fraisier.providers.docker.DockerDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "The compose host" for compose-over-SSH tests: the in-process SSH server (Apache MINA) that runs the
 * commands on this machine, where the test daemon's DOCKER_HOST is part of the login environment, as the
 * remote host's own daemon would be. Fraisier's process environment does not carry it.
 */
final class ComposeSshHost implements AutoCloseable {
    final SshTestServer server;
    final Path key;
    final Path knownHosts;

    private ComposeSshHost(SshTestServer server, Path key, Path knownHosts) {
        this.server = server;
        this.key = key;
        this.knownHosts = knownHosts;
    }

    static ComposeSshHost start(DockerDaemon daemon, Path dir) throws IOException {
        SshTestServer server = new SshTestServer(Files.createDirectories(dir.resolve("bin")), daemon.env()).start();
        Path key = server.writeClientKey(dir.resolve("id_test"), null);
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        return new ComposeSshHost(server, key, knownHosts);
    }

    /** The SSH keys of an environment reaching this host. */
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", (long) server.port());
        s.put("user", "deploy");
        s.put("key_path", key.toString());
        s.put("known_hosts", knownHosts.toString());
        return s;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
