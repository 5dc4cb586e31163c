package io.fraisier.providers.docker;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code ports:}, in Docker's {@code [address:][hostPort:]containerPort[/protocol]} syntax.
 * Without an address the port is published on {@code 127.0.0.1} only (not Docker's all-interfaces
 * default): a service is exposed to the network only when the operator writes {@code 0.0.0.0:…}.
 *
 * @param address the host address ({@code 127.0.0.1}, {@code ::1}, {@code 0.0.0.0})
 * @param hostPort the host port, or null to let Docker choose one
 * @param containerPort the port inside the container
 * @param protocol {@code tcp}, {@code udp} or {@code sctp}
 */
public record PortMapping(String address, @Nullable Integer hostPort, int containerPort, String protocol) {
    public static final String DEFAULT_ADDRESS = "127.0.0.1";

    // [address:][hostPort:]containerPort[/proto]; an IPv6 address is written in brackets
    private static final Pattern SYNTAX = Pattern.compile(
            "(?:(?<address>\\[[0-9a-fA-F:.]+]|\\d{1,3}(?:\\.\\d{1,3}){3}|localhost):)?(?:(?<host>\\d{1,5})?:)?(?<container>\\d{1,5})"
                    + "(?:/(?<proto>tcp|udp|sctp))?");

    /**
     * @param key the key path for messages ({@code fraises.api.environments.staging.ports})
     * @throws FraisierException {@code CONFIG_INVALID} naming the key and the expected syntax
     */
    public static PortMapping parse(String key, String value) {
        Matcher m = SYNTAX.matcher(value.trim());
        if (!m.matches()) {
            throw invalid(
                    key, value, "expected [address:][host_port:]container_port[/tcp|udp], e.g. 127.0.0.1:8000:8000");
        }
        String address = m.group("address");
        if (address == null) {
            address = DEFAULT_ADDRESS;
        } else if (address.startsWith("[")) {
            address = address.substring(1, address.length() - 1);
        } else if (address.equals("localhost")) {
            address = DEFAULT_ADDRESS;
        }
        Integer host = m.group("host") == null ? null : port(key, value, m.group("host"));
        int container = port(key, value, m.group("container"));
        String proto = m.group("proto") == null ? "tcp" : m.group("proto").toLowerCase(Locale.ROOT);
        return new PortMapping(address, host, container, proto);
    }

    private static int port(String key, String value, String digits) {
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw invalid(key, value, "port " + port + " is outside 1-65535");
        }
        return port;
    }

    private static FraisierException invalid(String key, String value, String why) {
        return new FraisierException(
                ErrorCode.CONFIG_INVALID,
                key + ": '" + value + "' is not a port mapping: " + why,
                "Write ports as [\"127.0.0.1:8000:8000\"] (host address, host port, container port).");
    }

    @Override
    public String toString() {
        String addr = address.contains(":") ? "[" + address + "]" : address;
        return addr + ":" + (hostPort == null ? "" : hostPort) + ":" + containerPort + "/" + protocol;
    }
}
