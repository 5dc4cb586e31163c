package io.fraisier.webhook;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Small payloads shaped like each git host's, written for these tests, and their signatures. */
public final class Payloads {
    public static final String SHA = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    public static final String SHA2 = "b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327";
    public static final String ZEROS = "0000000000000000000000000000000000000000";

    private Payloads() {}

    public static String githubPush(String ref, String after, boolean deleted) {
        return """
                {"ref":"%s","before":"%s","after":"%s","created":false,"deleted":%s,"forced":false,
                 "repository":{"full_name":"octo/my-api"},"pusher":{"name":"octocat"},
                 "sender":{"login":"octocat"},"head_commit":null}""".formatted(ref, SHA2, after, deleted);
    }

    public static String githubPing() {
        return """
                {"zen":"Keep it logically awesome.","hook_id":42,"repository":{"full_name":"octo/my-api"},
                 "sender":{"login":"octocat"}}""";
    }

    public static String gitlabPush(String kind, String ref, String checkoutSha, String after) {
        return """
                {"object_kind":"%s","ref":"%s","before":"%s","after":"%s","checkout_sha":%s,
                 "user_name":"Jane Doe","user_username":"jane","project":{"path_with_namespace":"group/my-api"}}""".formatted(kind, ref, SHA2, after, checkoutSha == null ? "null" : "\"" + checkoutSha + "\"");
    }

    public static String giteaPush(String ref, String after) {
        return """
                {"ref":"%s","before":"%s","after":"%s","repository":{"full_name":"gitea/my-api"},
                 "pusher":{"login":"gitea-user"},"sender":{"login":"gitea-user"}}""".formatted(ref, SHA2, after);
    }

    /** A Bitbucket Cloud change: {@code newName} null means the ref was deleted. */
    public static String bitbucketChange(String type, String name, String hash, boolean deleted) {
        String side = """
                {"type":"%s","name":"%s","target":{"type":"commit","hash":"%s"}}""".formatted(type, name, hash);
        return deleted
                ? "{\"new\":null,\"old\":" + side + ",\"created\":false,\"closed\":true}"
                : "{\"new\":" + side + ",\"old\":null,\"created\":true,\"closed\":false}";
    }

    public static String bitbucketCloudPush(String... changes) {
        return """
                {"actor":{"nickname":"bb-user","display_name":"BB User"},
                 "repository":{"full_name":"team/my-api"},"push":{"changes":[%s]}}""".formatted(String.join(",", changes));
    }

    public static String bitbucketServerPush(String type, String displayId, String toHash, String changeType) {
        return """
                {"eventKey":"repo:refs_changed","actor":{"name":"admin"},
                 "repository":{"slug":"my-api","project":{"key":"PRJ"}},
                 "changes":[{"ref":{"id":"refs/heads/%s","displayId":"%s","type":"%s"},
                   "refId":"refs/heads/%s","fromHash":"%s","toHash":"%s","type":"%s"}]}""".formatted(displayId, displayId, type, displayId, SHA2, toHash, changeType);
    }

    public static String hmacHex(String secret, String body) {
        return HexFormat.of()
                .formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
