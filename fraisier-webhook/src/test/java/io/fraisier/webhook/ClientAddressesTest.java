package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
    private final ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.1", "::1"));

    @Test
    void client_fromUntrustedPeer_ignoresForwardedFor() {
        assertThat(addresses.client("192.0.2.9", "203.0.113.5")).isEqualTo("192.0.2.9");
    }

    @Test
    void client_fromTrustedProxy_takesTheRightmostUntrustedHop() {
        assertThat(addresses.client("10.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.1"))
                .isEqualTo("203.0.113.5");
    }

    @Test
    void client_fromTrustedProxyWritingIpv6Differently_isStillTrusted() {
        assertThat(addresses.client("0:0:0:0:0:0:0:1", "203.0.113.5")).isEqualTo("203.0.113.5");
    }

    @Test
    void client_fromTrustedProxyWithoutForwardedFor_isTheProxy() {
        assertThat(addresses.client("10.0.0.1", null)).isEqualTo("10.0.0.1");
    }

    @Test
    void client_fromAProxyInATrustedCidrBlock_isTrusted() {
        ClientAddresses blocks = new ClientAddresses(List.of("127.0.0.0/8", "fd00::/8"));

        assertThat(blocks.client("127.0.0.1", "203.0.113.5")).isEqualTo("203.0.113.5");
        assertThat(blocks.client("127.3.4.5", "203.0.113.6, 127.0.0.1")).isEqualTo("203.0.113.6");
        assertThat(blocks.client("fd12::7", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(blocks.client("192.0.2.9", "203.0.113.5")).isEqualTo("192.0.2.9");
    }

    @Test
    void anEntryThatIsNoAddress_isRefusedRatherThanNeverMatched() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proxy.internal");
    }
}
