package io.fraisier.webhook.host;

import io.fraisier.core.config.Secret;
import java.util.List;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>}. The legacy SHA-1
 * {@code X-Hub-Signature} alone is refused: SHA-1 HMACs are not accepted as proof.
 */
public final class GithubSignatureVerifier implements SignatureVerifier {
    static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    @Override
    public Verification verify(Headers headers, byte[] body, List<Secret> secrets) {
        if (!HmacSha256.hasUsableSecret(secrets)) {
            return Verification.rejected("no webhook secret is configured for github");
        }
        String signature = headers.get(HEADER);
        if (signature == null) {
            return headers.has("X-Hub-Signature")
                    ? Verification.rejected("only a SHA-1 signature (X-Hub-Signature) was sent; "
                            + "SHA-1 is not accepted, GitHub sends X-Hub-Signature-256 when the hook has a secret")
                    : Verification.rejected("the request has no " + HEADER + " header (is a secret set on the hook?)");
        }
        if (!signature.startsWith(PREFIX)) {
            return Verification.rejected(HEADER + " does not start with 'sha256='");
        }
        return HmacSha256.matchesHex(signature.substring(PREFIX.length()), body, secrets)
                ? Verification.ok()
                : Verification.rejected(HEADER + " does not match any configured github secret");
    }
}
