package io.fraisier.webhook.host;

import static io.fraisier.webhook.Payloads.SHA;
import static io.fraisier.webhook.Payloads.SHA2;
import static io.fraisier.webhook.Payloads.ZEROS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.webhook.Payloads;
import org.junit.jupiter.api.Test;

class PayloadParsersTest {
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode read(String body) throws Exception {
        return json.readTree(body);
    }

    @Test
    void github_branchPush_givesBranchCommitSenderAndRepository() throws Exception {
        HostEvent event =
                new GithubPayloadParser().parse("push", read(Payloads.githubPush("refs/heads/main", SHA, false)));

        assertThat(event).isInstanceOf(HostEvent.Push.class);
        HostEvent.Push push = (HostEvent.Push) event;
        assertThat(push.updates()).containsExactly(new RefUpdate(RefUpdate.Kind.BRANCH, "main", SHA, false));
        assertThat(push.sender()).isEqualTo("octocat");
        assertThat(push.repository()).isEqualTo("octo/my-api");
    }

    @Test
    void github_tagPush_givesTag() throws Exception {
        HostEvent.Push push = (HostEvent.Push)
                new GithubPayloadParser().parse("push", read(Payloads.githubPush("refs/tags/v1.2.0", SHA, false)));

        assertThat(push.updates().getFirst().kind()).isEqualTo(RefUpdate.Kind.TAG);
        assertThat(push.updates().getFirst().name()).isEqualTo("v1.2.0");
    }

    @Test
    void github_deletedBranch_isADeletionWithoutCommit() throws Exception {
        HostEvent.Push push = (HostEvent.Push)
                new GithubPayloadParser().parse("push", read(Payloads.githubPush("refs/heads/main", ZEROS, true)));

        assertThat(push.updates().getFirst().deleted()).isTrue();
        assertThat(push.updates().getFirst().commit()).isNull();
    }

    @Test
    void github_ping_isAPing() throws Exception {
        assertThat(new GithubPayloadParser().parse("ping", read(Payloads.githubPing())))
                .isInstanceOf(HostEvent.Ping.class);
    }

    @Test
    void github_withoutEventHeader_infersPushFromTheBody() throws Exception {
        HostEvent event =
                new GithubPayloadParser().parse(null, read(Payloads.githubPush("refs/heads/main", SHA, false)));

        assertThat(event.eventType()).isEqualTo("push");
        assertThat(event).isInstanceOf(HostEvent.Push.class);
    }

    @Test
    void github_pullRequest_isIgnoredWithReason() throws Exception {
        HostEvent event = new GithubPayloadParser().parse("pull_request", read("{\"action\":\"opened\"}"));

        assertThat(event)
                .isInstanceOfSatisfying(
                        HostEvent.Ignored.class, i -> assertThat(i.reason()).contains("pull_request"));
    }

    @Test
    void github_pushWithoutRef_isMalformed() throws Exception {
        assertThatThrownBy(() -> new GithubPayloadParser().parse("push", read("{\"after\":\"" + SHA + "\"}")))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
    }

    @Test
    void github_pushWithNonHexCommit_isMalformed() throws Exception {
        assertThatThrownBy(() -> new GithubPayloadParser()
                        .parse("push", read(Payloads.githubPush("refs/heads/main", "--upload-pack=x", false))))
                .isInstanceOf(FraisierException.class);
    }

    @Test
    void gitlab_pushHook_usesCheckoutShaAndUsername() throws Exception {
        HostEvent.Push push = (HostEvent.Push) new GitlabPayloadParser()
                .parse("Push Hook", read(Payloads.gitlabPush("push", "refs/heads/develop", SHA, SHA)));

        assertThat(push.updates()).containsExactly(new RefUpdate(RefUpdate.Kind.BRANCH, "develop", SHA, false));
        assertThat(push.sender()).isEqualTo("jane");
        assertThat(push.repository()).isEqualTo("group/my-api");
    }

    @Test
    void gitlab_annotatedTagPush_deploysTheCommitNotTheTagObject() throws Exception {
        HostEvent.Push push = (HostEvent.Push) new GitlabPayloadParser()
                .parse("Tag Push Hook", read(Payloads.gitlabPush("tag_push", "refs/tags/v2", SHA, SHA2)));

        assertThat(push.updates()).containsExactly(new RefUpdate(RefUpdate.Kind.TAG, "v2", SHA, false));
    }

