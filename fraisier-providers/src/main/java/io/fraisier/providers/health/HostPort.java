package io.fraisier.providers.health;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;

/**
 * A {@code host:port} pair as written in {@code health_check_tcp} ({@code localhost:8000},
 * {@code [::1]:8000}).
 *
 * @param host name or address, without brackets
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {
    public HostPort {
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid host:port " + host + ":" + port);
        }
    }

    /**
     * Parses {@code host:port}.
     *
     * @throws FraisierException {@link ErrorCode#CONFIG_INVALID} naming {@code key} when it is malformed
     */
    public static HostPort parse(String key, String value) {
        String text = value.trim();
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            host = close < 0 ? "" : text.substring(1, close);
            port = close < 0 ? "" : text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            host = colon < 0 ? "" : text.substring(0, colon);
            port = colon < 0 ? "" : text.substring(colon + 1);
        }
        if (!host.isBlank() && (text.startsWith("[") || !host.contains(":")) && port.matches("\\d{1,5}")) {
            int number = Integer.parseInt(port);
            if (number >= 1 && number <= 65535) {
                return new HostPort(host, number);
            }
        }
        throw new FraisierException(
                ErrorCode.CONFIG_INVALID,
                key + ": '" + value + "' is not host:port",
                "Write it as host:port, e.g. localhost:8000 or [::1]:8000.");
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
