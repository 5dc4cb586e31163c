package io.fraisier.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Tells the address of the client behind a request, for rate limiting and logs. {@code
 * X-Forwarded-For} is believed only when the connection comes from one of {@code
 * webhook.trusted_proxies}; then the client is the rightmost address in the chain that is not itself a
 * trusted proxy (entries to its left could be forged by the client).
 *
 * <p>Immutable and thread-safe.
 */
final class ClientAddresses {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final Set<String> trusted;

    ClientAddresses(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(ClientAddresses::normalise).collect(Collectors.toUnmodifiableSet());
    }

    String client(String remoteAddress, @Nullable String forwardedFor) {
        String remote = normalise(remoteAddress);
        if (forwardedFor == null || forwardedFor.isBlank() || !trusted.contains(remote)) {
            return remote;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = normalise(hops[i]);
            if (!hop.isEmpty() && !trusted.contains(hop)) {
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
