package io.fraisier.core.config;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code git:} block: webhook secrets per git host ({@code github}, {@code gitlab}, {@code gitea},
 * {@code bitbucket}); several per host during a rotation.
 *
 * @param defaultHost host assumed when a request carries no recognisable header (may be null)
 * @param secrets host → its secrets (a host that is absent or has none rejects every request)
 */
public record GitConfig(@Nullable String defaultHost, Map<String, List<Secret>> secrets) {
    public static final List<String> HOSTS = List.of("github", "gitlab", "gitea", "bitbucket");

    public GitConfig {
        secrets = Map.copyOf(secrets);
    }

    public List<Secret> secretsFor(String host) {
        return secrets.getOrDefault(host, List.of());
    }
}
