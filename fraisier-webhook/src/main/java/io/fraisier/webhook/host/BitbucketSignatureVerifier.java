package io.fraisier.webhook.host;

import io.fraisier.core.config.Secret;
import java.util.List;

/**
 * Bitbucket Cloud and Bitbucket Server / Data Center: {@code X-Hub-Signature: sha256=<hex
 * HMAC-SHA256(secret, body)>} (SHA-256 under the header name GitHub uses for SHA-1). A hook without a
 * secret sends no signature and is refused.
 */
public final class BitbucketSignatureVerifier implements SignatureVerifier {
    private static final String HEADER = "X-Hub-Signature";
    private static final String PREFIX = "sha256=";

    @Override
    public Verification verify(Headers headers, byte[] body, List<Secret> secrets) {
        if (!HmacSha256.hasUsableSecret(secrets)) {
            return Verification.rejected("no webhook secret is configured for bitbucket");
        }
        String signature = headers.get(HEADER);
        if (signature == null) {
            return Verification.rejected(
                    "the request has no " + HEADER + " header (Bitbucket signs only hooks that have a secret)");
        }
        if (!signature.startsWith(PREFIX)) {
            return Verification.rejected(HEADER + " does not start with 'sha256='");
        }
        return HmacSha256.matchesHex(signature.substring(PREFIX.length()), body, secrets)
                ? Verification.ok()
                : Verification.rejected(HEADER + " does not match any configured bitbucket secret");
    }
}
