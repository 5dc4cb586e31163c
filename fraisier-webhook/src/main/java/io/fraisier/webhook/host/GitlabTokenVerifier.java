package io.fraisier.webhook.host;

import io.fraisier.core.config.Secret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * GitLab: the plain shared token in {@code X-Gitlab-Token}, compared in constant time, and, when GitLab
 * sends them, the Standard Webhooks headers {@code webhook-id}, {@code webhook-timestamp} and {@code
 * webhook-signature: v1,<base64 HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>}.
 *
 * <p>Every credential the request carries must match one of the secrets, and it must carry at least
 * one. A signed request whose timestamp is more than five minutes away from now is refused (a replay).
 * A secret written as {@code whsec_<base64>} is used as the Standard Webhooks key it encodes; any other
 * secret is used as its UTF-8 bytes.
 */
public final class GitlabTokenVerifier implements SignatureVerifier {
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String TOKEN_HEADER = "X-Gitlab-Token";
    private static final String SIGNATURE_HEADER = "webhook-signature";
    private static final String ID_HEADER = "webhook-id";
    private static final String TIMESTAMP_HEADER = "webhook-timestamp";
    private static final String WHSEC = "whsec_";

    private final Clock clock;

    public GitlabTokenVerifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Verification verify(Headers headers, byte[] body, List<Secret> secrets) {
        if (!HmacSha256.hasUsableSecret(secrets)) {
            return Verification.rejected("no webhook secret is configured for gitlab");
        }
        String token = headers.get(TOKEN_HEADER);
        String signature = headers.get(SIGNATURE_HEADER);
        if (token == null && signature == null) {
            return Verification.rejected("the request has neither " + TOKEN_HEADER + " nor " + SIGNATURE_HEADER
                    + " (is a secret token set on the hook?)");
        }
        if (token != null && secrets.stream().noneMatch(s -> !s.isEmpty() && s.matches(token))) {
            return Verification.rejected(TOKEN_HEADER + " does not match any configured gitlab secret");
        }
        return signature == null ? Verification.ok() : verifySignature(headers, signature, body, secrets);
    }

    private Verification verifySignature(Headers headers, String signature, byte[] body, List<Secret> secrets) {
        String id = headers.get(ID_HEADER);
        String timestamp = headers.get(TIMESTAMP_HEADER);
        if (id == null || timestamp == null) {
            return Verification.rejected(
                    SIGNATURE_HEADER + " was sent without " + ID_HEADER + " and " + TIMESTAMP_HEADER);
        }
        Instant sentAt;
        try {
            sentAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Verification.rejected(TIMESTAMP_HEADER + " is not a number of seconds since the epoch");
        }
        Duration age = Duration.between(sentAt, clock.instant()).abs();
        if (age.compareTo(TOLERANCE) > 0) {
            return Verification.rejected(TIMESTAMP_HEADER + " is " + age.toSeconds()
                    + " s away from this host's clock (more than 5 min: a replay, or a clock to fix)");
        }
        byte[] signed = signedContent(id, timestamp, body);
        for (String candidate : signature.split(" ")) {
            if (candidate.startsWith("v1,") && matches(candidate.substring(3), signed, secrets)) {
                return Verification.ok();
            }
        }
        return Verification.rejected(SIGNATURE_HEADER + " has no v1 signature matching a configured gitlab secret");
    }

    private static boolean matches(String base64, byte[] signed, List<Secret> secrets) {
        byte[] provided;
        try {
            provided = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean any = false;
        for (Secret secret : secrets) {
            byte[] key = key(secret);
            if (key.length > 0) {
                any |= java.security.MessageDigest.isEqual(HmacSha256.sign(key, signed), provided);
            }
        }
        return any;
    }

    private static byte[] key(Secret secret) {
        String value = secret.reveal();
        if (value.startsWith(WHSEC)) {
            try {
                return Base64.getDecoder().decode(value.substring(WHSEC.length()));
            } catch (IllegalArgumentException e) {
                return value.getBytes(StandardCharsets.UTF_8);
            }
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] signedContent(String id, String timestamp, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        out.writeBytes((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