    @Test
    void gitlab_nullCheckoutSha_isADeletion() throws Exception {
        HostEvent.Push push = (HostEvent.Push) new GitlabPayloadParser()
                .parse("Push Hook", read(Payloads.gitlabPush("push", "refs/heads/develop", null, ZEROS)));

        assertThat(push.updates().getFirst().deleted()).isTrue();
    }

    @Test
    void gitlab_mergeRequest_isIgnored() throws Exception {
        assertThat(new GitlabPayloadParser().parse("Merge Request Hook", read("{\"object_kind\":\"merge_request\"}")))
                .isInstanceOf(HostEvent.Ignored.class);
    }

    @Test
    void gitea_push_givesBranchAndSender() throws Exception {
        HostEvent.Push push = (HostEvent.Push)
                new GiteaPayloadParser().parse("push", read(Payloads.giteaPush("refs/heads/main", SHA)));

        assertThat(push.updates()).containsExactly(new RefUpdate(RefUpdate.Kind.BRANCH, "main", SHA, false));
        assertThat(push.sender()).isEqualTo("gitea-user");
    }

    @Test
    void gitea_createEventForATag_isIgnoredBecauseItsPushDeploys() throws Exception {
        HostEvent event = new GiteaPayloadParser().parse("create", read("{\"ref\":\"v1\",\"ref_type\":\"tag\"}"));

        assertThat(event)
                .isInstanceOfSatisfying(
                        HostEvent.Ignored.class, i -> assertThat(i.reason()).contains("push event"));
    }

    @Test
    void bitbucketCloud_pushWithSeveralChanges_givesEveryRef() throws Exception {
        String body = Payloads.bitbucketCloudPush(
                Payloads.bitbucketChange("branch", "main", SHA, false),
                Payloads.bitbucketChange("tag", "v3", SHA2, false),
                Payloads.bitbucketChange("branch", "old-feature", SHA2, true));

        HostEvent.Push push = (HostEvent.Push) new BitbucketPayloadParser().parse("repo:push", read(body));

        assertThat(push.updates())
                .containsExactly(
                        new RefUpdate(RefUpdate.Kind.BRANCH, "main", SHA, false),
                        new RefUpdate(RefUpdate.Kind.TAG, "v3", SHA2, false),
                        new RefUpdate(RefUpdate.Kind.BRANCH, "old-feature", null, true));
        assertThat(push.sender()).isEqualTo("bb-user");
        assertThat(push.repository()).isEqualTo("team/my-api");
    }

    @Test
    void bitbucketServer_refsChanged_givesRefAndProjectSlug() throws Exception {
        HostEvent.Push push = (HostEvent.Push) new BitbucketPayloadParser()
                .parse("repo:refs_changed", read(Payloads.bitbucketServerPush("BRANCH", "main", SHA, "UPDATE")));

        assertThat(push.updates()).containsExactly(new RefUpdate(RefUpdate.Kind.BRANCH, "main", SHA, false));
        assertThat(push.repository()).isEqualTo("PRJ/my-api");
        assertThat(push.sender()).isEqualTo("admin");
    }

    @Test
    void bitbucketServer_zerosToHash_isADeletion() throws Exception {
        HostEvent.Push push = (HostEvent.Push) new BitbucketPayloadParser()
                .parse("repo:refs_changed", read(Payloads.bitbucketServerPush("BRANCH", "main", ZEROS, "DELETE")));

        assertThat(push.updates().getFirst().deleted()).isTrue();
    }

    @Test
    void bitbucketServer_diagnosticsPing_isAPing() throws Exception {
        assertThat(new BitbucketPayloadParser().parse("diagnostics:ping", read("{\"test\":true}")))
                .isInstanceOf(HostEvent.Ping.class);
    }

    @Test
    void bitbucket_pullRequest_isIgnored() throws Exception {
        assertThat(new BitbucketPayloadParser().parse("pullrequest:created", read("{}")))
                .isInstanceOf(HostEvent.Ignored.class);
    }
}
