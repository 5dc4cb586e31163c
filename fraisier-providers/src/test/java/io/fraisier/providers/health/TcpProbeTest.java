package io.fraisier.providers.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.ProbeResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpProbeTest {
    private final TcpProbe probe = new TcpProbe();

    @Test
    void probe_ofAListeningPort_isHealthy() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProbeResult result = probe.probe(new HostPort("127.0.0.1", socket.getLocalPort()), Duration.ofSeconds(2));
            assertThat(result.healthy()).isTrue();
            assertThat(result.detail()).isEqualTo("tcp 127.0.0.1:" + socket.getLocalPort() + " open");
        }
    }

    @Test
    void probe_ofAClosedPort_saysConnectionRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProbeResult result = probe.probe(new HostPort("127.0.0.1", port), Duration.ofSeconds(2));
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).isEqualTo("tcp 127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void probe_ofAnUnknownHost_saysSo() {
        ProbeResult result = probe.probe(new HostPort("no-such-host.invalid", 80), Duration.ofSeconds(2));
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).isEqualTo("tcp no-such-host.invalid:80: unknown host");
    }
}
