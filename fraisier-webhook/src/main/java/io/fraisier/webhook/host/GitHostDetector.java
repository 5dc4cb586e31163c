package io.fraisier.webhook.host;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Tells which git host sent a request from its headers.
 *
 * <p>Gitea and Forgejo also send {@code X-GitHub-Event} (and {@code X-Gogs-Event}), so their own
 * header is checked first. When no header is recognisable the configured {@code git.provider} is
 * assumed (a proxy that strips headers, a host that is not listed).
 *
 * <p>Immutable and thread-safe.
 */
public final class GitHostDetector {
    private static final List<GitHost> ORDER =
            List.of(GitHost.GITEA, GitHost.GITHUB, GitHost.GITLAB, GitHost.BITBUCKET);

    private final @Nullable GitHost fallback;

    public GitHostDetector(@Nullable GitHost fallback) {
        this.fallback = fallback;
    }

    public Optional<GitHost> detect(Headers headers) {
        for (GitHost host : ORDER) {
            if (host.eventType(headers) != null) {
                return Optional.of(host);
            }
        }
        return Optional.ofNullable(fallback);
    }

    /** The headers it looks for, for the message of a request it could not place. */
    public static String recognisedHeaders() {
        return String.join(", ", ORDER.stream().map(GitHost::detectionHeader).toList());
    }
}
