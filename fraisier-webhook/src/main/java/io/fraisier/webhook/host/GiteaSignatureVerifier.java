package io.fraisier.webhook.host;

import io.fraisier.core.config.Secret;
import java.util.List;

/**
 * Gitea and Forgejo: {@code X-Gitea-Signature: <hex HMAC-SHA256(secret, body)>} (no prefix), or the
 * {@code X-Hub-Signature-256: sha256=<hex>} they send as well. Every signature sent must match.
 */
public final class GiteaSignatureVerifier implements SignatureVerifier {
    private static final String GITEA_HEADER = "X-Gitea-Signature";
    private static final String HUB_HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    @Override
    public Verification verify(Headers headers, byte[] body, List<Secret> secrets) {
        if (!HmacSha256.hasUsableSecret(secrets)) {
            return Verification.rejected("no webhook secret is configured for gitea");
        }
        String gitea = headers.get(GITEA_HEADER);
        String hub = headers.get(HUB_HEADER);
        if (gitea == null && hub == null) {
            return Verification.rejected("the request has neither " + GITEA_HEADER + " nor " + HUB_HEADER
                    + " (is a secret set on the hook?)");
        }
        if (gitea != null && !HmacSha256.matchesHex(gitea, body, secrets)) {
            return Verification.rejected(GITEA_HEADER + " does not match any configured gitea secret");
        }
        if (hub != null
                && !(hub.startsWith(PREFIX) && HmacSha256.matchesHex(hub.substring(PREFIX.length()), body, secrets))) {
            return Verification.rejected(HUB_HEADER + " does not match any configured gitea secret");
        }
        return Verification.ok();
    }
}
