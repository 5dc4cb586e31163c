package io.fraisier.providers.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parse_readsHostAndPort_includingBracketedIpv6() {
        assertThat(HostPort.parse("k", "localhost:8000")).isEqualTo(new HostPort("localhost", 8000));
        assertThat(HostPort.parse("k", " 10.0.0.1:22 ")).isEqualTo(new HostPort("10.0.0.1", 22));
        HostPort v6 = HostPort.parse("k", "[::1]:8080");
        assertThat(v6).isEqualTo(new HostPort("::1", 8080));
        assertThat(v6).hasToString("[::1]:8080");
    }

    @Test
    void parse_ofMalformedValues_isAConfigErrorNamingTheKey() {
        for (String bad : new String[] {"localhost", ":80", "host:", "host:0", "host:70000", "::1:80", "host:8a"}) {
            assertThatThrownBy(() -> HostPort.parse("health_check_tcp", bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                    .hasMessageContaining("health_check_tcp: '" + bad + "' is not host:port");
        }
    }
}
