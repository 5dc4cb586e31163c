package io.fraisier.webhook.host;

import io.fraisier.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures as git hosts send them, compared in constant time. */
final class HmacSha256 {
    private static final String ALGORITHM = "HmacSHA256";

    private HmacSha256() {}

    static byte[] sign(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            // every JDK ships HmacSHA256; an empty key is the only way here, and callers exclude it
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code hex} is the HMAC of {@code body} under one of {@code secrets}. Malformed hex never
     * matches. Every secret is tried, so the time taken does not tell which one matched.
     */
    static boolean matchesHex(String hex, byte[] body, List<Secret> secrets) {
        byte[] provided;
        try {
            provided = HexFormat.of().parseHex(hex.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return matches(provided, body, secrets);
    }

    static boolean matches(byte[] provided, byte[] data, List<Secret> secrets) {
        boolean any = false;
        for (Secret secret : secrets) {
            if (secret.isEmpty()) {
                continue;
            }
            byte[] expected = sign(secret.reveal().getBytes(StandardCharsets.UTF_8), data);
            any |= MessageDigest.isEqual(expected, provided);
        }
        return any;
    }

    static boolean hasUsableSecret(List<Secret> secrets) {
        return secrets.stream().anyMatch(s -> !s.isEmpty());
    }
}
