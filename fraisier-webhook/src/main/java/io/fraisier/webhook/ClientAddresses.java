package io.fraisier.webhook;

import io.fraisier.core.config.AddressRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Tells the address of the client behind a request, for rate limiting and logs. {@code
 * X-Forwarded-For} is believed only when the connection comes from one of {@code
 * webhook.trusted_proxies} (addresses or CIDR blocks, IPv4 or IPv6); then the client is the rightmost address in the chain that is not itself a
 * trusted proxy (entries to its left could be forged by the client).
 *
 * <p>Immutable and thread-safe.
 */
final class ClientAddresses {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<AddressRange> trusted;

    /**
     * @throws IllegalArgumentException for an entry that is not an address or CIDR block (the config
     *     parser reports those with their place in the file first)
     */
    ClientAddresses(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream()
                .map(entry -> AddressRange.parse(entry)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "webhook.trusted_proxies: '" + entry + "' is not an IP address or CIDR block")))
                .toList();
    }

    private boolean trusted(String address) {
        for (AddressRange range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    String client(String remoteAddress, @Nullable String forwardedFor) {
        String remote = normalise(remoteAddress);
        if (forwardedFor == null || forwardedFor.isBlank() || !trusted(remote)) {
            return remote;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = normalise(hops[i]);
            if (!hop.isEmpty() && !trusted(hop)) {
                return hop;
            }
        }
        String leftmost = normalise(hops[0]);
        return leftmost.isEmpty() ? remote : leftmost;
    }

    /** One spelling per address ({@code ::1} and {@code 0:0:0:0:0:0:0:1} are the same client). */
    private static String normalise(String address) {
        String trimmed = address.trim();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        if (!IP_LITERAL.matcher(trimmed).matches()) {
            // never resolve names: a literal that is not an IP address is compared as written
            return trimmed;
        }
        try {
            return InetAddress.getByName(trimmed).getHostAddress();
        } catch (UnknownHostException e) {
            return trimmed;
        }
    }
}
