package io.fraisier.webhook.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHostDetectorTest {
    private final GitHostDetector detector = new GitHostDetector(null);

    @Test
    void detect_whenGiteaAlsoSendsGithubHeaders_saysGitea() {
        Headers headers = Headers.of(Map.of("X-Gitea-Event", "push", "X-GitHub-Event", "push", "X-Gogs-Event", "push"));

        assertThat(detector.detect(headers)).contains(GitHost.GITEA);
    }

    @Test
    void detect_withForgejoGogsHeaderOnly_saysGitea() {
        assertThat(detector.detect(Headers.of(Map.of("X-Gogs-Event", "push")))).contains(GitHost.GITEA);
    }

    @Test
    void detect_withGithubHeader_saysGithub() {
        assertThat(detector.detect(Headers.of(Map.of("x-github-event", "ping"))))
                .contains(GitHost.GITHUB);
    }

    @Test
    void detect_withGitlabHeader_saysGitlab() {
        assertThat(detector.detect(Headers.of(Map.of("X-Gitlab-Event", "Push Hook"))))
                .contains(GitHost.GITLAB);
    }

    @Test
    void detect_withEventKey_saysBitbucket() {
        assertThat(detector.detect(Headers.of(Map.of("X-Event-Key", "repo:refs_changed"))))
                .contains(GitHost.BITBUCKET);
    }

    @Test
    void detect_withoutRecognisableHeader_fallsBackToGitProvider() {
        assertThat(new GitHostDetector(GitHost.GITLAB).detect(Headers.of(Map.of("User-Agent", "curl"))))
                .contains(GitHost.GITLAB);
    }

    @Test
    void detect_withoutHeaderOrFallback_saysNothing() {
        assertThat(detector.detect(Headers.of(Map.of()))).isEmpty();
    }

    @Test
    void deliveryId_forGitlab_prefersIdempotencyKeyAndNeverTheHookUuid() {
        Headers headers = Headers.of(Map.of("X-Gitlab-Webhook-UUID", "hook", "X-Gitlab-Event-UUID", "event"));

        assertThat(GitHost.GITLAB.deliveryId(headers)).isEqualTo("event");
        assertThat(GitHost.GITLAB.deliveryId(Headers.of(Map.of("Idempotency-Key", "k", "X-Gitlab-Event-UUID", "e"))))
                .isEqualTo("k");
    }

    @Test
    void deliveryId_forBitbucket_usesRequestUuidAndNeverTheHookUuid() {
        assertThat(GitHost.BITBUCKET.deliveryId(Headers.of(Map.of("X-Hook-UUID", "hook"))))
                .isNull();
        assertThat(GitHost.BITBUCKET.deliveryId(Headers.of(Map.of("X-Request-UUID", "r1"))))
                .isEqualTo("r1");
    }
}
