package io.fraisier.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.FraisierException;
import org.junit.jupiter.api.Test;

class PortMappingTest {
    private static final String KEY = "fraises.api.environments.staging.ports";

    @Test
    void parse_addressHostAndContainerPort() {
        assertThat(PortMapping.parse(KEY, "127.0.0.1:8000:8080"))
                .isEqualTo(new PortMapping("127.0.0.1", 8000, 8080, "tcp"));
    }

    @Test
    void parse_withoutAddress_bindsLoopbackOnly() {
        assertThat(PortMapping.parse(KEY, "8000:8000").address()).isEqualTo("127.0.0.1");
        assertThat(PortMapping.parse(KEY, "9000")).isEqualTo(new PortMapping("127.0.0.1", null, 9000, "tcp"));
    }

    @Test
    void parse_allInterfaces_onlyWhenWritten() {
        assertThat(PortMapping.parse(KEY, "0.0.0.0:80:8000/udp"))
                .isEqualTo(new PortMapping("0.0.0.0", 80, 8000, "udp"));
    }

    @Test
    void parse_ipv6InBrackets() {
        assertThat(PortMapping.parse(KEY, "[::1]:8000:8000").address()).isEqualTo("::1");
        assertThat(PortMapping.parse(KEY, "[::1]:8000:8000")).hasToString("[::1]:8000:8000/tcp");
    }

    @Test
    void parse_garbage_namesTheKeyAndTheSyntax() {
        assertThatThrownBy(() -> PortMapping.parse(KEY, "eighty"))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining(KEY)
                .hasMessageContaining("'eighty'")
                .hasMessageContaining("127.0.0.1:8000:8000");
    }

    @Test
    void parse_portOutOfRange_isRefused() {
        assertThatThrownBy(() -> PortMapping.parse(KEY, "127.0.0.1:70000:80"))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining("70000");
    }
}
