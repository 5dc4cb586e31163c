package io.fraisier.webhook.host;

import static io.fraisier.webhook.Payloads.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.config.Secret;
import io.fraisier.webhook.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SignatureVerifiersTest {
    private static final String BODY = "{\"ref\":\"refs/heads/main\"}";
    private static final byte[] BYTES = BODY.getBytes(StandardCharsets.UTF_8);
    private static final List<Secret> ONE = List.of(Secret.of("s3cret"));
    private static final List<Secret> ROTATING = List.of(Secret.of("new-secret"), Secret.of("s3cret"));

    @Nested
    class Github {
        private final GithubSignatureVerifier verifier = new GithubSignatureVerifier();

        @Test
        void verify_withGithubsDocumentedTestVector_accepts() {
            Headers headers = Headers.of(Map.of(
                    "X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));

            Verification v = verifier.verify(
                    headers,
                    "Hello, World!".getBytes(StandardCharsets.UTF_8),
                    List.of(Secret.of("It's a Secret to Everybody")));

            assertThat(v.valid()).isTrue();
        }

        @Test
        void verify_withHeaderNameInOtherCase_accepts() {
            Headers headers = Headers.of(Map.of("x-hub-signature-256", "sha256=" + hmacHex("s3cret", BODY)));

            assertThat(verifier.verify(headers, BYTES, ONE).valid()).isTrue();
        }

        @Test
        void verify_withWrongSecret_rejectsWithoutShowingTheExpectedSignature() {
            String expected = hmacHex("s3cret", BODY);
            Headers headers = Headers.of(Map.of("X-Hub-Signature-256", "sha256=" + hmacHex("other", BODY)));

            Verification v = verifier.verify(headers, BYTES, ONE);

            assertThat(v.valid()).isFalse();
            assertThat(v.reason())
                    .contains("does not match")
                    .doesNotContain(expected)
                    .doesNotContain("s3cret");
        }

        @Test
        void verify_withMissingHeader_rejects() {
            Verification v = verifier.verify(Headers.of(Map.of()), BYTES, ONE);

            assertThat(v.valid()).isFalse();
            assertThat(v.reason()).contains("X-Hub-Signature-256");
        }

        @Test
        void verify_withSha1SignatureOnly_rejects() {
            Headers headers = Headers.of(Map.of("X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567"));

            Verification v = verifier.verify(headers, BYTES, ONE);

            assertThat(v.valid()).isFalse();
            assertThat(v.reason()).contains("SHA-1");
        }

        @Test
        void verify_withSecondSecretOfARotation_accepts() {
            Headers headers = Headers.of(Map.of("X-Hub-Signature-256", "sha256=" + hmacHex("s3cret", BODY)));

            assertThat(verifier.verify(headers, BYTES, ROTATING).valid()).isTrue();
        }

        @Test
        void verify_withNoSecretConfigured_rejectsEvenAnUnsignedRequest() {
            Verification v = verifier.verify(Headers.of(Map.of()), BYTES, List.of());

            assertThat(v.valid()).isFalse();
            assertThat(v.reason()).contains("no webhook secret is configured for github");
        }

        @Test
        void verify_withTruncatedBody_rejects() {
            Headers headers = Headers.of(Map.of("X-Hub-Signature-256", "sha256=" + hmacHex("s3cret", BODY)));
            byte[] truncated = BODY.substring(0, BODY.length() - 3).getBytes(StandardCharsets.UTF_8);

            assertThat(verifier.verify(headers, truncated, ONE).valid()).isFalse();
        }

        @Test
        void verify_withMalformedHex_rejects() {
            Headers headers = Headers.of(Map.of("X-Hub-Signature-256", "sha256=not-hex"));

            assertThat(verifier.verify(headers, BYTES, ONE).valid()).isFalse();
        }
    }

    @Nested
    class Gitea {
        private final GiteaSignatureVerifier verifier = new GiteaSignatureVerifier();

        @Test
        void verify_withGiteaSignatureHeader_accepts() {
            Headers headers = Headers.of(Map.of("X-Gitea-Signature", hmacHex("s3cret", BODY)));

            assertThat(verifier.verify(headers, BYTES, ONE).valid()).isTrue();
        }

        @Test
        void verify_withHubSignature256Only_accepts() {
            Headers headers = Headers.of(Map.of("X-Hub-Signature-256", "sha256=" + hmacHex("s3cret", BODY)));

            assertThat(verifier.verify(headers, BYTES, ONE).valid()).isTrue();
        }

        @Test
        void verify_withOldSecretDuringRotation_accepts() {
            Headers headers = Headers.of(Map.of("X-Gitea-Signature", hmacHex("s3cret", BODY)));

            assertThat(verifier.verify(headers, BYTES, ROTATING).valid()).isTrue();
        }

        @Test
        void verify_withWrongSecret_rejects() {
            Headers headers = Headers.of(Map.of("X-Gitea-Signature", hmacHex("nope", BODY)));

            assertThat(verifier.verify(headers, BYTES, ONE).valid()).isFalse();
        }

        @Test
        void verify_withOneGoodAndOneBadSignature_rejects() {
            Headers headers = Headers.of(Map.of(
                    "X-Gitea-Signature",
                    hmacHex("s3cret", BODY),
                    "X-Hub-Signature-256",
                    "sha256=" + hmacHex("nope", BODY)));

            assertThat(verifier.verify(headers, BYTES, ONE).valid()).isFalse();
        }

        @Test
        void verify_withMissingHeaders_rejects() {
            assertThat(verifier.verify(Headers.of(Map.of()), BYTES, ONE).valid())
                    .isFalse();
        }
    }

    @Nested
    class Bitbucket {
        private final BitbucketSignatureVerifier verifier = new BitbucketSignatureVerifier();

        @Test
        void verify_withSha256UnderHubSignature_accepts() {
            Headers headers = Headers.of(Map.of("X-Hub-Signature", "sha256=" + hmacHex("s3cret", BODY)));

            assertThat(verifier.verify(headers, BYTES, ONE).valid()).isTrue();
        }

        @Test
        void verify_withUnsignedRequest_rejects() {
            Verification v = verifier.verify(Headers.of(Map.of("X-Event-Key", "repo:push")), BYTES, ONE);

            assertThat(v.valid()).isFalse();
            assertThat(v.reason()).contains("X-Hub-Signature");
        }

        @Test
        void verify_withWrongSecret_rejects() {
            Headers headers = Headers.of(Map.of("X-Hub-Signature", "sha256=" + hmacHex("nope", BODY)));

            assertThat(verifier.verify(headers, BYTES, ONE).valid()).isFalse();
        }

        @Test
        void verify_withSha1Prefix_rejects() {
            Headers headers = Headers.of(Map.of("X-Hub-Signature", "sha1=" + hmacHex("s3cret", BODY)));

            assertThat(verifier.verify(headers, BYTES, ONE).valid()).isFalse();
        }
    }

    @Nested
    class Gitlab {
        private final Instant now = Instant.parse("2026-11-29T03:00:00Z");
        private final GitlabTokenVerifier verifier = new GitlabTokenVerifier(Clock.fixed(now, ZoneOffset.UTC));

        @Test
        void verify_withMatchingToken_accepts() {
            assertThat(verifier.verify(Headers.of(Map.of("X-Gitlab-Token", "s3cret")), BYTES, ONE)
                            .valid())
                    .isTrue();
        }

        @Test
        void verify_withWrongToken_rejects() {
            Verification v = verifier.verify(Headers.of(Map.of("X-Gitlab-Token", "s3cre")), BYTES, ONE);

            assertThat(v.valid()).isFalse();
            assertThat(v.reason()).doesNotContain("s3cret");
        }

        @Test
        void verify_withNoToken_rejects() {
            assertThat(verifier.verify(Headers.of(Map.of()), BYTES, ONE).valid())
                    .isFalse();
        }

        @Test
        void verify_withSecondTokenOfARotation_accepts() {
            assertThat(verifier.verify(Headers.of(Map.of("X-Gitlab-Token", "s3cret")), BYTES, ROTATING)
                            .valid())
                    .isTrue();
        }

        @Test
        void verify_withStandardWebhooksSignature_accepts() {
            long ts = now.getEpochSecond() - 30;

            Verification v =
                    verifier.verify(signed("msg_1", ts, "s3cret".getBytes(StandardCharsets.UTF_8)), BYTES, ONE);

            assertThat(v.valid()).isTrue();
        }

        @Test
        void verify_withWhsecSecret_usesTheDecodedKey() {
            byte[] key = "a-random-key-of-bytes".getBytes(StandardCharsets.UTF_8);
            List<Secret> secrets =
                    List.of(Secret.of("whsec_" + Base64.getEncoder().encodeToString(key)));

            Verification v = verifier.verify(signed("msg_2", now.getEpochSecond(), key), BYTES, secrets);

            assertThat(v.valid()).isTrue();
        }

        @Test
        void verify_withSignatureOlderThanFiveMinutes_rejectsAsReplay() {
            long ts = now.getEpochSecond() - 301;

            Verification v =
                    verifier.verify(signed("msg_1", ts, "s3cret".getBytes(StandardCharsets.UTF_8)), BYTES, ONE);

            assertThat(v.valid()).isFalse();
            assertThat(v.reason()).contains("webhook-timestamp");
        }

        @Test
        void verify_withSignatureOverAnotherBody_rejects() {
            Headers headers = signed("msg_1", now.getEpochSecond(), "s3cret".getBytes(StandardCharsets.UTF_8));

            assertThat(verifier.verify(headers, "{}".getBytes(StandardCharsets.UTF_8), ONE)
                            .valid())
                    .isFalse();
        }

        @Test
        void verify_withGoodSignatureButWrongToken_rejects() {
            Headers signed = signed("msg_1", now.getEpochSecond(), "s3cret".getBytes(StandardCharsets.UTF_8));
            Headers headers = Headers.of(Map.of(
                    "webhook-id",
                    "msg_1",
                    "webhook-timestamp",
                    signed.get("webhook-timestamp"),
                    "webhook-signature",
                    signed.get("webhook-signature"),
                    "X-Gitlab-Token",
                    "wrong"));

            assertThat(verifier.verify(headers, BYTES, ONE).valid()).isFalse();
        }

        private Headers signed(String id, long ts, byte[] key) {
            byte[] mac = Payloads.hmac(key, (id + "." + ts + "." + BODY).getBytes(StandardCharsets.UTF_8));
            return Headers.of(Map.of(
                    "webhook-id",
                    id,
                    "webhook-timestamp",
                    Long.toString(ts),
                    "webhook-signature",
                    "v1,bm90LXRoaXMtb25l v1," + Base64.getEncoder().encodeToString(mac)));
        }
    }
}
