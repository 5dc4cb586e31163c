package io.fraisier.webhook;

import io.fraisier.webhook.host.BitbucketPayloadParser;
import io.fraisier.webhook.host.BitbucketSignatureVerifier;
import io.fraisier.webhook.host.GitHost;
import io.fraisier.webhook.host.GiteaPayloadParser;
import io.fraisier.webhook.host.GiteaSignatureVerifier;
import io.fraisier.webhook.host.GithubPayloadParser;
import io.fraisier.webhook.host.GithubSignatureVerifier;
import io.fraisier.webhook.host.GitlabPayloadParser;
import io.fraisier.webhook.host.GitlabTokenVerifier;
import io.fraisier.webhook.host.PayloadParser;
import io.fraisier.webhook.host.SignatureVerifier;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/** Each git host's signature verifier and payload parser. Immutable and thread-safe. */
final class HostProtocols {
    private final Map<GitHost, SignatureVerifier> verifiers;
    private final Map<GitHost, PayloadParser> parsers;

    private HostProtocols(Map<GitHost, SignatureVerifier> verifiers, Map<GitHost, PayloadParser> parsers) {
        this.verifiers = verifiers;
        this.parsers = parsers;
    }

    static HostProtocols standard(Clock clock) {
        Map<GitHost, SignatureVerifier> verifiers = new EnumMap<>(GitHost.class);
        verifiers.put(GitHost.GITHUB, new GithubSignatureVerifier());
        verifiers.put(GitHost.GITLAB, new GitlabTokenVerifier(clock));
        verifiers.put(GitHost.GITEA, new GiteaSignatureVerifier());
        verifiers.put(GitHost.BITBUCKET, new BitbucketSignatureVerifier());
        Map<GitHost, PayloadParser> parsers = new EnumMap<>(GitHost.class);
        parsers.put(GitHost.GITHUB, new GithubPayloadParser());
        parsers.put(GitHost.GITLAB, new GitlabPayloadParser());
        parsers.put(GitHost.GITEA, new GiteaPayloadParser());
        parsers.put(GitHost.BITBUCKET, new BitbucketPayloadParser());
        return new HostProtocols(verifiers, parsers);
    }

    SignatureVerifier verifier(GitHost host) {
        return verifiers.get(host);
    }

    PayloadParser parser(GitHost host) {
        return parsers.get(host);
    }
}
