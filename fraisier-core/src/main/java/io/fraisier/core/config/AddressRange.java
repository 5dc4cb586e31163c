package io.fraisier.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An IP address or a CIDR block, IPv4 or IPv6 ({@code 10.0.0.7}, {@code 127.0.0.0/8}, {@code ::1},
 * {@code fd00::/8}), as {@code webhook.trusted_proxies} lists them. Only literals are read: a host name
 * is not an address range and is never resolved. An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.7})
 * is the IPv4 address.
 *
 * @param network the first address of the block, 4 or 16 bytes (host bits cleared)
 * @param prefix the number of leading bits that must match (32 or 128 for one address)
 */
public record AddressRange(byte[] network, int prefix) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    public AddressRange {
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes");
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix out of range");
        }
    }

    /** The range written as {@code text}, or empty when it is not an IP literal with an optional /prefix. */
    public static Optional<AddressRange> parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            return Optional.empty();
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String bits = trimmed.substring(slash + 1);
            // an IPv4-mapped IPv6 block (::ffff:10.0.0.0/104) counts its bits over 128
            int mapped = bytes.length == 4 && address.contains(":") ? 96 : 0;
            if (!bits.matches("\\d{1,3}")
                    || Integer.parseInt(bits) < mapped
                    || Integer.parseInt(bits) > bytes.length * 8 + mapped) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(bits) - mapped;
        }
        return Optional.of(new AddressRange(masked(bytes, prefix), prefix));
    }

    /** Whether {@code address} (an IP literal, with or without brackets) is in this range. */
    public boolean contains(String address) {
        String trimmed = address.trim();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        byte[] bytes = literal(trimmed);
        return bytes != null && bytes.length == network.length && Arrays.equals(masked(bytes, prefix), network);
    }

    /**
     * The bytes of an IPv4 or IPv6 literal (IPv4-mapped IPv6 as IPv4), or null. IPv6 text is handed to
     * {@link InetAddress#getByName} only when it starts with a hex digit or a colon, has a colon, and has
     * nothing but hex digits, colons and dots, which the JDK reads as a literal without any lookup.
     */
    private static byte @Nullable [] literal(String text) {
        Matcher v4 = IPV4.matcher(text);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(v4.group(i + 1));
                if (part > 255) {
                    return null;
                }
                bytes[i] = (byte) part;
            }
            return bytes;
        }
        if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return out;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange r && r.prefix == prefix && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
