package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressRangeTest {
    private static AddressRange range(String text) {
        return AddressRange.parse(text).orElseThrow();
    }

    @Test
    void ipv4Block_containsItsAddressesOnly() {
        AddressRange loopback = range("127.0.0.0/8");

        assertThat(loopback.contains("127.0.0.1")).isTrue();
        assertThat(loopback.contains("127.255.3.4")).isTrue();
        assertThat(loopback.contains("128.0.0.1")).isFalse();
        assertThat(loopback.contains("::1")).isFalse();
        assertThat(loopback.contains("::ffff:127.0.0.9")).as("IPv4-mapped IPv6").isTrue();
        assertThat(range("10.1.2.3/16")).isEqualTo(range("10.1.0.0/16"));
        assertThat(range("0.0.0.0/0").contains("203.0.113.9")).isTrue();
        assertThat(range("::ffff:10.1.0.0/112")).isEqualTo(range("10.1.0.0/16"));
    }

    @Test
    void singleAddresses_matchEverySpellingOfThemselves() {
        assertThat(range("::1").contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(range("::1").contains("[::1]")).isTrue();
        assertThat(range("10.0.0.7").contains("10.0.0.7")).isTrue();
        assertThat(range("10.0.0.7").contains("10.0.0.8")).isFalse();
    }

    @Test
    void ipv6Block_containsItsAddressesOnly() {
        AddressRange ula = range("fd00::/8");

        assertThat(ula.contains("fd12:3456::1")).isTrue();
        assertThat(ula.contains("fe80::1")).isFalse();
        assertThat(ula.contains("10.0.0.1")).isFalse();
        assertThat(range("2001:db8::/32").toString()).isEqualTo("2001:db8:0:0:0:0:0:0/32");
    }

    @Test
    void namesAndMalformedText_areNotRanges_andAreNeverLookedUp() {
        for (String bad : new String[] {
            "localhost", "proxy.internal", "1.2.3", "1.2.3.4.5", "256.0.0.1", "10.0.0.0/33", "10.0.0.0/", "/8",
            "::1/129", "fe80::1%eth0", "::g", "", "10.0.0.0/-1", "10.0.0.0/8/8", ".:", "1::2::3"
        }) {
            assertThat(AddressRange.parse(bad)).as(bad).isEmpty();
        }
        assertThat(range("127.0.0.0/8").contains("localhost")).isFalse();
    }
}
