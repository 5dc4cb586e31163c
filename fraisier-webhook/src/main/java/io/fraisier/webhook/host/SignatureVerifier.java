package io.fraisier.webhook.host;

import io.fraisier.core.config.Secret;
import java.util.List;

/**
 * Checks that a request comes from a git host that knows one of the configured secrets. Verifiers
 * work on the raw body bytes, before anything parses them, and compare in constant time.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface SignatureVerifier {
    /**
     * @param secrets the host's secrets; any one matching is enough (rotation). Empty rejects.
     */
    Verification verify(Headers headers, byte[] body, List<Secret> secrets);
}
