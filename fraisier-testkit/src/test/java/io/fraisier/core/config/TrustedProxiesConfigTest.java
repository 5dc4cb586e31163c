package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code webhook.trusted_proxies}: addresses and CIDR blocks, checked when the file is read. */
class TrustedProxiesConfigTest {
    private static FraisierConfig parse(String yaml) {
        return new ConfigParser(Map.of(), ReferenceProviders.all()).parse(yaml, Path.of("fraises.yaml"));
    }

    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("the config is rejected").isNotNull();
        return e.problems().stream().map(ConfigProblem::format).toList();
    }

    @Test
    void addressesAndCidrBlocks_ofBothFamilies_areAccepted() {
        FraisierConfig c = parse(
                "webhook:\n  trusted_proxies: [\"127.0.0.0/8\", 10.0.0.7, \"::1\", \"fd00::/8\", \"::ffff:10.1.0.0/112\"]\n");

        assertThat(c.webhook().trustedProxies())
                .containsExactly("127.0.0.0/8", "10.0.0.7", "::1", "fd00::/8", "::ffff:10.1.0.0/112");
    }

    @Test
    void hostNamesAndMalformedBlocks_areProblemsWithTheirPlaceAndKeyPath() {
        assertThat(problems("webhook:\n  trusted_proxies:\n    - 127.0.0.0/8\n    - proxy.internal\n"
                        + "    - 10.0.0.0/33\n    - 300.1.1.1\n    - \"fd00::/129\"\n"))
                .containsExactly(
                        "fraises.yaml:4:7: webhook.trusted_proxies[1]: 'proxy.internal' is not an IP address or CIDR"
                                + " block (write 10.0.0.7, 127.0.0.0/8, ::1 or fd00::/8; host names are not resolved)",
                        "fraises.yaml:5:7: webhook.trusted_proxies[2]: '10.0.0.0/33' is not an IP address or CIDR"
                                + " block (write 10.0.0.7, 127.0.0.0/8, ::1 or fd00::/8; host names are not resolved)",
                        "fraises.yaml:6:7: webhook.trusted_proxies[3]: '300.1.1.1' is not an IP address or CIDR"
                                + " block (write 10.0.0.7, 127.0.0.0/8, ::1 or fd00::/8; host names are not resolved)",
                        "fraises.yaml:7:7: webhook.trusted_proxies[4]: 'fd00::/129' is not an IP address or CIDR"
                                + " block (write 10.0.0.7, 127.0.0.0/8, ::1 or fd00::/8; host names are not resolved)");
    }

    @Test
    void aSingleValue_isCheckedToo() {
        assertThat(problems("webhook:\n  trusted_proxies: localhost\n"))
                .singleElement()
                .asString()
                .startsWith("fraises.yaml:2:20: webhook.trusted_proxies: 'localhost' is not an IP address");
    }
}
